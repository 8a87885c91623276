#include "modes.h"

#include <gtest/gtest.h>

namespace {

using arc::display::CardInfo;
using arc::display::Mode;

// QEMU's standard VGA with its default 16 MiB.
constexpr vbe::Limits qemu = {16u << 20, 16000, 12000, 32};

TEST(VbeModes, EveryResolutionAndDepthFitsSixteenMiB)
{
    Mode modes[CardInfo::max_modes];
    unsigned n = vbe::make_modes(qemu, modes, CardInfo::max_modes);
    EXPECT_EQ(n, std::size(vbe::resolutions) * std::size(arc::display::depths));
    for (unsigned i = 0; i < n; ++i) {
        const Mode& m = modes[i];
        SCOPED_TRACE(testing::Message() << m.width << "x" << m.height << "x" << m.bpp);
        EXPECT_EQ(m.pitch, m.width * vbe::bytes_per_pixel(m.bpp));
        EXPECT_EQ(m.pages, 2u);
        // Page 0 starts on a whole line at or after the text memory...
        EXPECT_EQ((vbe::text_reserve + m.origin) % m.pitch, 0u);
        EXPECT_LT(m.origin, m.pitch);
        // ...and both pages lie inside video memory and the mapping.
        EXPECT_LE(vbe::text_reserve + m.origin + m.pages * m.page_bytes(), qemu.video_memory);
        EXPECT_EQ(vbe::first_line(m, 1) - vbe::first_line(m, 0), m.height);
        EXPECT_EQ(uint64_t(vbe::first_line(m, 0)) * m.pitch, vbe::text_reserve + m.origin);
    }
}

TEST(VbeModes, ModesThatDoNotFitAreLeftOut)
{
    // 1 MiB: 256 KiB for text, 768 KiB for two pages.
    vbe::Limits small = {1u << 20, 16000, 12000, 32};
    Mode m;
    EXPECT_TRUE(vbe::make_mode(640, 480, 8, small, m));      // 2 x 300 KiB
    EXPECT_FALSE(vbe::make_mode(640, 480, 16, small, m));    // 2 x 600 KiB
    EXPECT_FALSE(vbe::make_mode(4000, 3000, 32, qemu, m));   // 2 x 46 MiB
    vbe::Limits narrow = {16u << 20, 800, 600, 16};
    EXPECT_FALSE(vbe::make_mode(1024, 768, 8, narrow, m));   // wider than the card
    EXPECT_FALSE(vbe::make_mode(640, 480, 32, narrow, m));   // deeper than the card
    // Page 1's first line must be a Y offset the card takes.
    vbe::Limits short_card = {16u << 20, 16000, 900, 32};
    EXPECT_FALSE(vbe::make_mode(1024, 768, 8, short_card, m));
}

TEST(VbeModes, RefusesDepthsAndGeometriesItDoesNotKnow)
{
    Mode m;
    EXPECT_FALSE(vbe::make_mode(640, 480, 12, qemu, m));
    EXPECT_FALSE(vbe::make_mode(640, 480, 15, qemu, m));
    EXPECT_FALSE(vbe::make_mode(0, 480, 32, qemu, m));
    EXPECT_FALSE(vbe::make_mode(640, 0, 32, qemu, m));
    EXPECT_FALSE(vbe::make_mode(321, 200, 24, qemu, m));     // a pitch of 963: not in 4-byte units
}

TEST(VbeModes, FindsAModeByItsGeometry)
{
    CardInfo info{};
    info.mode_count = vbe::make_modes(qemu, info.modes, CardInfo::max_modes);
    const Mode* m = vbe::find_mode(info, 800, 600, 24);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->pitch, 2400u);
    EXPECT_EQ(vbe::find_mode(info, 800, 600, 12), nullptr);
    info.mode_count = 1000;                                  // a stray count stays inside the table
    EXPECT_EQ(vbe::find_mode(info, 1, 1, 8), nullptr);
}

} // namespace
