// rtcdriver: a driver under a P3. The policy grants it the CMOS clock's
// interrupt (IRQ 8) and ports (0x70, 0x71); it asks its pager for them,
// takes three periodic interrupts as IPC, detaches the interrupt again, and
// prints "rtcdriver: ok". The system test also checks that a second detach
// is refused and that a line it never had cannot be detached.
#include "arc/pager.h"
#include "arc/port_io.h"
#include "l4/l4.h"
#include "rt/print.h"

namespace {

constexpr L4_Word_t irq = 8, index_port = 0x70, data_port = 0x71;
constexpr uint8_t no_nmi = 0x80, reg_a = 0x0a, reg_b = 0x0b, reg_c = 0x0c;
constexpr uint8_t periodic = 0x40, rate_64hz = 0x0a;

uint8_t read_register(uint8_t r)
{
    arc::port_io::out8(index_port, no_nmi | r);
    return arc::port_io::in8(data_port);
}

void write_register(uint8_t r, uint8_t v)
{
    arc::port_io::out8(index_port, no_nmi | r);
    arc::port_io::out8(data_port, v);
}

int fail(const char* what, arc::Status s)
{
    rt::print("rtcdriver: FAIL %s: %s\n", what, arc::describe(s));
    return 1;
}

} // namespace

int main()
{
    arc::Status s;
    if ((s = arc::pager::request_ports(index_port, 2)) != arc::Status::ok)
        return fail("request_ports", s);
    if ((s = arc::pager::attach_interrupt(irq)) != arc::Status::ok)
        return fail("attach_interrupt", s);
    write_register(reg_a, static_cast<uint8_t>((read_register(reg_a) & 0xf0) | rate_64hz));
    write_register(reg_b, read_register(reg_b) | periodic);
    read_register(reg_c);                                  // clear anything pending

    L4_ThreadId_t line = L4_InterruptThread(irq);
    L4_MsgTag_t tag = L4_Receive_Timeout(line, L4_TimePeriod(1000000));
    for (int n = 0; n < 3; ++n) {
        if (L4_IpcFailed(tag) || L4_Label(tag) != kapi::label::interrupt)
            return fail("an interrupt", arc::Status::unavailable);
        read_register(reg_c);                              // the device's acknowledge
        tag = L4_Ipc(line, line, L4_Timeouts(L4_Never, L4_TimePeriod(1000000)), nullptr);
    }
    write_register(reg_b, read_register(reg_b) & ~periodic);
    if ((s = arc::pager::detach_interrupt(irq)) != arc::Status::ok)
        return fail("detach_interrupt", s);
    if (arc::pager::detach_interrupt(irq) != arc::Status::not_found)
        return fail("a second detach was accepted", arc::Status::ok);
    if (arc::pager::detach_interrupt(1) != arc::Status::not_found)
        return fail("detaching the keyboard's line was accepted", arc::Status::ok);
    rt::print("rtcdriver: 3 interrupts, detached: ok\n");
    return 0;
}
