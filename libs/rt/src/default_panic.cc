// Weak default for the rt_panic hook (rt/hooks.h): print the reason and exit
// with rt::exit_panic. Alone in its archive member, so it is linked only if
// nobody defines rt_panic.
#include "rt/hooks.h"

namespace {
unsigned length(const char* s)
{
    unsigned n = 0;
    while (s[n] != '\0')
        ++n;
    return n;
}
} // namespace

extern "C" __attribute__((weak)) void rt_panic(const char* message)
{
    rt_write("panic: ", 7);
    rt_write(message, length(message));
    rt_write("\n", 1);
    rt_exit(rt::exit_panic);
}
