// Interrupts as IPC: the CMOS real-time clock's periodic interrupt (IRQ 8)
// reaches the associated thread as a message; acknowledging unmasks it.
#include "child.h"
#include "ktest.h"

namespace ktest {
namespace {

constexpr L4_Word_t rtc_index = 0x70, rtc_data = 0x71, rtc_irq = 8;
constexpr uint8_t reg_a = 0x0a, reg_b = 0x0b, reg_c = 0x0c, no_nmi = 0x80;
constexpr uint8_t periodic_enable = 0x40, rate_64hz = 0x0a;

void outb(L4_Word_t port, uint8_t v) { asm volatile("outb %0, %w1" ::"a"(v), "Nd"(port)); }
uint8_t inb(L4_Word_t port)
{
    uint8_t v;
    asm volatile("inb %w1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
uint8_t rtc_read(uint8_t reg)
{
    outb(rtc_index, no_nmi | reg);
    return inb(rtc_data);
}
void rtc_write(uint8_t reg, uint8_t v)
{
    outb(rtc_index, no_nmi | reg);
    outb(rtc_data, v);
}

// A child without ports tries to use one: #GP, reported to its pager (us).
void port_user_child(L4_Word_t) { report(inb(rtc_data)); }

bool interrupt_delivery()
{
    L4_ThreadId_t sigma0{kip->sigma0_thread};
    CHECK(L4_Sigma0_GetPage(sigma0, L4_IoFpage(rtc_index, 1), L4_Nilpage));
    L4_ThreadId_t irq = L4_InterruptThread(rtc_irq);
    CHECK(L4_InterruptControl(irq, root));
    rtc_write(reg_a, static_cast<uint8_t>((rtc_read(reg_a) & 0xf0) | rate_64hz));
    rtc_write(reg_b, rtc_read(reg_b) | periodic_enable);
    rtc_read(reg_c);                                   // clear anything pending

    L4_Word64_t start = L4_SystemClock();
    L4_MsgTag_t tag = L4_Receive_Timeout(irq, milliseconds(1000));
    for (int n = 0; n < 5; ++n) {
        CHECK(L4_IpcSucceeded(tag) && L4_Label(tag) == kapi::label::interrupt);
        rtc_read(reg_c);                               // the device's own acknowledge
        // Acknowledge to the kernel (unmask) and wait for the next one.
        tag = L4_Ipc(irq, irq, L4_Timeouts(L4_Never, milliseconds(1000)), nullptr);
    }
    CHECK(L4_IpcSucceeded(tag));
    L4_Word64_t elapsed = L4_SystemClock() - start;
    CHECK(elapsed >= 5 * 10000);                      // 64 Hz: about 15.6 ms apart
    rtc_write(reg_b, rtc_read(reg_b) & ~periodic_enable);
    CHECK(L4_InterruptControl(irq, L4_nilthread));

    // Without the association, nothing arrives, and a send to the interrupt
    // thread is refused.
    tag = L4_Receive_Timeout(irq, milliseconds(50));
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout);
    L4_LoadMR(0, 0);
    tag = L4_Send_Timeout(irq, L4_ZeroTime);
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrNoPartner);

    // A space that was not given the port cannot use it.
    Child c;
    CHECK(spawn(c, port_user_child, 0));
    L4_ThreadId_t from;
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == kapi::label::exception && L4_MR(kapi::exception::vector) == 13);
    kill(c);
    return true;
}

} // namespace

const Test interrupt_tests[] = {
    {"interrupt_delivery", interrupt_delivery, false},
    {nullptr, nullptr, false},
};

} // namespace ktest
