#include "arc/injection.h"
#include "arc/layout.h"
#include "arc/pager.h"
#include "l4/l4.h"

// user.ld: the server's own persistent data (after the framework's record).
extern "C" char __pdata_user[], __pdata_end[];

namespace arc {

namespace {
using recovery::ControlPage;
using recovery::Injection;

ControlPage& control() { return *reinterpret_cast<ControlPage*>(layout::control_page); }

// A word of the server's .pdata turned into its complement: a change that
// is sure to be one.
void wild_write(L4_Word_t offset)
{
    L4_Word_t size = static_cast<L4_Word_t>(__pdata_end - __pdata_user) & ~3u;
    if (size == 0)
        return;
    auto* word = reinterpret_cast<volatile L4_Word_t*>(__pdata_user + (offset & ~3u) % size);
    *word = ~*word;
}
} // namespace

void injection_point()
{
    ControlPage& c = control();
    if (c.inject == static_cast<L4_Word_t>(Injection::none))
        return;
    if (c.inject_after) {
        c.inject_after = c.inject_after - 1;
        return;
    }
    auto i = static_cast<Injection>(c.inject);
    c.inject = static_cast<L4_Word_t>(Injection::none);     // once
    commit_fault(i, c.inject_argument);
}

void commit_fault(Injection i, L4_Word_t argument)
{
    switch (i) {
    case Injection::none: return;
    case Injection::null_dereference: {
        volatile L4_Word_t null = 0;      // volatile: the compiler may not see it is null
        *reinterpret_cast<volatile L4_Word_t*>(null) = 1;
        return;
    }
    case Injection::divide_by_zero:
        asm volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" ::: "eax", "ecx", "edx");
        return;
    case Injection::invalid_opcode:
        asm volatile("ud2");
        return;
    case Injection::endless_loop:
        for (;;)
            asm volatile("");
    case Injection::panic:
        pager::panic("injected panic");
    case Injection::wild_write:
        wild_write(argument);
        return;
    }
}

} // namespace arc
