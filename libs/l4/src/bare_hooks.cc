// libs/rt's output and exit hooks for a program with nothing but the kernel
// (arc_program RUNTIME bare): text goes to the kernel console, exit halts the
// thread. Programs under a P3 get other hooks from libs/arc (arc-process).
#include "l4/kdebug.h"
#include "rt/hooks.h"

extern "C" void rt_write(const char* text, unsigned length) { L4_KDB_Write(text, length); }

extern "C" [[noreturn]] void rt_exit(int)
{
    for (;;)
        L4_Stop(L4_Myself());
}
