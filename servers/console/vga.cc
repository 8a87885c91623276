#include "vga.h"
#include "arc/port_io.h"

namespace console::vga {

namespace {
using arc::port_io::out8;

constexpr uint16_t crtc_data = crtc_index + 1;
// CRT controller registers.
constexpr uint8_t cursor_start = 0x0a, cursor_end = 0x0b, cursor_high = 0x0e, cursor_low = 0x0f;
// An underline cursor: scan lines 14 and 15 of the 16 of a character (and
// bit 5 of cursor_start clear: the cursor is on).
constexpr uint8_t underline_first = 14, underline_last = 15;
constexpr unsigned bits_per_byte = 8;
constexpr uint8_t low_byte = 0xff;

void crtc_write(uint8_t reg, uint8_t value)
{
    out8(crtc_index, reg);
    out8(crtc_data, value);
}
} // namespace

void show_cursor()
{
    crtc_write(cursor_start, underline_first);
    crtc_write(cursor_end, underline_last);
}

void move_cursor(unsigned cell)
{
    crtc_write(cursor_high, static_cast<uint8_t>((cell >> bits_per_byte) & low_byte));
    crtc_write(cursor_low, static_cast<uint8_t>(cell & low_byte));
}

} // namespace console::vga
