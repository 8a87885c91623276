// Memory and string functions for the freestanding target (arc-rt-core).
//
// They must never call themselves behind our back: the target is compiled with
// -ffreestanding, which implies -fno-builtin, so the optimiser does not turn
// the loops below into calls to memcpy/memset.
//
// RT_C_NAME lets the host unit tests compile this very file under other names
// (rtt_memcpy ...) next to the host C library; on the target the names are the
// standard ones.
#include "rt/types.h"

#ifndef RT_C_NAME
#define RT_C_NAME(name) name
#endif

namespace {

// Word-sized accesses to byte buffers: may_alias keeps them legal under the
// strict-aliasing rules.
using Word = rt::uptr;
typedef Word __attribute__((may_alias)) AliasWord;
constexpr size_t word_size = sizeof(Word);

bool both_aligned(const void* a, const void* b)
{
    return ((reinterpret_cast<rt::uptr>(a) | reinterpret_cast<rt::uptr>(b)) & (word_size - 1)) == 0;
}

// Copies forwards; safe for overlapping buffers when dst <= src.
void copy_forward(unsigned char* d, const unsigned char* s, size_t n)
{
    if (both_aligned(d, s)) {
        for (; n >= word_size; n -= word_size, d += word_size, s += word_size)
            *reinterpret_cast<AliasWord*>(d) = *reinterpret_cast<const AliasWord*>(s);
    }
    while (n-- > 0)
        *d++ = *s++;
}

// Copies backwards; safe for overlapping buffers when dst > src.
void copy_backward(unsigned char* d, const unsigned char* s, size_t n)
{
    d += n;
    s += n;
    if (both_aligned(d, s)) {
        for (; n >= word_size; n -= word_size) {
            d -= word_size;
            s -= word_size;
            *reinterpret_cast<AliasWord*>(d) = *reinterpret_cast<const AliasWord*>(s);
        }
    }
    while (n-- > 0)
        *--d = *--s;
}

} // namespace

extern "C" {

void* RT_C_NAME(memcpy)(void* dst, const void* src, size_t n) noexcept
{
    copy_forward(static_cast<unsigned char*>(dst), static_cast<const unsigned char*>(src), n);
    return dst;
}

void* RT_C_NAME(memmove)(void* dst, const void* src, size_t n) noexcept
{
    auto* d = static_cast<unsigned char*>(dst);
    auto* s = static_cast<const unsigned char*>(src);
    if (d <= s)
        copy_forward(d, s, n);
    else
        copy_backward(d, s, n);
    return dst;
}

void* RT_C_NAME(memset)(void* dst, int value, size_t n) noexcept
{
    auto* d = static_cast<unsigned char*>(dst);
    auto byte = static_cast<unsigned char>(value);
    // Leading bytes up to a word boundary, then whole words, then the tail.
    while (n > 0 && (reinterpret_cast<rt::uptr>(d) & (word_size - 1)) != 0) {
        *d++ = byte;
        --n;
    }
    Word pattern = static_cast<Word>(-1) / 0xff * byte;   // byte repeated in every lane
    for (; n >= word_size; n -= word_size, d += word_size)
        *reinterpret_cast<AliasWord*>(d) = pattern;
    while (n-- > 0)
        *d++ = byte;
    return dst;
}

int RT_C_NAME(memcmp)(const void* a, const void* b, size_t n) noexcept
{
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

// LLVM may lower memcmp(...) == 0 to bcmp on some targets; same contract for
// equality, so share the implementation.
int RT_C_NAME(bcmp)(const void* a, const void* b, size_t n) noexcept
{
    return RT_C_NAME(memcmp)(a, b, n);
}

void* RT_C_NAME(memchr)(const void* s, int c, size_t n) noexcept
{
    auto* p = static_cast<const unsigned char*>(s);
    auto ch = static_cast<unsigned char>(c);
    for (size_t i = 0; i < n; ++i) {
        if (p[i] == ch)
            return const_cast<unsigned char*>(p + i);
    }
    return nullptr;
}

size_t RT_C_NAME(strlen)(const char* s) noexcept
{
    size_t n = 0;
    while (s[n] != '\0')
        ++n;
    return n;
}

size_t RT_C_NAME(strnlen)(const char* s, size_t max) noexcept
{
    size_t n = 0;
    while (n < max && s[n] != '\0')
        ++n;
    return n;
}

int RT_C_NAME(strcmp)(const char* a, const char* b) noexcept
{
    auto* x = reinterpret_cast<const unsigned char*>(a);
    auto* y = reinterpret_cast<const unsigned char*>(b);
    while (*x != '\0' && *x == *y) {
        ++x;
        ++y;
    }
    return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

int RT_C_NAME(strncmp)(const char* a, const char* b, size_t n) noexcept
{
    auto* x = reinterpret_cast<const unsigned char*>(a);
    auto* y = reinterpret_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
        if (x[i] == '\0')
            return 0;
    }
    return 0;
}

char* RT_C_NAME(strchr)(const char* s, int c) noexcept
{
    auto ch = static_cast<char>(c);
    for (;; ++s) {
        if (*s == ch)
            return const_cast<char*>(s);   // also finds the terminator when c == 0
        if (*s == '\0')
            return nullptr;
    }
}

char* RT_C_NAME(strrchr)(const char* s, int c) noexcept
{
    auto ch = static_cast<char>(c);
    const char* last = nullptr;
    for (;; ++s) {
        if (*s == ch)
            last = s;
        if (*s == '\0')
            return const_cast<char*>(last);
    }
}

size_t RT_C_NAME(strlcpy)(char* dst, const char* src, size_t size) noexcept
{
    size_t len = RT_C_NAME(strlen)(src);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        RT_C_NAME(memcpy)(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

size_t RT_C_NAME(strlcat)(char* dst, const char* src, size_t size) noexcept
{
    size_t used = RT_C_NAME(strnlen)(dst, size);
    if (used == size)   // dst is not terminated within size: nothing can be appended
        return size + RT_C_NAME(strlen)(src);
    return used + RT_C_NAME(strlcpy)(dst + used, src, size - used);
}

} // extern "C"
