#include "arc/image.h"
#include "api/types.h"

namespace arc {

bool page_fill(const elf::Image& image, uint32_t page, PageFill& out)
{
    // The validator refuses segments that share a page, so one segment
    // covers the whole page.
    for (elf::Segment s : image.loads()) {
        uint32_t first = s.vaddr & ~0xfffu;
        if (page < first || page - first >= ((s.end() - first + 0xfff) & ~0xfffu))
            continue;
        out.rights = (s.readable() ? kapi::rights::r : 0) | (s.writable() ? kapi::rights::w : 0) |
                     (s.executable() ? kapi::rights::x : 0);
        uint32_t file_end = s.vaddr + s.filesz;
        uint32_t lo = page > s.vaddr ? page : s.vaddr;
        uint32_t hi = page + 0x1000 < file_end ? page + 0x1000 : file_end;
        if (lo < hi) {
            out.source = s.data + (lo - s.vaddr);
            out.offset = lo - page;
            out.length = hi - lo;
        } else {
            out.source = nullptr;
            out.offset = out.length = 0;
        }
        return true;
    }
    return false;
}

} // namespace arc
