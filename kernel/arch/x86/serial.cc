#include "serial.h"
#include "cpu.h"

namespace x86::serial {

namespace {
constexpr uint16_t com1 = 0x3f8;
constexpr uint16_t data = com1, interrupt_enable = com1 + 1, fifo = com1 + 2,
                   line_control = com1 + 3, modem_control = com1 + 4, line_status = com1 + 5;
constexpr uint8_t transmit_empty = 0x20;

void put(char c)
{
    while ((inb(line_status) & transmit_empty) == 0) {
    }
    outb(data, static_cast<uint8_t>(c));
}
} // namespace

void init()
{
    outb(interrupt_enable, 0x00);   // polled: the kernel never takes serial IRQs
    outb(line_control, 0x80);       // divisor latch
    outb(data, 0x01);               // 115200 baud
    outb(interrupt_enable, 0x00);
    outb(line_control, 0x03);       // 8N1
    outb(fifo, 0xc7);
    outb(modem_control, 0x03);
}

void write(const char* s, unsigned n)
{
    for (unsigned i = 0; i < n; ++i) {
        if (s[i] == '\n')
            put('\r');
        put(s[i]);
    }
}

} // namespace x86::serial
