// The graphics demo's frames: each a pure function of its number and the
// mode, written once, freestanding, so that the host test
// (tests/system/display/frame_tool.cc) draws the very same frame and
// compares it with QEMU's screendump.
//
// A frame is diagonal colour bands that drift with the frame number and a
// white square that moves across; 8-bit modes draw palette indices with the
// palette below.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace gfxdemo {

struct Rgb {
    uint8_t r, g, b;
    bool operator==(const Rgb&) const = default;
};

constexpr uint32_t square_side = 48;
// How far things move from one frame to the next, in pixels (the square)
// and in colour steps (the bands).
constexpr uint32_t square_step_x = 7, square_step_y = 5;
constexpr uint32_t red_step = 3, green_step = 2, blue_step = 1;
constexpr uint8_t square_index = 255;           // 8-bit modes: the square's palette entry
constexpr Rgb white = {255, 255, 255};

constexpr uint32_t bytes_per_pixel(uint32_t bpp) { return (bpp + 7) / 8; }

// Whether (x, y) is inside the square in frame `frame`.
constexpr bool in_square(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t frame)
{
    uint32_t sx = width > square_side ? (frame * square_step_x) % (width - square_side) : 0;
    uint32_t sy = height > square_side ? (frame * square_step_y) % (height - square_side) : 0;
    return x - sx < square_side && y - sy < square_side;
}

// The palette of 8-bit modes (entry square_index is white).
constexpr Rgb palette_entry(uint32_t i)
{
    if (i == square_index)
        return white;
    constexpr uint32_t blue_spread = 5;
    return {static_cast<uint8_t>(i), static_cast<uint8_t>(255 - i), static_cast<uint8_t>(i * blue_spread)};
}

// 0x00RRGGBB, as the driver's set_palette takes it.
constexpr uint32_t packed(Rgb c) { return uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b; }

constexpr Rgb colour(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t frame)
{
    if (in_square(x, y, width, height, frame))
        return white;
    return {static_cast<uint8_t>(x + frame * red_step), static_cast<uint8_t>(y + frame * green_step),
            static_cast<uint8_t>((x ^ y) + frame * blue_step)};
}

constexpr uint8_t index(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t frame)
{
    if (in_square(x, y, width, height, frame))
        return square_index;
    constexpr uint32_t band_width = 4;
    return static_cast<uint8_t>((x / band_width + y / band_width + frame) % square_index);
}

// The pixel's bytes in video memory (little-endian, blue lowest; 16 bits:
// 5:6:5).
constexpr uint32_t pixel(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t bpp, uint32_t frame)
{
    if (bpp == 8)
        return index(x, y, width, height, frame);
    Rgb c = colour(x, y, width, height, frame);
    if (bpp == 16)
        return uint32_t(c.r >> 3) << 11 | uint32_t(c.g >> 2) << 5 | uint32_t(c.b >> 3);
    return packed(c);
}

// What the screen shows for that pixel, to the bits the depth keeps (16
// bits: the top 5, 6, 5 bits of each channel; the rest are zero here).
constexpr Rgb shown(uint32_t x, uint32_t y, uint32_t width, uint32_t height, uint32_t bpp, uint32_t frame)
{
    if (bpp == 8)
        return palette_entry(index(x, y, width, height, frame));
    Rgb c = colour(x, y, width, height, frame);
    if (bpp == 16)
        return {static_cast<uint8_t>(c.r & 0xf8), static_cast<uint8_t>(c.g & 0xfc), static_cast<uint8_t>(c.b & 0xf8)};
    return c;
}

// Draws frame `frame` into a page of `pitch` bytes per line.
inline void draw(uint8_t* page, uint32_t pitch, uint32_t width, uint32_t height, uint32_t bpp, uint32_t frame)
{
    uint32_t bytes = bytes_per_pixel(bpp);
    for (uint32_t y = 0; y < height; ++y) {
        uint8_t* line = page + size_t(y) * pitch;
        for (uint32_t x = 0; x < width; ++x) {
            uint32_t v = pixel(x, y, width, height, bpp, frame);
            if (bytes == 4) {
                reinterpret_cast<uint32_t*>(line)[x] = v;     // one store: video memory is slow
                continue;
            }
            for (uint32_t b = 0; b < bytes; ++b)
                line[x * bytes + b] = static_cast<uint8_t>(v >> (8 * b));
        }
    }
}

// FNV-1a over the visible bytes of every line: what the demo reports of
// the page it drew (the host computes it from its own drawing).
inline uint32_t checksum(const uint8_t* page, uint32_t pitch, uint32_t width, uint32_t height, uint32_t bpp)
{
    constexpr uint32_t fnv_offset = 2166136261u, fnv_prime = 16777619u;
    uint32_t h = fnv_offset;
    uint32_t visible = width * bytes_per_pixel(bpp);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t i = 0; i < visible; ++i)
            h = (h ^ page[size_t(y) * pitch + i]) * fnv_prime;
    return h;
}

} // namespace gfxdemo
