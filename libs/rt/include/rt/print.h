// printf for programs: formats with rt::format (rt/format.h) and writes the
// text through the rt_write hook (rt/hooks.h), in pieces of at most
// print_buffer_size bytes. Part of arc-rt, not arc-rt-core: the kernel has its
// own console sink.
#pragma once
#include <stdarg.h>
#include "rt/format.h"

namespace rt {

constexpr size_t print_buffer_size = 128;

// Returns the number of characters written.
int print(const char* fmt, ...) RT_PRINTF_LIKE(1, 2);
int vprint(const char* fmt, va_list args) RT_PRINTF_LIKE(1, 0);

} // namespace rt
