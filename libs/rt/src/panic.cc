// rt::panic and assertion failures: format the reason on the stack, then hand
// it to the rt_panic hook, which never returns.
#include "rt/assert.h"
#include "rt/hooks.h"
#include "rt/panic.h"

namespace rt {

void vpanic(const char* fmt, va_list args)
{
    char message[panic_message_size];
    vsnprintf(message, sizeof(message), fmt, args);
    rt_panic(message);
}

void panic(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vpanic(fmt, args);
}

void assert_failed(const char* expression, const char* file, int line, const char* function)
{
    panic("assertion failed: %s (%s:%d, in %s)", expression, file, line, function);
}

} // namespace rt
