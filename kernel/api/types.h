// The words that cross the system-call boundary: thread ids, message tags,
// flexpages, typed items and timeouts. Layouts follow L4 X.2 (IA-32) so the
// names in libs/l4 mean what an L4 programmer expects; where Arc differs it
// says so. This header is freestanding and is included by the kernel, by
// libs/l4 and by host unit tests.
#pragma once
#include <stdint.h>

namespace kapi {

using Word = uint32_t;

// ---------------------------------------------------------------------------
// Global thread id: thread number (18 bits) | version (14 bits).
// The version makes a recycled thread number a different id, so a stale id held
// by a client is refused instead of reaching the thread's successor.
struct ThreadId {
    Word raw = 0;

    static constexpr unsigned version_bits = 14;
    static constexpr Word version_mask = (1u << version_bits) - 1;

    static constexpr ThreadId nil() { return {0}; }
    static constexpr ThreadId any() { return {~0u}; }
    static constexpr ThreadId make(Word number, Word version)
    {
        return {(number << version_bits) | (version & version_mask)};
    }
    constexpr Word number() const { return raw >> version_bits; }
    constexpr Word version() const { return raw & version_mask; }
    constexpr bool is_nil() const { return raw == 0; }
    constexpr bool is_any() const { return raw == ~0u; }
    constexpr bool operator==(const ThreadId&) const = default;
};

// ---------------------------------------------------------------------------
// Message tag, MR0: label (16) | flags (4) | typed words t (6) | untyped words u (6).
struct MsgTag {
    Word raw = 0;

    static constexpr Word flag_error = 1u << 15;    // set by the kernel on IPC failure
    static constexpr Word flag_propagated = 1u << 12;

    static constexpr MsgTag make(Word label, Word untyped, Word typed = 0)
    {
        return {(label << 16) | ((typed & 0x3f) << 6) | (untyped & 0x3f)};
    }
    constexpr Word label() const { return raw >> 16; }
    constexpr Word untyped() const { return raw & 0x3f; }
    constexpr Word typed() const { return (raw >> 6) & 0x3f; }
    constexpr Word words() const { return untyped() + typed(); }
    constexpr bool failed() const { return (raw & flag_error) != 0; }
};

// ---------------------------------------------------------------------------
// Access rights of a flexpage; IA-32 paging can only enforce read and write,
// execute is recorded and passed on but not enforced.
namespace rights {
constexpr Word x = 1, w = 2, r = 4;
constexpr Word rw = r | w, rx = r | x, rwx = r | w | x;
} // namespace rights

// Flexpage: base (bits 31..10) | log2 size s (bits 9..4) | 0 | rwx (bits 2..0).
// A memory fpage has s >= 12 and is 2^s aligned. Two values of s are special:
//   s = 1  the complete address space (base 0)
//   s = 2  an I/O-port fpage: port base (bits 31..16), log2 port count in bits
//          15..10. (Arc's encoding; X.2 IA-32 uses a separate type field.)
struct Fpage {
    Word raw = 0;

    static constexpr unsigned page_bits = 12;
    static constexpr unsigned s_complete = 1;
    static constexpr unsigned s_io = 2;

    static constexpr Fpage nil() { return {0}; }
    static constexpr Fpage complete(Word r = rights::rwx) { return {(s_complete << 4) | r}; }
    static constexpr Fpage make(Word base, unsigned log2size, Word r = rights::rwx)
    {
        return {(base & ~0x3ffu) | ((log2size & 0x3f) << 4) | (r & 7)};
    }
    static constexpr Fpage io(Word port, unsigned log2ports)
    {
        return {(port << 16) | ((log2ports & 0x3f) << 10) | (s_io << 4) | rights::rw};
    }

    constexpr unsigned log2size() const { return (raw >> 4) & 0x3f; }
    constexpr Word rights() const { return raw & 7; }
    constexpr bool is_nil() const { return log2size() == 0; }
    constexpr bool is_complete() const { return log2size() == s_complete; }
    constexpr bool is_io() const { return log2size() == s_io; }
    constexpr bool is_memory() const { return log2size() >= page_bits; }

    // Memory fpages.
    constexpr Word base() const { return raw & ~0x3ffu; }
    constexpr uint64_t size() const { return uint64_t(1) << log2size(); }
    constexpr uint64_t end() const { return uint64_t(base()) + size(); }
    constexpr bool aligned() const { return (base() & (size() - 1)) == 0; }

    // I/O fpages.
    constexpr Word io_base() const { return raw >> 16; }
    constexpr unsigned io_log2ports() const { return (raw >> 10) & 0x3f; }
    constexpr Word io_count() const { return 1u << io_log2ports(); }
};

// ---------------------------------------------------------------------------
// Typed items (two words each, after the untyped words of a message).
// Word 0: send base / hot spot (bits 31..10) | type (bits 3..1) | continue (bit 0).
// Word 1: the flexpage being mapped or granted.
struct TypedItem {
    Word word0 = 0;
    Fpage fpage;

    static constexpr Word type_map = 0x8;    // 100b << 1
    static constexpr Word type_grant = 0xa;  // 101b << 1

    static constexpr TypedItem map(Word hotspot, Fpage f) { return {(hotspot & ~0x3ffu) | type_map, f}; }
    static constexpr TypedItem grant(Word hotspot, Fpage f) { return {(hotspot & ~0x3ffu) | type_grant, f}; }
    constexpr Word type() const { return word0 & 0xe; }
    constexpr Word hotspot() const { return word0 & ~0x3ffu; }
    constexpr bool is_map() const { return type() == type_map; }
    constexpr bool is_grant() const { return type() == type_grant; }
};

// ---------------------------------------------------------------------------
// Time (16 bits, L4 X.2): never = 0, zero = 0x0400, otherwise a relative period
// m * 2^e microseconds with e in bits 15..11 and m in bits 9..0 (bit 10 clear).
// Absolute "point" times (bit 10 set, other than zero) are refused.
struct Time {
    uint16_t raw = 0;

    static constexpr uint16_t zero_raw = 0x0400;
    static constexpr Time never() { return {0}; }
    static constexpr Time zero() { return {zero_raw}; }
    static constexpr unsigned max_exponent = 31;
    // The shortest representable period that is at least `us` microseconds;
    // beyond the longest one (1023 * 2^31 us, about 25 days) it is never.
    static constexpr Time period_us(uint64_t us)
    {
        if (us == 0)
            return zero();
        unsigned e = 0;
        while (us > 1023) {
            us = (us >> 1) + (us & 1);       // round up, without overflowing
            ++e;
        }
        if (e > max_exponent)
            return never();
        return {static_cast<uint16_t>((e << 11) | us)};
    }
    constexpr bool is_never() const { return raw == 0; }
    constexpr bool is_zero() const { return raw == zero_raw; }
    constexpr bool is_point() const { return (raw & 0x0400) != 0 && !is_zero(); }
    constexpr uint64_t microseconds() const { return uint64_t(raw & 0x3ff) << (raw >> 11); }
};

// The IPC timeouts word: send timeout (high 16 bits) | receive timeout (low 16).
constexpr Word timeouts(Time send, Time receive) { return (Word(send.raw) << 16) | receive.raw; }
constexpr Time send_timeout(Word t) { return {static_cast<uint16_t>(t >> 16)}; }
constexpr Time receive_timeout(Word t) { return {static_cast<uint16_t>(t & 0xffff)}; }

} // namespace kapi
