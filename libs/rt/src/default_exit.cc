// Weak default for the rt_exit hook (rt/hooks.h). Without a system call to end
// the program, raise an invalid-opcode exception: the kernel reports it to the
// thread's exception handler, which is how a pager learns the program ended.
// Alone in its archive member, so it is linked only if nobody defines rt_exit.
#include "rt/hooks.h"

extern "C" __attribute__((weak)) void rt_exit(int)
{
    for (;;)
        __builtin_trap();
}
