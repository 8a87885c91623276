// Panics: the program cannot go on. The message is formatted into a bounded
// stack buffer (no heap: the heap may be what is broken) and handed to the
// rt_panic hook (rt/hooks.h), which reports it and ends the program.
#pragma once
#include <stdarg.h>
#include "rt/format.h"

namespace rt {

// Longest panic message kept; longer ones are cut.
constexpr size_t panic_message_size = 256;

[[noreturn]] void panic(const char* fmt, ...) RT_PRINTF_LIKE(1, 2);
[[noreturn]] void vpanic(const char* fmt, va_list args) RT_PRINTF_LIKE(1, 0);

} // namespace rt
