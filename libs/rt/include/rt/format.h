// printf-style formatting into a caller-chosen sink. Freestanding: no heap, no
// hooks, no global state, so the kernel uses it for its console and panics.
//
// Conversions: %d %i %u %x %X %o %c %s %p %%
// Flags: - 0 + space #        Width and precision: digits or *
// Length modifiers: hh h l ll z j t
//
// Differences from C's printf, on purpose:
//  - %p prints "0x" and every hex digit of the pointer (0x0000abcd on i686),
//    so addresses line up in logs; nullptr prints 0x00000000.
//  - %s with nullptr prints "(null)" (cut by the precision like any string).
//  - No floating point (the target has no FPU state) and no %n. An unknown or
//    unsupported conversion is printed as written and consumes no argument.
//  - Widths and precisions are capped at max_width.
#pragma once
#include <stdarg.h>
#include "rt/types.h"

#define RT_PRINTF_LIKE(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))

namespace rt {

// Where formatted text goes: a function and its context, so any console,
// buffer or IPC message can be a sink without virtual functions (no vtable,
// no __cxa_pure_virtual: the kernel links this without rt's C++ runtime).
// A sink receives text in pieces, without a terminating NUL.
struct Sink {
    using PutFn = void (*)(void* context, const char* text, size_t length);
    PutFn put_fn;
    void* context;

    void put(const char* text, size_t length) const { put_fn(context, text, length); }
};

constexpr int max_width = 4096;

// Formats into `sink`; returns the number of characters produced.
size_t format(const Sink& sink, const char* fmt, ...) RT_PRINTF_LIKE(2, 3);
size_t vformat(const Sink& sink, const char* fmt, va_list args) RT_PRINTF_LIKE(2, 0);

// As C's snprintf: writes at most size - 1 characters and a NUL (when size >
// 0; buffer may be nullptr when size is 0) and returns the length the whole
// text would have had, so a result >= size means it was truncated.
int snprintf(char* buffer, size_t size, const char* fmt, ...) RT_PRINTF_LIKE(3, 4);
int vsnprintf(char* buffer, size_t size, const char* fmt, va_list args) RT_PRINTF_LIKE(3, 0);

} // namespace rt
