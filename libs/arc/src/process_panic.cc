// rt_panic of a supervised process: print the reason, then tell the P3.
#include "arc/pager.h"
#include "rt/hooks.h"
#include "rt/string.h"

extern "C" void rt_panic(const char* message)
{
    rt_write("panic: ", 7);
    rt_write(message, static_cast<unsigned>(strlen(message)));
    rt_write("\n", 1);
    arc::pager::panic(message);
}
