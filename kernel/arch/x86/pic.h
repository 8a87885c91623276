// The two cascaded 8259A interrupt controllers, remapped to vectors 32..47.
#pragma once
#include <stdint.h>
namespace x86::pic {
constexpr unsigned vector_base = 32;
constexpr unsigned irq_count = 16;
constexpr unsigned cascade_irq = 2;
void init();                   // all lines masked except the cascade
void mask(unsigned irq);
void unmask(unsigned irq);
void end_of_interrupt(unsigned irq);
bool is_spurious(unsigned irq); // IRQ 7/15 without the in-service bit set
} // namespace x86::pic
