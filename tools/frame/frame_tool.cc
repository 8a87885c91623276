// frame-tool WIDTH HEIGHT BPP FRAME OUT.ppm
//
// Draws the graphics demo's frame FRAME on the host with the demo's own
// code (applications/gfxdemo/frame.h), prints the checksum the demo prints
// for it, and writes what the screen shows for it as a PPM (P6), for
// display_test.py and the campaign to compare with QEMU's screendump.
#include "frame.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: frame-tool WIDTH HEIGHT BPP FRAME OUT.ppm\n");
        return 2;
    }
    uint32_t width = std::strtoul(argv[1], nullptr, 0), height = std::strtoul(argv[2], nullptr, 0);
    uint32_t bpp = std::strtoul(argv[3], nullptr, 0), frame = std::strtoul(argv[4], nullptr, 0);
    if (width == 0 || height == 0 || (bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)) {
        std::fprintf(stderr, "frame_tool: bad geometry\n");
        return 2;
    }
    uint32_t pitch = width * gfxdemo::bytes_per_pixel(bpp);
    std::vector<uint8_t> page(size_t(pitch) * height);
    gfxdemo::draw(page.data(), pitch, width, height, bpp, frame);
    std::printf("checksum 0x%08x\n", gfxdemo::checksum(page.data(), pitch, width, height, bpp));

    FILE* out = std::fopen(argv[5], "wb");
    if (!out) {
        std::perror(argv[5]);
        return 1;
    }
    std::fprintf(out, "P6\n%u %u\n255\n", width, height);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            gfxdemo::Rgb c = gfxdemo::shown(x, y, width, height, bpp, frame);
            uint8_t rgb[3] = {c.r, c.g, c.b};
            std::fwrite(rgb, 1, 3, out);
        }
    return std::fclose(out) == 0 ? 0 : 1;
}
