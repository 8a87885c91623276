// libFuzzer target for libs/elf: every input either is refused or yields an
// image whose segments and sections keep the promises Image::open makes (the
// promises a loader relies on). A broken promise traps; ASan/UBSan catch any
// read outside the input.
#include <stddef.h>
#include <stdint.h>
#include "elf/elf32.h"

namespace {

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// Reads a byte so ASan checks that it lies inside the input.
void touch(const uint8_t* p)
{
    volatile uint8_t byte = *p;
    (void)byte;
}

void check_image(const elf::Image& image, const elf::Policy& policy)
{
    unsigned count = 0;
    for (elf::Segment s : image.loads()) {
        ++count;
        require(s.memsz > 0 && s.filesz <= s.memsz);
        require(uint64_t(s.offset) + s.filesz <= image.size());
        require(s.vaddr >= policy.lowest && uint64_t(s.vaddr) + s.memsz <= policy.limit);
        require(s.data == image.bytes() + s.offset);
        if (s.filesz > 0) {
            touch(s.data);
            touch(s.data + s.filesz - 1);
        }
        auto found = image.segment_at(s.vaddr + s.memsz - 1);
        require(found.ok() && found->index == s.index);   // segments do not overlap
    }
    require(count == image.load_count() && count > 0);

    auto entry = image.segment_at(image.entry());
    require(entry.ok() && entry->executable());

    static const char* const names[] = {".pdata", ".text", ".shstrtab", ""};
    for (const char* name : names) {
        auto section = image.find_section(name);
        if (section.ok() && section->data != nullptr) {
            require(uint64_t(section->offset) + section->size <= image.size());
            if (section->size > 0)
                touch(section->data + section->size - 1);
        }
    }
}

void run(const uint8_t* data, size_t size, const elf::Policy& policy)
{
    auto image = elf::Image::open(data, size, policy);
    char message[128];
    image.status().describe(message, sizeof(message));
    if (image.ok())
        check_image(*image, policy);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    run(data, size, elf::Policy{});   // an Arc user program
    elf::Policy loose;                // byte granularity, (almost) the whole address space
    loose.lowest = 0;
    loose.limit = 0xffffffff;
    loose.page_size = 1;
    loose.max_program_headers = 256;
    run(data, size, loose);
    return 0;
}
