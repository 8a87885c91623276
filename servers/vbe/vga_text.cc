#include "vga_text.h"
#include "arc/injection.h"
#include "arc/pager.h"
#include "arc/port_io.h"

namespace vbe {

namespace {

using arc::port_io::in8;
using arc::port_io::out8;

// Bit 7 of the vertical retrace end register write-protects CRTC 0..7.
constexpr uint8_t crtc_vertical_retrace_end = 0x11;
constexpr uint8_t crtc_protect = 0x80;
constexpr unsigned restore_attempts = 4;      // and reads until two agree

uint8_t read_indexed(uint16_t index_port, uint16_t data_port, uint8_t index)
{
    out8(index_port, index);
    return in8(data_port);
}

// Reads until two reads agree (another process may move the index between
// our index write and our read: the console moves the cursor through the
// same CRT controller ports).
uint8_t read_stable(uint16_t index_port, uint16_t data_port, uint8_t index)
{
    uint8_t value = read_indexed(index_port, data_port, index);
    for (unsigned i = 0; i < restore_attempts; ++i) {
        uint8_t again = read_indexed(index_port, data_port, index);
        if (again == value)
            break;
        value = again;
    }
    return value;
}

// Writes until it reads back (another process may move the index between).
void write_indexed(uint16_t index_port, uint16_t data_port, uint8_t index, uint8_t value)
{
    for (unsigned i = 0; i < restore_attempts; ++i) {
        out8(index_port, index);
        out8(data_port, value);
        if (read_indexed(index_port, data_port, index) == value)
            return;
    }
}

} // namespace

arc::Status claim_vga_ports()
{
    arc::Status s = arc::pager::request_ports(vga_port::dac_first, vga_port::dac_count);
    if (s == arc::Status::ok)
        s = arc::pager::request_ports(vga_port::graphics_index, vga_port::graphics_count);
    if (s == arc::Status::ok)
        s = arc::pager::request_ports(vga_port::crtc_index, vga_port::crtc_count);
    return s;
}

void save_text(TextState& s)
{
    for (unsigned i = 0; i < TextState::graphics_registers; ++i)
        s.graphics[i] = read_stable(vga_port::graphics_index, vga_port::graphics_data, static_cast<uint8_t>(i));
    for (unsigned i = 0; i < TextState::crtc_registers; ++i)
        s.crtc[i] = read_stable(vga_port::crtc_index, vga_port::crtc_data, static_cast<uint8_t>(i));
    out8(vga_port::dac_read_index, 0);
    for (uint8_t& b : s.palette)
        b = in8(vga_port::dac_data);
}

void restore_text(const TextState& s)
{
    for (unsigned i = 0; i < TextState::graphics_registers; ++i)
        write_indexed(vga_port::graphics_index, vga_port::graphics_data, static_cast<uint8_t>(i), s.graphics[i]);
    uint8_t retrace_end = s.crtc[crtc_vertical_retrace_end];
    write_indexed(vga_port::crtc_index, vga_port::crtc_data, crtc_vertical_retrace_end,
                  static_cast<uint8_t>(retrace_end & ~crtc_protect));
    for (unsigned i = 0; i < TextState::crtc_registers; ++i)
        if (i != crtc_vertical_retrace_end)
            write_indexed(vga_port::crtc_index, vga_port::crtc_data, static_cast<uint8_t>(i), s.crtc[i]);
    write_indexed(vga_port::crtc_index, vga_port::crtc_data, crtc_vertical_retrace_end, retrace_end);
    out8(vga_port::dac_write_index, 0);
    for (uint8_t b : s.palette)
        out8(vga_port::dac_data, b);
}

void load_palette(uint32_t first, const uint32_t* entries, uint32_t count)
{
    out8(vga_port::dac_write_index, static_cast<uint8_t>(first));
    for (uint32_t i = 0; i < count; ++i) {
        out8(vga_port::dac_data, static_cast<uint8_t>(entries[i] >> 16));
        out8(vga_port::dac_data, static_cast<uint8_t>(entries[i] >> 8));
        out8(vga_port::dac_data, static_cast<uint8_t>(entries[i]));
        arc::injection_point();
    }
}

} // namespace vbe
