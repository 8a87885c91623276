// ART's runtime hooks: ART talks to the kernel only, has no heap (its tables
// are static or in frames it took), and must never end: if it does, the
// system is down, and says so on the way out.
#include "l4/kdebug.h"
#include "rt/hooks.h"

extern "C" void rt_write(const char* text, unsigned length) { L4_KDB_Write(text, length); }

extern "C" void rt_exit(int)
{
    L4_KDB_Write("art: exited; the system is down\n", 33);
    L4_KDB_Shutdown(kapi::exit_code::fail);
    for (;;)
        L4_Sleep(L4_Never);
}

extern "C" void* rt_morecore(unsigned) { return nullptr; }

extern "C" void rt_panic(const char* message)
{
    L4_KDB_Write("art: panic: ", 12);
    unsigned n = 0;
    while (message[n])
        ++n;
    L4_KDB_Write(message, n);
    L4_KDB_Write("\n", 1);
    rt_exit(1);
}
