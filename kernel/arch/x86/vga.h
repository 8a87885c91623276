// The VGA text screen (80x25 at physical 0xB8000), a second kernel console
// for people watching QEMU's window. User-level console servers take over
// the screen later; the kernel keeps writing to serial only after that.
#pragma once
#include <stdint.h>
namespace x86::vga {
constexpr uint32_t text_buffer = 0xb8000;    // physical address of the cells
void init();
void write(const char* s, unsigned n);
void release();    // stop drawing: a user-level driver owns the screen now
} // namespace x86::vga
