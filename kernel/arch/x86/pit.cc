#include "pit.h"
#include "cpu.h"

namespace x86::pit {

namespace {
constexpr uint32_t input_hz = 1193182;
constexpr uint16_t channel0 = 0x40, command = 0x43;
constexpr uint8_t rate_generator_lohi = 0x34;   // channel 0, lo/hi byte, mode 2
} // namespace

void init()
{
    uint16_t divisor = static_cast<uint16_t>((input_hz + tick_hz / 2) / tick_hz);
    outb(command, rate_generator_lohi);
    outb(channel0, divisor & 0xff);
    outb(channel0, divisor >> 8);
}

} // namespace x86::pit
