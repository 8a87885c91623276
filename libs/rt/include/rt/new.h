// Placement new and the std types the allocation operators name. On the target
// there is no C++ library, so rt declares exactly what clang expects of <new>
// (the same declarations libc++ makes); hosted builds use the real <new>.
//
// The replaceable global operator new/delete (all sized, aligned and nothrow
// forms) are defined in arc-rt over the global heap. They never throw: a
// failed plain `new` panics with the size it wanted; the nothrow forms return
// nullptr.
#pragma once
#include "rt/types.h"

#if __STDC_HOSTED__
#include <new>
#else
namespace std {
enum class align_val_t : size_t {};
struct nothrow_t {
    explicit nothrow_t() = default;
};
extern const nothrow_t nothrow;
} // namespace std

// The nothrow forms are not among the compiler's implicit declarations.
[[nodiscard]] void* operator new(size_t size, const std::nothrow_t&) noexcept;
[[nodiscard]] void* operator new[](size_t size, const std::nothrow_t&) noexcept;
[[nodiscard]] void* operator new(size_t size, std::align_val_t, const std::nothrow_t&) noexcept;
[[nodiscard]] void* operator new[](size_t size, std::align_val_t, const std::nothrow_t&) noexcept;
void operator delete(void* p, const std::nothrow_t&) noexcept;
void operator delete[](void* p, const std::nothrow_t&) noexcept;
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept;
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept;

[[nodiscard]] inline void* operator new(size_t, void* place) noexcept { return place; }
[[nodiscard]] inline void* operator new[](size_t, void* place) noexcept { return place; }
inline void operator delete(void*, void*) noexcept {}
inline void operator delete[](void*, void*) noexcept {}
#endif
