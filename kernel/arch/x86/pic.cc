#include "pic.h"
#include "cpu.h"

namespace x86::pic {

namespace {
constexpr uint16_t master_cmd = 0x20, master_data = 0x21, slave_cmd = 0xa0, slave_data = 0xa1;
constexpr uint8_t icw1_init = 0x11, icw4_8086 = 0x01, eoi = 0x20, read_isr = 0x0b;

// The current mask, so mask/unmask need no read of the PIC.
uint16_t masked = 0xffff;

void write_mask()
{
    outb(master_data, masked & 0xff);
    outb(slave_data, masked >> 8);
}
} // namespace

void init()
{
    outb(master_cmd, icw1_init);
    io_wait();
    outb(slave_cmd, icw1_init);
    io_wait();
    outb(master_data, vector_base);
    outb(slave_data, vector_base + 8);
    outb(master_data, 1 << cascade_irq);   // slave on IRQ 2
    outb(slave_data, cascade_irq);
    outb(master_data, icw4_8086);
    outb(slave_data, icw4_8086);
    masked = 0xffff & ~(1u << cascade_irq);
    write_mask();
}

void mask(unsigned irq)
{
    masked |= uint16_t(1u << irq);
    write_mask();
}

void unmask(unsigned irq)
{
    masked &= uint16_t(~(1u << irq));
    write_mask();
}

void end_of_interrupt(unsigned irq)
{
    if (irq >= 8)
        outb(slave_cmd, eoi);
    outb(master_cmd, eoi);
}

bool is_spurious(unsigned irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t cmd = irq == 7 ? master_cmd : slave_cmd;
    outb(cmd, read_isr);
    if (inb(cmd) & 0x80)
        return false;
    if (irq == 15)
        outb(master_cmd, eoi);   // the master did see the cascade interrupt
    return true;
}

} // namespace x86::pic
