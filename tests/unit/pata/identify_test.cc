// IDENTIFY DEVICE data as drives send it: the model's byte order, 28- and
// 48-bit sizes, ATAPI devices refused.
#include "identify.h"

#include <gtest/gtest.h>
#include <cstring>

namespace {

using pata::DriveInfo;
using pata::parse_identify;

struct Identify {
    uint16_t words[256] = {};

    // Characters pair-wise into words, first character in the high byte.
    void model(const char* text)
    {
        char padded[40];
        std::memset(padded, ' ', sizeof(padded));
        std::memcpy(padded, text, std::strlen(text));
        for (int i = 0; i < 20; ++i)
            words[27 + i] = static_cast<uint16_t>(static_cast<uint8_t>(padded[2 * i]) << 8 |
                                                  static_cast<uint8_t>(padded[2 * i + 1]));
    }
    void lba28(uint32_t sectors)
    {
        words[60] = static_cast<uint16_t>(sectors & 0xffff);
        words[61] = static_cast<uint16_t>(sectors >> 16);
    }
    void lba48(uint64_t sectors)
    {
        words[83] |= 1u << 10;
        for (int i = 0; i < 4; ++i)
            words[100 + i] = static_cast<uint16_t>(sectors >> (16 * i));
    }
};

TEST(Identify, ReadsTheModelAndA28BitSize)
{
    Identify id;
    id.model("QEMU HARDDISK");
    id.lba28(131072);                         // 64 MiB
    DriveInfo info;
    ASSERT_TRUE(parse_identify(id.words, info));
    EXPECT_STREQ(info.model, "QEMU HARDDISK");
    EXPECT_EQ(info.sectors, 131072u);
    EXPECT_FALSE(info.lba48);
}

TEST(Identify, PrefersThe48BitSizeWhenTheDriveHasIt)
{
    Identify id;
    id.lba28(0x0fffffff);                     // drives past 128 GiB say 2^28 - 1 here
    id.lba48(0x123456789ull);
    DriveInfo info;
    ASSERT_TRUE(parse_identify(id.words, info));
    EXPECT_TRUE(info.lba48);
    EXPECT_EQ(info.sectors, 0x123456789ull);
}

TEST(Identify, RefusesAtapiAndSizelessDevices)
{
    Identify atapi;
    atapi.words[0] = 0x85c0;                  // ATAPI CD-ROM
    atapi.lba28(1000);
    DriveInfo info;
    EXPECT_FALSE(parse_identify(atapi.words, info));
    Identify empty;
    EXPECT_FALSE(parse_identify(empty.words, info));
}

TEST(Identify, AnAllOnesCommandSetWordIsNotA48BitClaim)
{
    Identify id;
    id.lba28(2048);
    id.words[83] = 0xffff;                    // a floating bus reads all ones
    id.words[100] = 0xffff;
    DriveInfo info;
    ASSERT_TRUE(parse_identify(id.words, info));
    EXPECT_FALSE(info.lba48);
    EXPECT_EQ(info.sectors, 2048u);
}

TEST(Identify, UnprintableModelBytesAreReplaced)
{
    Identify id;
    id.model("AB");
    id.words[28] = 0x0141;                    // "\x01A"
    id.lba28(1);
    DriveInfo info;
    ASSERT_TRUE(parse_identify(id.words, info));
    EXPECT_STREQ(info.model, "AB?A");
}

} // namespace
