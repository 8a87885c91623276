#include "dispi.h"
#include "modes.h"
#include "arc/injection.h"
#include "arc/pager.h"
#include "arc/port_io.h"

namespace vbe {

using arc::port_io::in16;
using arc::port_io::out16;

void Dispi::write(uint16_t index, uint16_t value)
{
    out16(port::index, index);
    out16(port::data, value);
}

uint16_t Dispi::read(uint16_t index)
{
    out16(port::index, index);
    return in16(port::data);
}

arc::Status Dispi::claim() { return arc::pager::request_ports(port::index, port::dispi_count); }

bool Dispi::probe(Card& card)
{
    write(reg::id, id::newest);
    uint16_t version = read(reg::id);
    if (version < id::oldest || version > id::newest)
        return false;
    card.interface_id = version;
    card.video_memory = uint32_t(read(reg::video_memory_64k)) * 64 * 1024;
    // With get_caps set (and the interface off), the resolution and depth
    // registers read back the card's maxima.
    uint16_t was = read(reg::enable);
    write(reg::enable, static_cast<uint16_t>((was & ~enable::enabled) | enable::get_caps));
    card.max_width = read(reg::xres);
    card.max_height = read(reg::yres);
    card.max_bpp = read(reg::bpp);
    write(reg::enable, static_cast<uint16_t>(was & ~enable::get_caps));
    return card.video_memory > text_reserve;
}

void Dispi::set_mode(const arc::display::Mode& m)
{
    // Off first: the card takes the geometry only while off, and resets the
    // virtual width and offsets when it is turned on again.
    write(reg::enable, enable::disabled);
    arc::injection_point();
    write(reg::xres, static_cast<uint16_t>(m.width));
    write(reg::yres, static_cast<uint16_t>(m.height));
    write(reg::bpp, static_cast<uint16_t>(m.bpp));
    arc::injection_point();
    uint16_t on = enable::enabled | enable::lfb | enable::no_clear;
    if (m.bpp == 8)
        on |= enable::dac_8bit;
    write(reg::enable, on);
    write(reg::virt_width, static_cast<uint16_t>(m.width));   // lines of exactly `pitch` bytes
    arc::injection_point();
    set_first_line(static_cast<uint16_t>(first_line(m, 0)));
}

void Dispi::set_first_line(uint16_t line)
{
    write(reg::x_offset, 0);
    arc::injection_point();                 // a failure between two registers: Recover() finishes it
    write(reg::y_offset, line);
}

void Dispi::disable() { write(reg::enable, enable::disabled); }

Registers Dispi::read()
{
    return {read(reg::enable), read(reg::xres), read(reg::yres), read(reg::bpp), read(reg::y_offset)};
}

} // namespace vbe
