// The VGA text screen's hardware: where its cells are and the CRT
// controller's cursor. What is drawn is Screen's business (screen.h).
#pragma once
#include <stdint.h>

namespace console::vga {

// The resources the policy file must grant the console (root-task/policy).
constexpr uint32_t text_buffer = 0xb8000;        // 80x25 cells, colour text mode
constexpr uint32_t text_buffer_size = 0x1000;    // one page (4000 bytes used)
constexpr uint16_t crtc_index = 0x3d4;           // CRT controller: index, data
constexpr unsigned crtc_port_count = 2;

// Turns the hardware cursor on as an underline.
void show_cursor();
// Puts the hardware cursor on cell `cell` (row * 80 + column).
void move_cursor(unsigned cell);

} // namespace console::vga
