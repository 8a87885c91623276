// The kernel console: serial line and VGA text screen.
#pragma once
#include <stdarg.h>

namespace kernel {
void console_init();
void console_write(const char* s, unsigned n);
void kprint(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void vkprint(const char* fmt, va_list ap);
} // namespace kernel
