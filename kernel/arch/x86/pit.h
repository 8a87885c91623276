// The 8254 programmable interval timer, channel 0: the kernel's clock tick.
#pragma once
#include <stdint.h>
namespace x86::pit {
constexpr unsigned irq = 0;
constexpr uint32_t tick_hz = 1000;           // one tick per millisecond
constexpr uint32_t us_per_tick = 1000000 / tick_hz;
void init();
} // namespace x86::pit
