// ports [IRQ PORT]: asks its P3 for an interrupt and an I/O port the policy
// does not grant it (by default the keyboard's, IRQ 1 and port 0x60), prints
// each refusal, then reads the port directly with inb, which must fault
// (#GP): a program gets hardware only through the policy.
#include <stdint.h>
#include "arc/pager.h"
#include "rt/print.h"

namespace {
constexpr L4_Word_t keyboard_irq = 1;
constexpr L4_Word_t keyboard_data_port = 0x60;
constexpr L4_Word_t max_port = 0xffff;      // IA-32 has 64 Ki I/O ports
constexpr int granted = 1;        // anything granted is a failure of this test
constexpr int usage_error = 2;

bool parse(const char* text, L4_Word_t& value)
{
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    L4_Word_t base = hex ? 16 : 10;
    text += hex ? 2 : 0;
    if (*text == '\0')
        return false;
    value = 0;
    for (; *text; ++text) {
        char c = *text;
        L4_Word_t d = (c >= '0' && c <= '9') ? static_cast<L4_Word_t>(c - '0')
                      : (hex && c >= 'a' && c <= 'f') ? static_cast<L4_Word_t>(c - 'a' + 10)
                                                      : base;
        if (d >= base)
            return false;
        value = value * base + d;
        if (value > max_port)
            return false;
    }
    return true;
}

uint8_t inb(uint16_t port)
{
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}
} // namespace

int main(int argc, char** argv)
{
    L4_Word_t irq = keyboard_irq;
    L4_Word_t port = keyboard_data_port;
    if (argc != 1 && (argc != 3 || !parse(argv[1], irq) || !parse(argv[2], port))) {
        rt::print("ports: usage: ports [IRQ PORT]\n");
        return usage_error;
    }
    arc::Status s = arc::pager::attach_interrupt(irq);
    rt::print("ports: attach IRQ %u: %s\n", static_cast<unsigned>(irq), arc::describe(s));
    bool any_granted = s == arc::Status::ok;
    s = arc::pager::request_ports(port, 1);
    rt::print("ports: request port 0x%x: %s\n", static_cast<unsigned>(port), arc::describe(s));
    any_granted = any_granted || s == arc::Status::ok;
    if (any_granted)
        return granted;
    rt::print("ports: inb 0x%x without permission (must fault)\n", static_cast<unsigned>(port));
    uint8_t value = inb(static_cast<uint16_t>(port));
    rt::print("ports: inb 0x%x = 0x%02x without a fault\n", static_cast<unsigned>(port), value);
    return granted;
}
