// The VGA text screen (80x25 at physical 0xB8000), a second kernel console
// for people watching QEMU's window. User-level console servers take over
// the screen later; the kernel keeps writing to serial only after that.
#pragma once
namespace x86::vga {
void init();
void write(const char* s, unsigned n);
void release();    // stop drawing: a user-level driver owns the screen now
} // namespace x86::vga
