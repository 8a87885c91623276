// COM1, the first serial port, a 16550A UART: polled output (the transmitter
// is never the bottleneck at 115200 baud under QEMU), interrupt-driven input.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace console::uart {

// The resources the policy file must grant the console (root-task/policy).
constexpr uint16_t base = 0x3f8;
constexpr unsigned port_count = 8;
constexpr unsigned irq = 4;

// Programs the FIFO and the modem lines and enables the receive interrupt.
// The line speed and format stay as the kernel set them (115200 8N1): the
// kernel writes to the same line.
void init();
// Writes `text`, each \n as CR LF (what terminals expect).
void write(const char* text, size_t length);
// Reads the bytes the UART has received, up to `capacity`; returns how many.
// Reading them all lowers the interrupt line, so the next byte interrupts.
size_t receive(char* out, size_t capacity);

} // namespace console::uart
