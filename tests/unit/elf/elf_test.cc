// libs/elf: a valid image built on the fly, then each rule broken one at a
// time; truncated and bit-flipped images; and (when the toolchain is there) a
// real program linked with libs/rt/user.ld and crt0.
#include <gtest/gtest.h>
#include <functional>
#include <ostream>
#include <stdio.h>
#include <string.h>
#include <vector>
#include "elf/elf32.h"
#include "elf_builder.h"

// gtest prints errors by their message.
namespace elf {
void PrintTo(Error e, std::ostream* os) { *os << message_template(e); }
} // namespace elf

namespace {

using test::ElfBuilder;

elf::Result<elf::Image> open(const std::vector<uint8_t>& bytes, const elf::Policy& policy = {})
{
    return elf::Image::open(bytes.data(), bytes.size(), policy);
}

std::string describe(const elf::Status& s)
{
    char buffer[128];
    return s.describe(buffer, sizeof(buffer));
}

TEST(Elf, ValidImageOpens)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    auto image = open(bytes);
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_EQ(image->entry(), 0x1000u);
    EXPECT_EQ(image->program_header_count(), 3);
    EXPECT_EQ(image->load_count(), 3u);
    EXPECT_EQ(image->section_count(), 6);

    std::vector<elf::Segment> loads;
    for (elf::Segment s : image->loads())
        loads.push_back(s);
    ASSERT_EQ(loads.size(), 3u);
    EXPECT_EQ(loads[0].vaddr, 0x1000u);
    EXPECT_TRUE(loads[0].executable() && loads[0].readable() && !loads[0].writable());
    EXPECT_EQ(loads[1].vaddr, 0x2000u);
    EXPECT_EQ(loads[1].filesz, 0x20u);
    EXPECT_EQ(loads[1].memsz, 0x1000u);
    EXPECT_EQ(loads[1].end(), 0x3000u);
    EXPECT_TRUE(loads[1].writable() && !loads[1].executable());
    EXPECT_EQ(loads[1].data, bytes.data() + 0x2000);
    EXPECT_EQ(loads[2].index, 2);
    EXPECT_EQ(loads[2].vaddr, 0x80000000u);
}

TEST(Elf, FindsSections)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    auto image = open(bytes);
    ASSERT_TRUE(image.ok());
    auto pdata = image->find_section(".pdata");
    ASSERT_TRUE(pdata.ok()) << describe(pdata.status());
    EXPECT_EQ(pdata->index, 4);
    EXPECT_EQ(pdata->addr, 0x80000000u);
    EXPECT_EQ(pdata->size, 0x10u);
    EXPECT_EQ(pdata->data, bytes.data() + 0x3000);
    auto bss = image->find_section(".bss");
    ASSERT_TRUE(bss.ok());
    EXPECT_EQ(bss->type, elf::sht_nobits);
    EXPECT_EQ(bss->data, nullptr);
    EXPECT_EQ(image->find_section(".pdat").status().error, elf::Error::section_not_found);
    EXPECT_EQ(image->find_section(".pdata.x").status().error, elf::Error::section_not_found);
    EXPECT_EQ(image->find_section("").status().error, elf::Error::section_not_found);
}

TEST(Elf, SegmentAt)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    auto image = open(bytes);
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->segment_at(0x1000)->index, 0);
    EXPECT_EQ(image->segment_at(0x2fff)->index, 1);   // in .bss, past the file bytes
    EXPECT_EQ(image->segment_at(0x8000000f)->index, 2);
    EXPECT_EQ(image->segment_at(0x3000).status().error, elf::Error::address_not_loaded);
    EXPECT_EQ(image->segment_at(0).status().error, elf::Error::address_not_loaded);
}

TEST(Elf, MessagesNameTheHeaders)
{
    EXPECT_EQ(describe({elf::Error::segment_outside_file, 2}),
              "ELF: program header 2 extends past the end of the file");
    EXPECT_EQ(describe({elf::Error::segments_overlap, 1, 13}), "ELF: program headers 1 and 13 share a page");
    EXPECT_EQ(describe({}), "ELF: no error");
    char small[10];
    EXPECT_STREQ(elf::Status{elf::Error::bad_magic}.describe(small, sizeof(small)), "ELF: not ");
    for (int e = 0; e <= static_cast<int>(elf::Error::address_not_loaded); ++e)
        EXPECT_EQ(strncmp(elf::message_template(static_cast<elf::Error>(e)), "ELF: ", 5), 0);
}

struct Case {
    const char* what;
    std::function<void(ElfBuilder&)> change;
    elf::Error error;
    uint16_t index = 0;
    uint16_t other = 0;
};

// Each case breaks one rule of an otherwise valid image.
const std::vector<Case>& cases()
{
    using E = elf::Error;
    static const std::vector<Case> all = {
        {"bad magic", [](ElfBuilder& b) { b.ident[1] = 'X'; }, E::bad_magic},
        {"64-bit class", [](ElfBuilder& b) { b.ident[4] = 2; }, E::not_32_bit},
        {"big endian", [](ElfBuilder& b) { b.ident[5] = 2; }, E::not_little_endian},
        {"ident version", [](ElfBuilder& b) { b.ident[6] = 0; }, E::bad_version},
        {"header version", [](ElfBuilder& b) { b.version = 2; }, E::bad_version},
        {"relocatable", [](ElfBuilder& b) { b.type = 1; }, E::not_executable},
        {"shared object", [](ElfBuilder& b) { b.type = 3; }, E::not_executable},
        {"x86-64 machine", [](ElfBuilder& b) { b.machine = 62; }, E::not_i386},
        {"ehsize", [](ElfBuilder& b) { b.ehsize = 64; }, E::bad_header_size},
        {"phentsize", [](ElfBuilder& b) { b.phentsize = 56; }, E::bad_program_header_size},
        {"no program headers", [](ElfBuilder& b) { b.phnum = 0; }, E::no_program_headers},
        {"65 program headers", [](ElfBuilder& b) { b.phnum = 65; }, E::too_many_program_headers},
        {"program headers past the end", [](ElfBuilder& b) { b.phoff = 0x3100; }, E::program_headers_outside_file},
        {"program header offset near 4 GiB", [](ElfBuilder& b) { b.phoff = 0xfffffff0; }, E::program_headers_outside_file},
        {"PT_INTERP", [](ElfBuilder& b) { b.phdrs.push_back({3, 0x100, 0, 0, 0x10, 0x10, 4, 1}); }, E::unsupported_segment, 3},
        {"PT_DYNAMIC", [](ElfBuilder& b) { b.phdrs.insert(b.phdrs.begin(), {2, 0, 0, 0, 0, 0, 6, 4}); }, E::unsupported_segment, 0},
        {"PT_TLS", [](ElfBuilder& b) { b.phdrs.push_back({7, 0x2000, 0x2000, 0, 4, 8, 4, 4}); }, E::unsupported_segment, 3},
        {"filesz > memsz", [](ElfBuilder& b) { b.phdrs[1].filesz = 0x1001; }, E::segment_file_larger_than_memory, 1},
        {"segment past the end", [](ElfBuilder& b) { b.phdrs[2].filesz = b.phdrs[2].memsz = 0x1000; }, E::segment_outside_file, 2},
        {"segment offset near 4 GiB", [](ElfBuilder& b) { b.phdrs[1].offset = 0xfffff000; b.phdrs[1].vaddr = 0x2000; }, E::segment_outside_file, 1},
        {"segment wraps", [](ElfBuilder& b) { b.phdrs[2].vaddr = 0xfffff000; b.phdrs[2].memsz = 0x2000; }, E::segment_wraps, 2},
        {"segment at the kernel", [](ElfBuilder& b) { b.phdrs[2].vaddr = 0xc0000000; }, E::segment_outside_limits, 2},
        {"segment reaching the kernel", [](ElfBuilder& b) { b.phdrs[2].vaddr = 0xbffff000; b.phdrs[2].memsz = 0x1001; }, E::segment_outside_limits, 2},
        {"segment in page 0", [](ElfBuilder& b) { b.phdrs[0].vaddr = 0; b.entry = 0; }, E::segment_outside_limits, 0},
        {"p_align not a power of two", [](ElfBuilder& b) { b.phdrs[1].align = 0x1800; }, E::segment_misaligned, 1},
        {"vaddr and offset differ in the page", [](ElfBuilder& b) { b.phdrs[1].vaddr = 0x2004; }, E::segment_misaligned, 1},
        {"vaddr and offset differ modulo p_align", [](ElfBuilder& b) { b.phdrs[2].align = 0x2000; }, E::segment_misaligned, 2},
        {"segments overlap", [](ElfBuilder& b) { b.phdrs[2].vaddr = 0x2000; }, E::segments_overlap, 1, 2},
        {"segments share a page", [](ElfBuilder& b) { b.phdrs[1].vaddr = 0x1800; b.phdrs[1].offset = 0x2800; }, E::segments_overlap, 0, 1},
        {"no PT_LOAD", [](ElfBuilder& b) { for (auto& p : b.phdrs) p.type = 4; }, E::no_loadable_segment},
        {"only empty PT_LOADs", [](ElfBuilder& b) { for (auto& p : b.phdrs) p.memsz = p.filesz = 0; }, E::no_loadable_segment},
        {"entry in data", [](ElfBuilder& b) { b.entry = 0x2000; }, E::entry_not_executable},
        {"entry just past text", [](ElfBuilder& b) { b.entry = 0x1040; }, E::entry_not_executable},
        {"entry nowhere", [](ElfBuilder& b) { b.entry = 0x50000; }, E::entry_not_executable},
        {"shentsize", [](ElfBuilder& b) { b.shentsize = 32; }, E::bad_section_header_size},
        {"section headers past the end", [](ElfBuilder& b) { b.shoff = 0x3010; b.shnum = 200; }, E::section_headers_outside_file},
        {"section headers over the ELF header", [](ElfBuilder& b) { b.shoff = 0; }, E::section_headers_outside_file},
        {"extended section count", [](ElfBuilder& b) { b.shnum = 0; }, E::extended_numbering},
        {"extended name index", [](ElfBuilder& b) { b.shstrndx = 0xffff; }, E::extended_numbering},
        {"name table is PROGBITS", [](ElfBuilder& b) { b.shstrndx = 1; }, E::bad_string_table, 1},
        {"name table index too big", [](ElfBuilder& b) { b.shstrndx = 6; }, E::bad_string_table, 6},
        {"section past the end", [](ElfBuilder& b) { b.shdrs[4].size = 0x100000; }, E::section_outside_file, 4},
        {"section offset near 4 GiB", [](ElfBuilder& b) { b.shdrs[2].offset = 0xfffffff0; }, E::section_outside_file, 2},
    };
    return all;
}

TEST(Elf, EachBrokenRuleIsRefusedWithItsError)
{
    for (const Case& c : cases()) {
        ElfBuilder builder;
        c.change(builder);
        std::vector<uint8_t> bytes = builder.build();
        auto image = open(bytes);
        EXPECT_FALSE(image.ok()) << c.what;
        EXPECT_EQ(image.status().error, c.error)
            << c.what << ": got \"" << describe(image.status()) << "\"";
        EXPECT_EQ(image.status().index, c.index) << c.what;
        EXPECT_EQ(image.status().other, c.other) << c.what;
    }
}

TEST(Elf, TooSmall)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    bytes.resize(51);
    EXPECT_EQ(open(bytes).status().error, elf::Error::too_small);
    EXPECT_EQ(elf::Image::open(nullptr, 0).status().error, elf::Error::too_small);
}

TEST(Elf, HarmlessOddities)
{
    // Empty PT_LOADs and non-load headers with nonsense fields are ignored.
    ElfBuilder b;
    b.phdrs.push_back({1, 0xffffffff, 0xfffffff0, 0, 0, 0, 7, 3});
    b.phdrs.push_back({4, 0xfffffff0, 0, 0, 0x100, 0x100, 0, 0});   // PT_NOTE
    b.phdrs.push_back({0x6474e551, 0, 0, 0, 0, 0, 6, 16});          // PT_GNU_STACK
    b.shdrs[3].size = 0x7fffffff;                                    // NOBITS: no file bytes
    std::vector<uint8_t> bytes = b.build();   // must outlive the Image
    auto image = open(bytes);
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_EQ(image->load_count(), 3u);
    unsigned n = 0;
    for (elf::Segment s : image->loads())
        EXPECT_LT(s.index, 3) << ++n;
}

TEST(Elf, StrippedImages)
{
    ElfBuilder b;
    b.with_sections = false;
    std::vector<uint8_t> bytes = b.build();
    auto image = open(bytes);
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_EQ(image->find_section(".pdata").status().error, elf::Error::section_not_found);

    ElfBuilder unnamed;
    unnamed.shstrndx = 0;   // sections but no name table
    bytes = unnamed.build();
    image = open(bytes);
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_EQ(image->find_section(".pdata").status().error, elf::Error::section_not_found);
}

TEST(Elf, BadSectionNameIsReportedByLookup)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    uint32_t shoff = bytes[32] | bytes[33] << 8 | bytes[34] << 16 | uint32_t(bytes[35]) << 24;
    bytes[shoff + 2 * 40 + 1] = 0x7f;   // section 2's sh_name: far past the name table
    auto image = open(bytes);
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->find_section(".text")->index, 1);   // found before the bad one
    auto r = image->find_section(".pdata");
    EXPECT_EQ(r.status().error, elf::Error::bad_section_name);
    EXPECT_EQ(r.status().index, 2);
}

TEST(Elf, NameAtTheEndOfTheTableIsBounded)
{
    // The last name loses its terminator: the table ends inside ".shstrtab".
    ElfBuilder b;
    std::vector<uint8_t> bytes = b.build();
    uint32_t shoff = bytes[32] | bytes[33] << 8 | bytes[34] << 16 | uint32_t(bytes[35]) << 24;
    size_t size_field = shoff + 5 * 40 + 20;
    bytes[size_field] -= 1;
    auto image = open(bytes);
    ASSERT_TRUE(image.ok());
    EXPECT_TRUE(image->find_section(".pdata").ok());
    EXPECT_EQ(image->find_section(".shstrtab").status().error, elf::Error::section_not_found);
}

TEST(Elf, PolicyLimits)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    elf::Policy low;
    low.limit = 0x80000000;
    EXPECT_EQ(open(bytes, low).status().error, elf::Error::segment_outside_limits);
    elf::Policy high;
    high.lowest = 0x2000;
    EXPECT_EQ(open(bytes, high).status().index, 0);
    elf::Policy few;
    few.max_program_headers = 2;
    EXPECT_EQ(open(bytes, few).status().error, elf::Error::too_many_program_headers);
}

TEST(Elf, UnalignedBuffer)
{
    std::vector<uint8_t> bytes = ElfBuilder().build();
    std::vector<uint8_t> shifted(bytes.size() + 3);
    memcpy(shifted.data() + 3, bytes.data(), bytes.size());
    auto image = elf::Image::open(shifted.data() + 3, bytes.size());
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_TRUE(image->find_section(".pdata").ok());
}

// What a successful open promises a loader, checked on whatever was accepted.
void expect_promises_hold(const elf::Image& image, const elf::Policy& policy)
{
    for (elf::Segment s : image.loads()) {
        EXPECT_LE(s.filesz, s.memsz);
        EXPECT_LE(uint64_t(s.offset) + s.filesz, image.size());
        EXPECT_GE(s.vaddr, policy.lowest);
        EXPECT_LE(uint64_t(s.vaddr) + s.memsz, policy.limit);
        if (s.filesz > 0) {
            volatile uint8_t first = s.data[0], last = s.data[s.filesz - 1];   // ASan checks these
            (void)first;
            (void)last;
        }
    }
    auto section = image.find_section(".pdata");
    if (section.ok() && section->data != nullptr) {
        EXPECT_LE(uint64_t(section->offset) + section->size, image.size());
    }
}

TEST(Elf, EveryTruncationIsRefusedSafely)
{
    std::vector<uint8_t> full = ElfBuilder().build();
    for (size_t size = 0; size < full.size(); ++size) {
        std::vector<uint8_t> cut(full.begin(), full.begin() + size);   // exact size: ASan sees over-reads
        auto image = open(cut);
        EXPECT_FALSE(image.ok()) << "accepted a truncation to " << size << " bytes";
    }
}

TEST(Elf, ByteMutationsAreHandledSafely)
{
    std::vector<uint8_t> full = ElfBuilder().build();
    elf::Policy policy;
    const uint8_t values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    size_t accepted = 0;
    // Every byte of the headers and of the section header table.
    uint32_t shoff = full[32] | full[33] << 8 | full[34] << 16 | uint32_t(full[35]) << 24;
    std::vector<size_t> positions;
    for (size_t i = 0; i < 52 + 3 * 32; ++i)
        positions.push_back(i);
    for (size_t i = shoff - 48; i < full.size(); ++i)
        positions.push_back(i);
    for (size_t at : positions) {
        for (uint8_t v : values) {
            std::vector<uint8_t> bytes = full;
            bytes[at] = v;
            auto image = open(bytes, policy);
            if (image.ok()) {
                ++accepted;
                expect_promises_hold(*image, policy);
            }
        }
    }
    EXPECT_GT(accepted, 0u);
}

TEST(Elf, HostExecutableIsRefused)
{
    FILE* f = fopen("/proc/self/exe", "rb");
    ASSERT_NE(f, nullptr);
    std::vector<uint8_t> bytes(4096);
    bytes.resize(fread(bytes.data(), 1, bytes.size(), f));
    fclose(f);
    auto image = open(bytes);
    EXPECT_FALSE(image.ok());
    if (sizeof(void*) == 8) {
        EXPECT_EQ(image.status().error, elf::Error::not_32_bit);
    }
}

#ifdef ARC_TINY_ELF
// A real program: crt0.S + tiny_program.cc linked by clang/lld with
// libs/rt/user.ld (see CMakeLists.txt).
TEST(Elf, ProgramLinkedWithUserLd)
{
    FILE* f = fopen(ARC_TINY_ELF, "rb");
    ASSERT_NE(f, nullptr) << ARC_TINY_ELF;
    std::vector<uint8_t> bytes;
    uint8_t chunk[4096];
    while (size_t n = fread(chunk, 1, sizeof(chunk), f))
        bytes.insert(bytes.end(), chunk, chunk + n);
    fclose(f);

    auto image = open(bytes);
    ASSERT_TRUE(image.ok()) << describe(image.status());
    EXPECT_EQ(image->entry(), 0x1000u);   // _start comes first
    expect_promises_hold(*image, elf::Policy{});

    auto text = image->segment_at(0x1000);
    ASSERT_TRUE(text.ok());
    EXPECT_TRUE(text->executable() && !text->writable());

    auto pdata = image->find_section(".pdata");
    ASSERT_TRUE(pdata.ok());
    EXPECT_EQ(pdata->addr, 0x80000000u);
    EXPECT_EQ(pdata->type, elf::sht_progbits);
    ASSERT_GE(pdata->size, 8u);
    uint32_t first = pdata->data[0] | pdata->data[1] << 8 | pdata->data[2] << 16 | uint32_t(pdata->data[3]) << 24;
    EXPECT_EQ(first, 0x1234abcdu);   // initialised persistent data is in the file

    auto segment = image->segment_at(0x80000000);
    ASSERT_TRUE(segment.ok());
    EXPECT_TRUE(segment->writable() && !segment->executable());
    EXPECT_EQ(segment->vaddr, 0x80000000u);
    EXPECT_EQ(segment->memsz, pdata->size);   // .pdata has a PT_LOAD of its own
    EXPECT_FALSE(image->segment_at(0x7ffff000).ok());
    EXPECT_FALSE(image->segment_at(0x0).ok());

    // crt0's stack: no file bytes, and an unmapped guard page below it.
    unsigned stacks = 0;
    for (elf::Segment s : image->loads()) {
        if (s.filesz == 0 && s.writable() && s.memsz == 16384) {
            ++stacks;
            EXPECT_FALSE(image->segment_at(s.vaddr - 1).ok()) << "no guard page below the stack";
        }
    }
    EXPECT_EQ(stacks, 1u);
    EXPECT_FALSE(image->find_section(".eh_frame").ok());
    EXPECT_FALSE(image->find_section(".comment").ok());
}
#endif

} // namespace
