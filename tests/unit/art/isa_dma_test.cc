// The ISA DMA controllers' register arithmetic (root-task/isa_dma.h): which
// buffers a channel can take, and the bytes ART writes for them.
#include "isa_dma.h"

#include <gtest/gtest.h>

namespace {

using art::isa_dma::check;
using art::isa_dma::PortWrite;
using art::isa_dma::Refusal;

TEST(IsaDma, ChecksChannelSizeReachBoundaryAndAlignment)
{
    EXPECT_EQ(check(1, 0x10000, 0x2000), Refusal::none);
    EXPECT_EQ(check(5, 0x10000, 0x2000), Refusal::none);
    EXPECT_EQ(check(4, 0x10000, 0x2000), Refusal::no_such_channel);
    EXPECT_EQ(check(8, 0x10000, 0x2000), Refusal::no_such_channel);
    EXPECT_EQ(check(1, 0x10000, 0), Refusal::empty);
    EXPECT_EQ(check(1, 0xfff000, 0x1000), Refusal::none);          // the last page below 16 MiB
    EXPECT_EQ(check(1, 0xfff000, 0x1001), Refusal::too_far);
    EXPECT_EQ(check(1, 0x1000000, 0x1000), Refusal::too_far);
    EXPECT_EQ(check(1, 0xfffffff0, 0x100), Refusal::too_far);      // no wrap-around
    // 64 KiB blocks for the 8-bit channels, 128 KiB for the 16-bit ones.
    EXPECT_EQ(check(1, 0x2f000, 0x2000), Refusal::crosses_boundary);    // 0x30000
    EXPECT_EQ(check(5, 0x2f000, 0x2000), Refusal::none);
    EXPECT_EQ(check(5, 0x1f000, 0x2000), Refusal::crosses_boundary);    // 0x20000
    EXPECT_EQ(check(5, 0x3f000, 0x2000), Refusal::crosses_boundary);
    EXPECT_EQ(check(1, 0x10000, 0x10000), Refusal::none);          // a whole block
    EXPECT_EQ(check(5, 0x10001, 0x100), Refusal::misaligned);
    EXPECT_EQ(check(5, 0x10000, 0x101), Refusal::misaligned);
    EXPECT_EQ(check(1, 0x10001, 0x101), Refusal::none);            // bytes: any address
}

TEST(IsaDma, StartsAn8BitChannelInBytes)
{
    PortWrite w[art::isa_dma::start_writes];
    art::isa_dma::start(1, 0x123400, 0x2000, true, w);
    const PortWrite expected[] = {
        {0x0a, 0x05},          // mask channel 1
        {0x0c, 0x00},          // flip-flop: low byte next
        {0x0b, 0x59},          // single, auto-init, read, channel 1
        {0x02, 0x00}, {0x02, 0x34},      // address 0x3400
        {0x83, 0x12},          // page
        {0x03, 0xff}, {0x03, 0x1f},      // count 0x1fff
        {0x0a, 0x01},          // unmask
    };
    for (unsigned i = 0; i < art::isa_dma::start_writes; ++i) {
        EXPECT_EQ(w[i].port, expected[i].port) << i;
        EXPECT_EQ(w[i].value, expected[i].value) << i;
    }
}

TEST(IsaDma, StartsA16BitChannelInWords)
{
    PortWrite w[art::isa_dma::start_writes];
    art::isa_dma::start(5, 0x123400, 0x2000, false, w);
    const PortWrite expected[] = {
        {0xd4, 0x05}, {0xd8, 0x00},
        {0xd6, 0x49},          // single, read, channel 5 (1 on the second controller), once
        {0xc4, 0x00}, {0xc4, 0x1a},      // word address: (0x123400 >> 1) & 0xffff = 0x1a00
        {0x8b, 0x12},          // page: address bits 16..23 (bit 0 ignored by the controller)
        {0xc6, 0xff}, {0xc6, 0x0f},      // 0x1000 words - 1
        {0xd4, 0x01},
    };
    for (unsigned i = 0; i < art::isa_dma::start_writes; ++i) {
        EXPECT_EQ(w[i].port, expected[i].port) << i;
        EXPECT_EQ(w[i].value, expected[i].value) << i;
    }
}

TEST(IsaDma, StopsByMaskingOnlyThatChannel)
{
    EXPECT_EQ(art::isa_dma::stop(1).port, 0x0a);
    EXPECT_EQ(art::isa_dma::stop(1).value, 0x05);
    EXPECT_EQ(art::isa_dma::stop(7).port, 0xd4);
    EXPECT_EQ(art::isa_dma::stop(7).value, 0x07);
}

} // namespace
