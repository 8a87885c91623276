// 64-bit division helpers. Clang on i686 compiles a 64-bit `/` or `%` into a
// call to these libgcc / compiler-rt functions; we link no libgcc, so rt
// provides them (arc-rt-core, usable by the kernel).
//
// The code must not itself divide 64-bit values (that would call itself): it
// uses a 32-bit division when both operands fit in 32 bits and otherwise
// binary long division over the significant bits only.
//
// Division by zero is undefined behaviour in C++; like a hardware `div` it
// raises #DE here (a 32-bit division by zero), so the fault is reported
// instead of returning garbage.
//
// RT_C_NAME lets host unit tests compile this file under other names.
#include "rt/types.h"

#ifndef RT_C_NAME
#define RT_C_NAME(name) name
#endif

namespace {

// Raises the CPU's divide error. The volatile read keeps the compiler from
// treating the (undefined) division as unreachable and deleting it.
uint64_t divide_by_zero()
{
    volatile uint32_t zero = 0;
    return 1u / zero;
}

uint64_t udivmod(uint64_t n, uint64_t d, uint64_t* remainder)
{
    if (d == 0)
        return divide_by_zero();
    if ((n >> 32) == 0 && (d >> 32) == 0) {
        auto n32 = static_cast<uint32_t>(n);
        auto d32 = static_cast<uint32_t>(d);
        if (remainder != nullptr)
            *remainder = n32 % d32;
        return n32 / d32;
    }
    if (n < d) {
        if (remainder != nullptr)
            *remainder = n;
        return 0;
    }
    // n >= d > 0: align d's top bit with n's, then subtract shifted copies.
    // Invariant: q * d_original + n == original n after every step.
    int shift = __builtin_clzll(d) - __builtin_clzll(n);
    d <<= shift;
    uint64_t q = 0;
    for (int i = 0; i <= shift; ++i) {
        q <<= 1;
        if (n >= d) {
            n -= d;
            q |= 1;
        }
        d >>= 1;
    }
    if (remainder != nullptr)
        *remainder = n;
    return q;
}

// |v| as unsigned; correct for INT64_MIN as well.
uint64_t magnitude(int64_t v)
{
    return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

// Two's complement negation without signed overflow.
int64_t negate_if(uint64_t v, bool negative)
{
    return static_cast<int64_t>(negative ? 0 - v : v);
}

} // namespace

extern "C" {

uint64_t RT_C_NAME(__udivdi3)(uint64_t n, uint64_t d)
{
    return udivmod(n, d, nullptr);
}

uint64_t RT_C_NAME(__umoddi3)(uint64_t n, uint64_t d)
{
    uint64_t r;
    udivmod(n, d, &r);
    return r;
}

uint64_t RT_C_NAME(__udivmoddi4)(uint64_t n, uint64_t d, uint64_t* remainder)
{
    return udivmod(n, d, remainder);
}

// Quotients truncate towards zero; the remainder has the sign of the dividend.
int64_t RT_C_NAME(__divdi3)(int64_t n, int64_t d)
{
    return negate_if(udivmod(magnitude(n), magnitude(d), nullptr), (n < 0) != (d < 0));
}

int64_t RT_C_NAME(__moddi3)(int64_t n, int64_t d)
{
    uint64_t r;
    udivmod(magnitude(n), magnitude(d), &r);
    return negate_if(r, n < 0);
}

int64_t RT_C_NAME(__divmoddi4)(int64_t n, int64_t d, int64_t* remainder)
{
    uint64_t r;
    int64_t q = negate_if(udivmod(magnitude(n), magnitude(d), &r), (n < 0) != (d < 0));
    *remainder = negate_if(r, n < 0);
    return q;
}

} // extern "C"
