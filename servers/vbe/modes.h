// The modes the driver offers: which resolutions and depths fit the card's
// video memory with two pages to flip between, and where each page lies.
// Freestanding (tests/unit/vbe runs it on the host).
//
// The first text_reserve bytes of video memory are the VGA's own: the text
// screen and the font live there (the four planes of 64 KiB each). No mode
// draws there, so the driver can return to the console's text screen as it
// was. The framebuffer the holder maps therefore begins text_reserve bytes
// into video memory, and a mode's page 0 begins at the first whole line
// after that (`origin` bytes into the mapping).
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/protocol/display.h"

namespace vbe {

constexpr uint32_t text_reserve = 256 * 1024;

struct Resolution {
    uint16_t width, height;
};
constexpr Resolution resolutions[] = {
    {320, 200}, {640, 400}, {640, 480}, {800, 600}, {1024, 768}, {1280, 1024},
};

// What the card says it can do (the interface's capabilities).
struct Limits {
    uint32_t video_memory;               // bytes
    uint32_t max_width, max_height, max_bpp;
};

constexpr uint32_t bytes_per_pixel(uint32_t bpp) { return (bpp + 7) / 8; }

// The line of video memory where page `page` of `m` begins (the display
// start's Y offset).
constexpr uint32_t first_line(const arc::display::Mode& m, uint32_t page)
{
    return (text_reserve + m.origin) / m.pitch + page * m.height;
}

// The mode of this geometry with `pages` pages; false if it does not fit.
inline bool make_mode(uint32_t width, uint32_t height, uint32_t bpp, const Limits& card, arc::display::Mode& m)
{
    if (width == 0 || height == 0 || width > card.max_width || height > card.max_height || bpp > card.max_bpp)
        return false;
    bool known_depth = false;
    for (L4_Word_t d : arc::display::depths)
        known_depth = known_depth || d == bpp;
    if (!known_depth)
        return false;
    uint64_t pitch = uint64_t(width) * bytes_per_pixel(bpp);
    // The display start is counted in 4-byte units.
    if (pitch % 4)
        return false;
    uint64_t reserved_lines = (text_reserve + pitch - 1) / pitch;
    uint64_t origin = reserved_lines * pitch - text_reserve;
    uint64_t end = text_reserve + origin + uint64_t(arc::display::flip_pages) * pitch * height;
    // Every page's first line must be a Y offset the card takes (it clamps
    // Y offsets to its largest height).
    if (end > card.video_memory || reserved_lines + (arc::display::flip_pages - 1) * height > card.max_height)
        return false;
    m = {width, height, bpp, static_cast<L4_Word_t>(pitch), static_cast<L4_Word_t>(origin), arc::display::flip_pages};
    return true;
}

// Every resolution x depth that fits, into `out`; returns how many.
inline unsigned make_modes(const Limits& card, arc::display::Mode* out, unsigned max)
{
    unsigned n = 0;
    for (const Resolution& r : resolutions)
        for (L4_Word_t bpp : arc::display::depths)
            if (n < max && make_mode(r.width, r.height, bpp, card, out[n]))
                ++n;
    return n;
}

// The mode of `info` with this geometry, or nullptr.
inline const arc::display::Mode* find_mode(const arc::display::CardInfo& info, uint32_t width, uint32_t height,
                                           uint32_t bpp)
{
    for (unsigned i = 0; i < info.mode_count && i < arc::display::CardInfo::max_modes; ++i) {
        const arc::display::Mode& m = info.modes[i];
        if (m.width == width && m.height == height && m.bpp == bpp)
            return &m;
    }
    return nullptr;
}

} // namespace vbe
