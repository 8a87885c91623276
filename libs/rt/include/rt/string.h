// Memory and string functions with their C names and C linkage, so that the
// compiler's implicit calls (struct copies, zero-initialisation) resolve to
// them on the target. They are defined in libs/rt/src/string.cc (arc-rt-core).
//
// On a hosted build (host unit tests, fuzzers, host tools that share code with
// the target) this header is the C library's <string.h> plus strlcpy/strlcat
// where the C library lacks them; rt's own definitions are then tested under
// other names (see tests/unit/rt).
#pragma once
#include "rt/types.h"

#if __STDC_HOSTED__
#include <string.h>
#if defined(__GLIBC__) && !__GLIBC_PREREQ(2, 38)
inline size_t strlcpy(char* dst, const char* src, size_t size) noexcept
{
    size_t len = strlen(src);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
inline size_t strlcat(char* dst, const char* src, size_t size) noexcept
{
    size_t used = strnlen(dst, size);
    if (used == size)
        return size + strlen(src);
    return used + strlcpy(dst + used, src, size - used);
}
#endif
#else // freestanding: rt defines them (libs/rt/src/string.cc)

extern "C" {

void* memcpy(void* dst, const void* src, size_t n) noexcept;
void* memmove(void* dst, const void* src, size_t n) noexcept;
void* memset(void* dst, int value, size_t n) noexcept;
int memcmp(const void* a, const void* b, size_t n) noexcept;
void* memchr(const void* s, int c, size_t n) noexcept;

size_t strlen(const char* s) noexcept;
size_t strnlen(const char* s, size_t max) noexcept;
int strcmp(const char* a, const char* b) noexcept;
int strncmp(const char* a, const char* b, size_t n) noexcept;
char* strchr(const char* s, int c) noexcept;
char* strrchr(const char* s, int c) noexcept;

// BSD strlcpy / strlcat: copy at most size - 1 bytes, always NUL-terminate when
// size > 0, and return the length of the string they tried to create
// (strlen(src), or initial strlen(dst) + strlen(src)); a result >= size means
// the copy was truncated.
size_t strlcpy(char* dst, const char* src, size_t size) noexcept;
size_t strlcat(char* dst, const char* src, size_t size) noexcept;

} // extern "C"
#endif
