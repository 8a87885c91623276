// arc::page_fill: what goes into each page of a program image, the loader
// logic ART (for P3s) and every P3 (for its process) rely on.
#include "arc/image.h"
#include "api/types.h"
#include "elf_builder.h"

#include <gtest/gtest.h>

namespace {

using kapi::Word;
namespace rights = kapi::rights;

elf::Image open(const std::vector<uint8_t>& bytes)
{
    auto image = elf::Image::open(bytes.data(), bytes.size());
    EXPECT_TRUE(image.ok());
    return *image;
}

TEST(PageFill, EachSegmentsPagesGetItsRightsAndFileBytes)
{
    std::vector<uint8_t> bytes = test::ElfBuilder().build();     // text, data, pdata (elf_builder.h)
    elf::Image image = open(bytes);
    arc::PageFill f;

    ASSERT_TRUE(arc::page_fill(image, 0x1000, f));
    EXPECT_EQ(f.rights, Word(rights::r | rights::x));
    EXPECT_EQ(f.source, bytes.data() + 0x1000);
    EXPECT_EQ(f.offset, 0u);
    EXPECT_EQ(f.length, 0x40u);

    ASSERT_TRUE(arc::page_fill(image, 0x2000, f));
    EXPECT_EQ(f.rights, Word(rights::rw));
    EXPECT_EQ(f.source, bytes.data() + 0x2000);
    EXPECT_EQ(f.length, 0x20u);                // the rest of the page is bss: zero

    ASSERT_TRUE(arc::page_fill(image, 0x80000000, f));
    EXPECT_EQ(f.rights, Word(rights::rw));
    EXPECT_EQ(f.length, 0x10u);
}

TEST(PageFill, PagesOutsideEverySegmentAreNotTheImages)
{
    std::vector<uint8_t> bytes = test::ElfBuilder().build();
    elf::Image image = open(bytes);
    arc::PageFill f;
    EXPECT_FALSE(arc::page_fill(image, 0x0000, f));
    EXPECT_FALSE(arc::page_fill(image, 0x3000, f));       // just past data's memsz
    EXPECT_FALSE(arc::page_fill(image, 0x7ffff000, f));
    EXPECT_FALSE(arc::page_fill(image, 0x80001000, f));
}

TEST(PageFill, BssOnlyPagesHaveNoFileBytes)
{
    test::ElfBuilder b;
    b.phdrs[1].memsz = 0x3000;                            // data grows by two pages of bss
    std::vector<uint8_t> bytes = b.build();
    elf::Image image = open(bytes);
    arc::PageFill f;
    ASSERT_TRUE(arc::page_fill(image, 0x3000, f));
    EXPECT_EQ(f.source, nullptr);
    EXPECT_EQ(f.length, 0u);
    EXPECT_EQ(f.rights, Word(rights::rw));
    ASSERT_TRUE(arc::page_fill(image, 0x4000, f));
    EXPECT_FALSE(arc::page_fill(image, 0x5000, f));
}

TEST(PageFill, FileBytesSpanningPagesAreSplitAtPageBoundaries)
{
    test::ElfBuilder b;
    b.phdrs[2].vaddr = 0x80000000;
    b.phdrs[2].offset = 0x3000;
    b.phdrs[2].filesz = 0x1800;                           // one and a half pages from the file
    b.phdrs[2].memsz = 0x2000;
    b.file_size = 0x3000 + 0x1800;
    std::vector<uint8_t> bytes = b.build();
    elf::Image image = open(bytes);
    arc::PageFill f;
    ASSERT_TRUE(arc::page_fill(image, 0x80000000, f));
    EXPECT_EQ(f.source, bytes.data() + 0x3000);
    EXPECT_EQ(f.length, 0x1000u);
    ASSERT_TRUE(arc::page_fill(image, 0x80001000, f));
    EXPECT_EQ(f.source, bytes.data() + 0x4000);
    EXPECT_EQ(f.offset, 0u);
    EXPECT_EQ(f.length, 0x800u);
}

} // namespace
