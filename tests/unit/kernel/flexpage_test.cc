// Flexpage arithmetic (kernel/lib/flexpage.h) and the ABI word encodings
// (kernel/api/types.h). Expected values are computed here independently, with
// 64-bit division instead of the masks the kernel uses.
#include "lib/flexpage.h"
#include "api/types.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using kapi::Fpage;
using kernel::MapRange;
using kernel::Window;

constexpr uint32_t user_end = 0xC0000000;
constexpr uint64_t four_gib = uint64_t(1) << 32;

// ---------------------------------------------------------------------------
// Fpage encoding

TEST(Fpage, MakeEncodesBaseSizeAndRights)
{
    Fpage f = Fpage::make(0x12340000, 16, kapi::rights::rw);
    EXPECT_EQ(f.raw, 0x12340000u | (16u << 4) | kapi::rights::rw);
    EXPECT_EQ(f.base(), 0x12340000u);
    EXPECT_EQ(f.log2size(), 16u);
    EXPECT_EQ(f.rights(), kapi::rights::rw);
    EXPECT_EQ(f.size(), 0x10000u);
    EXPECT_EQ(f.end(), 0x12350000u);
    EXPECT_TRUE(f.is_memory());
    EXPECT_TRUE(f.aligned());
    EXPECT_FALSE(f.is_nil() || f.is_complete() || f.is_io());
}

TEST(Fpage, MakeDropsBaseBitsBelowTheSizeFieldAndExtraRightsBits)
{
    Fpage f = Fpage::make(0x12345fff, 12, 0xff);
    EXPECT_EQ(f.base(), 0x12345c00u);            // bits 9..0 are not base bits
    EXPECT_EQ(f.rights(), kapi::rights::rwx);
    EXPECT_EQ(f.log2size(), 12u);
    EXPECT_FALSE(f.aligned());                    // 0x...c00 is not 4 KiB aligned
}

TEST(Fpage, RightsBitsFollowX2)
{
    EXPECT_EQ(kapi::rights::x, 1u);
    EXPECT_EQ(kapi::rights::w, 2u);
    EXPECT_EQ(kapi::rights::r, 4u);
    EXPECT_EQ(kapi::rights::rwx, 7u);
}

TEST(Fpage, FourGibFpageHasSizeAndEndWithoutOverflow)
{
    Fpage f = Fpage::make(0, 32);
    EXPECT_EQ(f.size(), four_gib);
    EXPECT_EQ(f.end(), four_gib);
    EXPECT_TRUE(f.aligned());
    Fpage top = Fpage::make(0xfffff000, 12);
    EXPECT_EQ(top.end(), four_gib);
    Fpage half = Fpage::make(0x80000000, 31);
    EXPECT_EQ(half.end(), four_gib);
    EXPECT_TRUE(half.aligned());
}

TEST(Fpage, NilAndCompleteAreRecognised)
{
    EXPECT_EQ(Fpage::nil().raw, 0u);
    EXPECT_TRUE(Fpage::nil().is_nil());
    EXPECT_FALSE(Fpage::nil().is_memory());
    Fpage c = Fpage::complete(kapi::rights::rx);
    EXPECT_EQ(c.raw, (1u << 4) | kapi::rights::rx);
    EXPECT_TRUE(c.is_complete());
    EXPECT_FALSE(c.is_nil() || c.is_io() || c.is_memory());
    EXPECT_EQ(c.rights(), kapi::rights::rx);
    EXPECT_EQ(Fpage::complete().rights(), kapi::rights::rwx);
}

TEST(Fpage, MemoryFpagesStartAtOnePage)
{
    for (unsigned s = 0; s < 64; ++s) {
        Fpage f = Fpage::make(0, s);
        EXPECT_EQ(f.is_memory(), s >= 12) << s;
        EXPECT_EQ(f.is_nil(), s == 0) << s;
        EXPECT_EQ(f.is_complete(), s == 1) << s;
        EXPECT_EQ(f.is_io(), s == 2) << s;
    }
}

TEST(Fpage, IoFpageEncodesPortBaseAndCount)
{
    Fpage f = Fpage::io(0x3f8, 3);
    EXPECT_TRUE(f.is_io());
    EXPECT_FALSE(f.is_memory() || f.is_nil() || f.is_complete());
    EXPECT_EQ(f.io_base(), 0x3f8u);
    EXPECT_EQ(f.io_log2ports(), 3u);
    EXPECT_EQ(f.io_count(), 8u);
    EXPECT_EQ(f.rights(), kapi::rights::rw);

    Fpage all = Fpage::io(0, 16);
    EXPECT_EQ(all.io_base(), 0u);
    EXPECT_EQ(all.io_count(), 65536u);
    Fpage last = Fpage::io(0xffff, 0);
    EXPECT_EQ(last.io_base(), 0xffffu);
    EXPECT_EQ(last.io_count(), 1u);
    EXPECT_TRUE(last.is_io());
}

// ---------------------------------------------------------------------------
// window_of

// Independent statement of what a valid receive window / send fpage is.
bool valid_memory_fpage(uint32_t base, unsigned s)
{
    return s >= 12 && s <= 32 && uint64_t(base) % (uint64_t(1) << s) == 0;
}

TEST(WindowOf, AlignedMemoryFpageIsItsOwnWindow)
{
    Window w = kernel::window_of(Fpage::make(0x00400000, 22));
    EXPECT_EQ(w.base, 0x00400000u);
    EXPECT_EQ(w.log2size, 22u);
    w = kernel::window_of(Fpage::make(0xfffff000, 12));
    EXPECT_EQ(w.base, 0xfffff000u);
    EXPECT_EQ(w.log2size, 12u);
}

TEST(WindowOf, CompleteAndFourGibFpagesAreTheWholeSpace)
{
    for (Fpage f : {Fpage::complete(), Fpage::make(0, 32)}) {
        Window w = kernel::window_of(f);
        EXPECT_EQ(w.base, 0u);
        EXPECT_EQ(w.log2size, 32u);
    }
}

TEST(WindowOf, NilIoTooSmallUnalignedAndTooLargeAreRefused)
{
    EXPECT_EQ(kernel::window_of(Fpage::nil()).log2size, 0u);
    EXPECT_EQ(kernel::window_of(Fpage::io(0x60, 1)).log2size, 0u);
    for (unsigned s = 3; s < 12; ++s)
        EXPECT_EQ(kernel::window_of(Fpage::make(0, s)).log2size, 0u) << "s=" << s;
    EXPECT_EQ(kernel::window_of(Fpage::make(0x1000, 13)).log2size, 0u);
    EXPECT_EQ(kernel::window_of(Fpage::make(0x80000000, 32)).log2size, 0u);
    EXPECT_EQ(kernel::window_of(Fpage::make(0x00c00000, 23)).log2size, 0u);
    for (unsigned s = 33; s < 64; ++s)
        EXPECT_EQ(kernel::window_of(Fpage::make(0, s)).log2size, 0u) << "s=" << s;
}

TEST(WindowOf, AgreesWithTheDefinitionForEverySizeAndManyBases)
{
    std::mt19937 rng(7);
    for (unsigned s = 12; s < 64; ++s) {
        std::vector<uint32_t> bases = {0, 0x1000, 0x80000000, 0xfffff000};
        for (int i = 0; i < 64; ++i)
            bases.push_back(rng() & ~0x3ffu);
        for (int i = 0; i < 16 && s <= 32; ++i)
            bases.push_back(uint32_t(rng() & ~((uint64_t(1) << s) - 1)));
        for (uint32_t base : bases) {
            Window w = kernel::window_of(Fpage::make(base, s));
            if (valid_memory_fpage(base, s)) {
                EXPECT_EQ(w.base, base);
                EXPECT_EQ(w.log2size, s);
            } else {
                EXPECT_EQ(w.log2size, 0u) << std::hex << base << " s=" << std::dec << s;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// resolve_map

// L4 X.2 (map and grant items), stated with division: if the send fpage (2^s)
// is no larger than the receive window (2^r), the window is cut into 2^s
// pieces and the fpage lands in the piece that (hot spot mod 2^r) falls in.
// If it is larger, the fpage is cut into 2^r pieces and the piece that
// (hot spot mod 2^s) falls in is transferred to the whole window.
MapRange x2_rule(uint32_t send_base, unsigned s, uint32_t hotspot, uint32_t window_base, unsigned r)
{
    uint64_t send_size = uint64_t(1) << s, window_size = uint64_t(1) << r;
    if (send_size <= window_size) {
        uint64_t piece = (hotspot % window_size) / send_size;
        return {send_base, uint32_t(window_base + piece * send_size), s};
    }
    uint64_t piece = (hotspot % send_size) / window_size;
    return {uint32_t(send_base + piece * window_size), window_base, r};
}

MapRange resolve(Fpage send, uint32_t hotspot, Fpage receive)
{
    MapRange m{0xdead, 0xbeef, 99};
    EXPECT_TRUE(kernel::resolve_map(send, hotspot, receive, m));
    return m;
}

void expect_range(const MapRange& got, uint32_t source, uint32_t destination, unsigned log2size)
{
    EXPECT_EQ(got.source, source);
    EXPECT_EQ(got.destination, destination);
    EXPECT_EQ(got.log2size, log2size);
}

TEST(ResolveMap, SmallerSendFpageLandsInTheWindowPieceOfTheHotSpot)
{
    // 4 KiB into a 1 MiB window at 0x10000000: hot spot 0x34567 selects page 0x34.
    MapRange m = resolve(Fpage::make(0x00400000, 12), 0x00034567, Fpage::make(0x10000000, 20));
    expect_range(m, 0x00400000, 0x10034000, 12);
}

TEST(ResolveMap, HotSpotBitsAboveTheWindowSizeAreIgnored)
{
    MapRange m = resolve(Fpage::make(0x00400000, 12), 0xfff34567, Fpage::make(0x10000000, 20));
    expect_range(m, 0x00400000, 0x10034000, 12);
}

TEST(ResolveMap, SmallerSendFpageIsAlignedToItsOwnSizeInTheWindow)
{
    // 64 KiB into 1 MiB: hot spot 0x3f000 rounds down to the 64 KiB piece 0x30000.
    MapRange m = resolve(Fpage::make(0x00410000, 16), 0x0003f000, Fpage::make(0x20000000, 20));
    expect_range(m, 0x00410000, 0x20030000, 16);
}

TEST(ResolveMap, EqualSizesMapFpageOntoWindowWhateverTheHotSpot)
{
    for (uint32_t hot : {0u, 0x1000u, 0x7fffffffu, 0xffffffffu}) {
        MapRange m = resolve(Fpage::make(0x00800000, 23), hot, Fpage::make(0x40000000, 23));
        expect_range(m, 0x00800000, 0x40000000, 23);
    }
}

TEST(ResolveMap, LargerSendFpageHotSpotSelectsTheWindowSizedPart)
{
    // 4 MiB send fpage, 64 KiB window: hot spot 0x123456 selects part 0x120000.
    MapRange m = resolve(Fpage::make(0x00800000, 22), 0x00123456, Fpage::make(0x20000000, 16));
    expect_range(m, 0x00920000, 0x20000000, 16);
}

TEST(ResolveMap, CompleteSendSpaceIntoOnePageWindow)
{
    MapRange m = resolve(Fpage::complete(), 0xdeadb000, Fpage::make(0x5000, 12));
    expect_range(m, 0xdeadb000, 0x5000, 12);
}

TEST(ResolveMap, SendPageIntoCompleteReceiveSpace)
{
    // 8 KiB: the hot spot rounds down to an 8 KiB boundary.
    MapRange m = resolve(Fpage::make(0x6000, 13), 0xabcdf123, Fpage::complete());
    expect_range(m, 0x6000, 0xabcde000, 13);
}

TEST(ResolveMap, CompleteOntoCompleteIsTheIdentityOverFourGib)
{
    expect_range(resolve(Fpage::complete(), 0x12345000, Fpage::complete()), 0, 0, 32);
    expect_range(resolve(Fpage::make(0, 32), 0xfffff000, Fpage::make(0, 32)), 0, 0, 32);
}

TEST(ResolveMap, InvalidSendFpageOrWindowIsRefused)
{
    const Fpage good = Fpage::make(0x10000, 16);
    const std::vector<Fpage> bad = {
        Fpage::nil(),
        Fpage::io(0x3f8, 3),
        Fpage::make(0x10000, 11),                // smaller than a page
        Fpage::make(0x10000, 4),
        Fpage::make(0x11000, 16),                // unaligned
        Fpage::make(0x80000000, 32),             // unaligned 4 GiB
        Fpage::make(0, 33),                      // larger than the address space
        Fpage::make(0, 63),
    };
    for (Fpage f : bad) {
        MapRange m{1, 2, 3};
        EXPECT_FALSE(kernel::resolve_map(f, 0, good, m)) << std::hex << f.raw;
        EXPECT_FALSE(kernel::resolve_map(good, 0, f, m)) << std::hex << f.raw;
        EXPECT_EQ(m.source, 1u);                 // untouched on refusal
        EXPECT_EQ(m.destination, 2u);
        EXPECT_EQ(m.log2size, 3u);
    }
}

TEST(ResolveMap, MatchesTheX2RuleForAllSizesAndManyHotSpots)
{
    std::mt19937 rng(42);
    auto aligned_base = [&](unsigned s) { return s == 32 ? 0u : uint32_t(rng() & ~((uint64_t(1) << s) - 1)); };
    int checked = 0;
    for (unsigned s = 12; s <= 32; ++s) {
        for (unsigned r = 12; r <= 32; ++r) {
            for (int round = 0; round < 4; ++round) {
                uint32_t send_base = aligned_base(s), window_base = aligned_base(r);
                std::vector<uint32_t> hots = {0, 0xffffffff, 0x80000000, 0x00001000, send_base, window_base};
                for (int i = 0; i < 8; ++i)
                    hots.push_back(rng());
                for (uint32_t hot : hots) {
                    MapRange got{};
                    ASSERT_TRUE(kernel::resolve_map(Fpage::make(send_base, s), hot, Fpage::make(window_base, r), got));
                    MapRange want = x2_rule(send_base, s, hot, window_base, r);
                    SCOPED_TRACE(testing::Message() << std::hex << "send " << send_base << "/" << std::dec << s
                                                    << std::hex << " window " << window_base << "/" << std::dec << r
                                                    << std::hex << " hot " << hot);
                    expect_range(got, want.source, want.destination, want.log2size);
                    // What lands lies inside both, aligned to its size.
                    uint64_t size = uint64_t(1) << got.log2size;
                    EXPECT_EQ(got.log2size, std::min(s, r));
                    EXPECT_EQ(got.source % size, 0u);
                    EXPECT_EQ(got.destination % size, 0u);
                    EXPECT_GE(got.source, send_base);
                    EXPECT_LE(got.source + size, uint64_t(send_base) + (uint64_t(1) << s));
                    EXPECT_GE(got.destination, window_base);
                    EXPECT_LE(got.destination + size, uint64_t(window_base) + (uint64_t(1) << r));
                    ++checked;
                }
            }
        }
    }
    EXPECT_EQ(checked, 21 * 21 * 4 * 14);
}

TEST(ResolveMap, TypedItemHotSpotFeedsTheRule)
{
    // The path the kernel takes: hot spot and fpage out of a map item.
    kapi::TypedItem item = kapi::TypedItem::map(0x00035fff, Fpage::make(0x00400000, 12, kapi::rights::r));
    MapRange m = resolve(item.fpage, item.hotspot(), Fpage::make(0x10000000, 20));
    expect_range(m, 0x00400000, 0x10035000, 12);
}

// ---------------------------------------------------------------------------
// clip_range

TEST(ClipRange, RangeBelowTheLimitIsKeptWhole)
{
    EXPECT_EQ(kernel::clip_range({0x1000, 0x2000, 12}, user_end), 0x1000u);
    EXPECT_EQ(kernel::clip_range({0x00400000, 0x10000000, 22}, user_end), 0x00400000u);
}

TEST(ClipRange, RangeEndingExactlyAtTheLimitIsKeptWhole)
{
    EXPECT_EQ(kernel::clip_range({0xbffff000, 0xbffff000, 12}, user_end), 0x1000u);
    EXPECT_EQ(kernel::clip_range({0xb0000000, 0x00000000, 28}, user_end), 0x10000000u);
    EXPECT_EQ(kernel::clip_range({0x80000000, 0x80000000, 30}, user_end), 0x40000000u);
}

TEST(ClipRange, RangeCrossingTheLimitIsCutThere)
{
    EXPECT_EQ(kernel::clip_range({0x80000000, 0x80000000, 31}, user_end), 0x40000000u);
    EXPECT_EQ(kernel::clip_range({0, 0, 32}, user_end), uint64_t(user_end));
    // Each side is clipped: the higher start decides.
    EXPECT_EQ(kernel::clip_range({0x00000000, 0x80000000, 31}, user_end), 0x40000000u);
    EXPECT_EQ(kernel::clip_range({0x80000000, 0x00000000, 31}, user_end), 0x40000000u);
}

TEST(ClipRange, RangeStartingAtOrAboveTheLimitOnEitherSideIsEmpty)
{
    EXPECT_EQ(kernel::clip_range({0xc0000000, 0x1000, 12}, user_end), 0u);
    EXPECT_EQ(kernel::clip_range({0x1000, 0xc0000000, 12}, user_end), 0u);
    EXPECT_EQ(kernel::clip_range({0xfffff000, 0xfffff000, 12}, user_end), 0u);
    EXPECT_EQ(kernel::clip_range({0xc0000000, 0xc0000000, 30}, user_end), 0u);
}

TEST(ClipRange, ResultIsWholePagesAndNeverPastTheLimit)
{
    std::mt19937 rng(3);
    for (int i = 0; i < 20000; ++i) {
        unsigned s = 12 + rng() % 21;
        uint64_t mask = ~((uint64_t(1) << s) - 1);
        MapRange m{uint32_t(rng() & mask), uint32_t(rng() & mask), s};
        uint64_t bytes = kernel::clip_range(m, user_end);
        uint64_t top = std::max(m.source, m.destination);
        uint64_t want = top >= user_end ? 0 : std::min<uint64_t>(uint64_t(1) << s, user_end - top);
        ASSERT_EQ(bytes, want) << std::hex << m.source << " " << m.destination << " s=" << std::dec << s;
        ASSERT_EQ(bytes % 4096, 0u);
        if (bytes) {
            ASSERT_LE(m.source + bytes, uint64_t(user_end));
            ASSERT_LE(m.destination + bytes, uint64_t(user_end));
        }
    }
}

// ---------------------------------------------------------------------------
// Typed items

TEST(TypedItem, MapAndGrantCarryTheX2TypeBits)
{
    Fpage f = Fpage::make(0x00400000, 22, kapi::rights::rx);
    kapi::TypedItem map = kapi::TypedItem::map(0x12345000, f);
    kapi::TypedItem grant = kapi::TypedItem::grant(0x12345000, f);
    EXPECT_EQ(map.word0, 0x12345000u | (0b100u << 1));
    EXPECT_EQ(grant.word0, 0x12345000u | (0b101u << 1));
    EXPECT_TRUE(map.is_map());
    EXPECT_FALSE(map.is_grant());
    EXPECT_TRUE(grant.is_grant());
    EXPECT_FALSE(grant.is_map());
    EXPECT_EQ(map.fpage.raw, f.raw);
    EXPECT_EQ(grant.fpage.raw, f.raw);
    EXPECT_EQ(map.word0 & 1, 0u);             // continue bit clear
}

TEST(TypedItem, HotSpotKeepsOnlyBits31To10)
{
    kapi::TypedItem item = kapi::TypedItem::map(0xffffffff, Fpage::nil());
    EXPECT_EQ(item.hotspot(), 0xfffffc00u);
    EXPECT_EQ(item.type(), kapi::TypedItem::type_map);
    item = kapi::TypedItem::grant(0x3ff, Fpage::nil());
    EXPECT_EQ(item.hotspot(), 0u);
    EXPECT_EQ(item.type(), kapi::TypedItem::type_grant);
}

TEST(TypedItem, OtherTypesAreNeitherMapNorGrant)
{
    for (kapi::Word type = 0; type < 8; ++type) {
        kapi::TypedItem item{0x1000u | (type << 1) | 1, Fpage::nil()};
        EXPECT_EQ(item.is_map(), type == 0b100) << type;
        EXPECT_EQ(item.is_grant(), type == 0b101) << type;
        EXPECT_EQ(item.hotspot(), 0x1000u);
    }
}

// ---------------------------------------------------------------------------
// Time

constexpr uint64_t largest_period = uint64_t(1023) << 31;

// The shortest representable period m * 2^e (m <= 1023, e <= 31) of at least
// `us`, found by trying every exponent.
uint64_t shortest_period_at_least(uint64_t us)
{
    uint64_t best = UINT64_MAX;
    for (unsigned e = 0; e <= 31; ++e) {
        uint64_t unit = uint64_t(1) << e;
        uint64_t m = (us + unit - 1) / unit;
        if (m <= 1023)
            best = std::min(best, m * unit);
    }
    return best;
}

void expect_shortest_period(uint64_t us)
{
    kapi::Time t = kapi::Time::period_us(us);
    EXPECT_FALSE(t.is_never()) << us;
    EXPECT_FALSE(t.is_zero()) << us;
    EXPECT_FALSE(t.is_point()) << us;
    EXPECT_EQ(t.raw & 0x0400, 0) << us;
    EXPECT_GE(t.microseconds(), us) << us;
    EXPECT_EQ(t.microseconds(), shortest_period_at_least(us)) << us;
}

TEST(Time, NeverAndZeroEncodings)
{
    EXPECT_EQ(kapi::Time::never().raw, 0);
    EXPECT_TRUE(kapi::Time::never().is_never());
    EXPECT_FALSE(kapi::Time::never().is_zero());
    EXPECT_FALSE(kapi::Time::never().is_point());
    EXPECT_EQ(kapi::Time::zero().raw, 0x0400);
    EXPECT_TRUE(kapi::Time::zero().is_zero());
    EXPECT_FALSE(kapi::Time::zero().is_never());
    EXPECT_FALSE(kapi::Time::zero().is_point());
    EXPECT_EQ(kapi::Time::zero().microseconds(), 0u);
}

TEST(Time, ZeroMicrosecondsIsTheZeroTimeout)
{
    EXPECT_TRUE(kapi::Time::period_us(0).is_zero());
}

TEST(Time, PointTimesHaveBit10SetAndAreNotZero)
{
    for (uint16_t raw : {0x0401, 0x07ff, 0x0c00, 0xfc00, 0xffff}) {
        kapi::Time t{raw};
        EXPECT_TRUE(t.is_point()) << std::hex << raw;
        EXPECT_FALSE(t.is_never() || t.is_zero()) << std::hex << raw;
    }
    for (uint16_t raw : {0x0001, 0x03ff, 0x0800, 0xfbff})
        EXPECT_FALSE(kapi::Time{raw}.is_point()) << std::hex << raw;
}

TEST(Time, PeriodEncodesMantissaAndExponent)
{
    EXPECT_EQ(kapi::Time::period_us(1).raw, 1);
    EXPECT_EQ(kapi::Time::period_us(1023).raw, 1023);
    EXPECT_EQ(kapi::Time::period_us(1024).raw, (1 << 11) | 512);
    EXPECT_EQ(kapi::Time::period_us(1025).microseconds(), 1026u);
    EXPECT_EQ(kapi::Time::period_us(1000000).microseconds(), 1000448u);   // 977 * 2^10
    EXPECT_EQ(kapi::Time::period_us(largest_period).raw, (31 << 11) | 1023);
    EXPECT_EQ(kapi::Time::period_us(largest_period).microseconds(), largest_period);
}

TEST(Time, PeriodRoundTripIsAtLeastRequestedAndShortestForSmallValues)
{
    for (uint64_t us = 1; us <= (1u << 18); ++us) {
        expect_shortest_period(us);
        if (HasFailure())
            return;
    }
}

TEST(Time, PeriodRoundTripIsAtLeastRequestedAndShortestUpToTheLargest)
{
    std::vector<uint64_t> values;
    for (unsigned k = 0; k < 42; ++k) {
        uint64_t p = uint64_t(1) << k;
        for (uint64_t v : {p - 1, p, p + 1, 1023 * p - 1, 1023 * p, 1023 * p + 1, 1024 * p - 1})
            if (v >= 1 && v <= largest_period)
                values.push_back(v);
    }
    std::mt19937_64 rng(11);
    for (int i = 0; i < 100000; ++i)
        values.push_back(1 + rng() % largest_period);
    for (uint64_t us : values) {
        expect_shortest_period(us);
        if (HasFailure())
            return;
    }
}

// A period longer than the largest representable one (1023 * 2^31 us, about
// 25.4 days) needs an exponent of 32 or more, which the 5-bit field cannot
// hold; it must not wrap into a short timeout (it once came back as 512 us).
TEST(Time, PeriodLongerThanTheLargestIsNotShortened)
{
    for (uint64_t us : {largest_period + 1, uint64_t(1) << 41, uint64_t(1) << 50, UINT64_MAX}) {
        kapi::Time t = kapi::Time::period_us(us);
        EXPECT_TRUE(t.is_never() || t.microseconds() == largest_period)
            << "period_us(" << us << ") = raw 0x" << std::hex << t.raw << " = " << std::dec << t.microseconds()
            << " us";
    }
}

TEST(ClipRange, PhysicalSourceAboveUserSpaceKeepsItsSize)
{
    // sigma0 maps device memory (e.g. a framebuffer at 0xfd000000) into user space.
    EXPECT_EQ(kernel::clip_range({0xfd000000, 0x40000000, 24}, uint64_t(1) << 32, user_end), 0x01000000u);
    EXPECT_EQ(kernel::clip_range({0xfff00000, 0x40000000, 24}, uint64_t(1) << 32, user_end), 0x00100000u);
    EXPECT_EQ(kernel::clip_range({0x1000, 0xbff00000, 24}, uint64_t(1) << 32, user_end), 0x00100000u);
    EXPECT_EQ(kernel::clip_range({0xfd000000, 0xc0000000, 12}, uint64_t(1) << 32, user_end), 0u);
}

TEST(Time, TimeoutsWordPacksSendHighAndReceiveLow)
{
    kapi::Time send = kapi::Time::period_us(5000), receive = kapi::Time::zero();
    kapi::Word w = kapi::timeouts(send, receive);
    EXPECT_EQ(w, (kapi::Word(send.raw) << 16) | 0x0400);
    EXPECT_EQ(kapi::send_timeout(w).raw, send.raw);
    EXPECT_EQ(kapi::receive_timeout(w).raw, receive.raw);
    EXPECT_EQ(kapi::timeouts(kapi::Time::never(), kapi::Time::never()), 0u);
}

// ---------------------------------------------------------------------------
// Thread ids

TEST(ThreadId, NumberAndVersionRoundTrip)
{
    for (kapi::Word number : {1u, 2u, 0x1234u, 0x3ffffu})
        for (kapi::Word version : {0u, 1u, 0x2aaau, 0x3fffu}) {
            kapi::ThreadId id = kapi::ThreadId::make(number, version);
            EXPECT_EQ(id.number(), number);
            EXPECT_EQ(id.version(), version);
            EXPECT_EQ(id.raw, (number << 14) | version);
        }
}

TEST(ThreadId, VersionIsFourteenBitsAndNumberEighteen)
{
    EXPECT_EQ(kapi::ThreadId::version_bits, 14u);
    EXPECT_EQ(kapi::ThreadId::version_mask, 0x3fffu);
    EXPECT_EQ(kapi::ThreadId::make(5, 0x4001).version(), 1u);   // masked, no carry into the number
    EXPECT_EQ(kapi::ThreadId::make(5, 0x4001).number(), 5u);
    EXPECT_EQ(kapi::ThreadId::make(0x3ffff, 0).number(), 0x3ffffu);
}

TEST(ThreadId, DifferentVersionsAreDifferentIds)
{
    kapi::ThreadId a = kapi::ThreadId::make(7, 1), b = kapi::ThreadId::make(7, 2);
    EXPECT_FALSE(a == b);
    EXPECT_EQ(a.number(), b.number());
    EXPECT_TRUE(a == kapi::ThreadId::make(7, 1));
}

TEST(ThreadId, NilAndAny)
{
    EXPECT_EQ(kapi::ThreadId::nil().raw, 0u);
    EXPECT_TRUE(kapi::ThreadId::nil().is_nil());
    EXPECT_FALSE(kapi::ThreadId::nil().is_any());
    EXPECT_EQ(kapi::ThreadId::any().raw, ~0u);
    EXPECT_TRUE(kapi::ThreadId::any().is_any());
    EXPECT_FALSE(kapi::ThreadId::any().is_nil());
    EXPECT_FALSE(kapi::ThreadId::make(1, 0).is_nil());
    EXPECT_FALSE(kapi::ThreadId::make(0, 1).is_nil());
    EXPECT_FALSE(kapi::ThreadId::make(0x3ffff, 0x3ffe).is_any());
    EXPECT_TRUE(kapi::ThreadId{}.is_nil());
}

// ---------------------------------------------------------------------------
// Message tags

TEST(MsgTag, MakeEncodesLabelUntypedAndTyped)
{
    kapi::MsgTag tag = kapi::MsgTag::make(0xfff1, 5, 4);
    EXPECT_EQ(tag.raw, (0xfff1u << 16) | (4u << 6) | 5u);
    EXPECT_EQ(tag.label(), 0xfff1u);
    EXPECT_EQ(tag.untyped(), 5u);
    EXPECT_EQ(tag.typed(), 4u);
    EXPECT_EQ(tag.words(), 9u);
    EXPECT_FALSE(tag.failed());
    EXPECT_EQ(kapi::MsgTag::make(3, 2).typed(), 0u);
}

TEST(MsgTag, FieldsAtTheirLimits)
{
    kapi::MsgTag tag = kapi::MsgTag::make(0xffff, 63, 63);
    EXPECT_EQ(tag.label(), 0xffffu);
    EXPECT_EQ(tag.untyped(), 63u);
    EXPECT_EQ(tag.typed(), 63u);
    EXPECT_EQ(tag.words(), 126u);
    EXPECT_EQ(tag.raw & 0xf000, 0u);                 // no flag set
    // Oversized counts are cut to 6 bits instead of spilling into other fields.
    kapi::MsgTag cut = kapi::MsgTag::make(1, 64 + 3, 64 + 2);
    EXPECT_EQ(cut.untyped(), 3u);
    EXPECT_EQ(cut.typed(), 2u);
    EXPECT_EQ(cut.label(), 1u);
}

TEST(MsgTag, FlagsLiveInBits15To12AndLeaveTheFieldsAlone)
{
    EXPECT_EQ(kapi::MsgTag::flag_error, 1u << 15);
    EXPECT_EQ(kapi::MsgTag::flag_propagated, 1u << 12);
    kapi::MsgTag tag = kapi::MsgTag::make(0x1234, 7, 3);
    kapi::MsgTag flagged{tag.raw | 0xf000};
    EXPECT_EQ(flagged.label(), 0x1234u);
    EXPECT_EQ(flagged.untyped(), 7u);
    EXPECT_EQ(flagged.typed(), 3u);
    EXPECT_TRUE(flagged.failed());
    EXPECT_FALSE(kapi::MsgTag{tag.raw | kapi::MsgTag::flag_propagated}.failed());
    EXPECT_TRUE(kapi::MsgTag{tag.raw | kapi::MsgTag::flag_error}.failed());
}

} // namespace
