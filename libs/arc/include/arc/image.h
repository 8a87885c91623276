// The pages of a program image: for a page-aligned address, which segment
// it belongs to, its rights, and which bytes of the file go into it (the
// rest is zero). ART uses it to page in a P3's own program, a P3 to page in
// its process. Freestanding; tested on the host.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "elf/elf32.h"

namespace arc {

struct PageFill {
    uint32_t rights;            // kapi::rights (r, w, x)
    const uint8_t* source;      // file bytes to copy (nullptr: none)
    uint32_t offset;            // where in the page they go
    uint32_t length;            // how many (the rest of the page is zero)
};

// Fills `out` for the page at `page` (page aligned) of `image`. False if no
// loadable segment covers the page.
bool page_fill(const elf::Image& image, uint32_t page, PageFill& out);

} // namespace arc
