#include "port.h"
#include "arc/pager.h"
#include "arc/port_io.h"
#include "l4/l4.h"

namespace parallel {

namespace {

using arc::port_io::in8;
using arc::port_io::out8;

void out(uint16_t r, uint8_t v) { out8(static_cast<uint16_t>(lpt1::base + r), v); }
uint8_t in(uint16_t r) { return in8(static_cast<uint16_t>(lpt1::base + r)); }
void sleep_ms(L4_Word_t ms) { L4_Sleep(L4_TimePeriod(ms * 1000ull)); }
bool ready() { return in(reg::status) & status::not_busy; }

} // namespace

arc::Status Port::claim()
{
    arc::Status s = arc::pager::request_ports(lpt1::base, lpt1::port_count);
    return s == arc::Status::ok ? arc::pager::attach_interrupt(lpt1::irq) : s;
}

void Port::initialize()
{
    out(reg::control, control::select);          // INIT asserted
    sleep_ms(init_pulse_ms);
    out(reg::control, control::idle);
}

bool Port::wait_ready()
{
    for (unsigned i = 0; i < quick_polls; ++i)
        if (ready())
            return true;
    for (L4_Word_t waited = 0; waited < ready_timeout_ms; ++waited) {
        sleep_ms(1);
        if (ready())
            return true;
    }
    return false;
}

void Port::strobe(uint8_t byte)
{
    out(reg::data, byte);
    out(reg::control, control::idle | control::strobe);
}

void Port::settle()
{
    sleep_ms(strobe_hold_ms);
    out(reg::control, control::idle);
    sleep_ms(strobe_hold_ms);
}

} // namespace parallel
