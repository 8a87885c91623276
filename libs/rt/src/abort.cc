// C's abort(), for code that calls it (and for the compiler's own use). Kept
// out of panic.cc so host tests can link panic.cc without replacing the host
// C library's abort.
#include "rt/panic.h"

extern "C" [[noreturn]] void abort() noexcept
{
    rt::panic("abort() called");
}
