// Basic types for freestanding code: size_t, uintN_t, INT_MAX ... come from the
// compiler's own headers (never from a host C library), so this header is the
// same on the i686 target and in host unit tests.
#pragma once
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

namespace rt {

using uptr = uintptr_t;

// Rounds `value` down / up to a multiple of `align`, which must be a power of two.
constexpr uptr align_down(uptr value, uptr align) { return value & ~(align - 1); }
constexpr uptr align_up(uptr value, uptr align) { return (value + align - 1) & ~(align - 1); }
constexpr bool is_power_of_two(uptr value) { return value != 0 && (value & (value - 1)) == 0; }

} // namespace rt
