#include "pci_bar.h"

#include <gtest/gtest.h>

namespace {

using art::pci::Bar;
using art::pci::decode_bar;

TEST(PciBar, DecodesAPrefetchableMemoryBar)
{
    // QEMU's standard VGA: 16 MiB of video memory at 0xfd000000, prefetchable.
    Bar b = decode_bar(0xfd000008, 0xff000008);
    EXPECT_TRUE(b.is_memory());
    EXPECT_EQ(b.base, 0xfd000000u);
    EXPECT_EQ(b.size, 0x01000000u);
    EXPECT_EQ(b.flags, Bar::prefetchable);
    EXPECT_TRUE(b.holds_memory(0xfd000000, 0x01000000));
    EXPECT_TRUE(b.holds_memory(0xfd040000, 0x1000));
    EXPECT_FALSE(b.holds_memory(0xfcfff000, 0x2000));          // starts before it
    EXPECT_FALSE(b.holds_memory(0xfdfff000, 0x2000));          // ends after it
    EXPECT_FALSE(b.holds_memory(0xfd000000, 0));
}

TEST(PciBar, DecodesAnIoBar)
{
    // PIIX IDE's bus master block: 16 ports at 0xc040.
    Bar b = decode_bar(0x0000c041, 0xfffffff1);
    EXPECT_EQ(b.flags, Bar::io);
    EXPECT_EQ(b.base, 0xc040u);
    EXPECT_EQ(b.size, 16u);
    EXPECT_TRUE(b.present());
    EXPECT_FALSE(b.is_memory());
    EXPECT_FALSE(b.holds_memory(0xc040, 16));                    // ports are not memory
    // Devices that implement only the low 16 address bits read back zeros above.
    Bar low = decode_bar(0x0000c001, 0x0000ffe1);
    EXPECT_EQ(low.size, 32u);
}

TEST(PciBar, AnUnimplementedBarIsAbsent)
{
    EXPECT_FALSE(decode_bar(0, 0).present());
    EXPECT_FALSE(decode_bar(1, 1).present());                    // an I/O BAR with no address bits
}

TEST(PciBar, A64BitBarBelow4GiBIsUsableAndAboveIsNot)
{
    Bar below = decode_bar(0xfebf000c, 0xffffc00c, 0, 0xffffffff);
    EXPECT_TRUE(below.is_memory());
    EXPECT_EQ(below.base, 0xfebf0000u);
    EXPECT_EQ(below.size, 0x4000u);
    EXPECT_EQ(below.flags, Bar::prefetchable | Bar::wide);
    Bar above = decode_bar(0x0000000c, 0xffffc00c, 0x1, 0xffffffff);
    EXPECT_FALSE(above.present());
    EXPECT_EQ(above.flags & Bar::wide, Bar::wide);               // the scan still skips the high half
    Bar huge = decode_bar(0x0000000c, 0x0000000c, 0, 0xfffffffe);   // 8 GiB
    EXPECT_FALSE(huge.present());
}

TEST(PciBar, ABogusProbeThatWouldWrapIsAbsent)
{
    EXPECT_FALSE(decode_bar(0xfff00000, 0xff000000).present());  // 16 MiB from 0xfff00000 passes 4 GiB
}

} // namespace
