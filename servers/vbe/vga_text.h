// The console's text screen, kept while a graphics mode is on. Turning the
// Bochs interface on rewrites some VGA graphics controller and CRT
// controller registers (memory map, odd/even, line offset, display end ...)
// and, in 8-bit modes, the client loads its own palette; turning it off
// does not put them back. So the driver saves those registers and the DAC's
// palette before the first mode, and restores them when the screen is
// released. The text and the font stay in video memory below text_reserve
// (modes.h), which no mode touches.
#pragma once
#include <stdint.h>
#include "arc/status.h"

namespace vbe {

namespace vga_port {
constexpr uint16_t dac_read_index = 0x3c7;
constexpr uint16_t dac_write_index = 0x3c8;
constexpr uint16_t dac_data = 0x3c9;
constexpr uint16_t dac_first = 0x3c7, dac_count = 3;
constexpr uint16_t graphics_index = 0x3ce, graphics_data = 0x3cf;
constexpr uint16_t graphics_count = 2;
// The CRT controller at its colour address (the text console's mode 3).
constexpr uint16_t crtc_index = 0x3d4, crtc_data = 0x3d5;
constexpr uint16_t crtc_count = 2;
} // namespace vga_port

struct TextState {
    static constexpr unsigned graphics_registers = 9;     // 0x00 .. 0x08
    static constexpr unsigned crtc_registers = 0x19;      // 0x00 .. 0x18
    static constexpr unsigned palette_bytes = 256 * 3;

    uint8_t graphics[graphics_registers];
    uint8_t crtc[crtc_registers];
    uint8_t palette[palette_bytes];       // red, green, blue of each entry (6 bits each)
};

// The VGA ports above, from the P3 (again after every restart).
arc::Status claim_vga_ports();
void save_text(TextState& s);
// Puts the registers and the palette back (with the Bochs interface off).
// The console's cursor updates share the CRT controller's index port: a
// register that does not read back as written is written again.
void restore_text(const TextState& s);

// Loads `count` palette entries from `first` on (0x00RRGGBB, 8 bits each:
// the 8-bit modes run the DAC with 8-bit entries).
void load_palette(uint32_t first, const uint32_t* entries, uint32_t count);

} // namespace vbe
