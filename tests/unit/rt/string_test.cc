// rt's memory and string functions (compiled as rtt_*) against the host's.
#include <gtest/gtest.h>
#include <random>
#include <string.h>
#include <vector>
#include "renamed.h"

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

std::vector<unsigned char> random_bytes(std::mt19937& rng, size_t n)
{
    std::vector<unsigned char> v(n);
    for (auto& b : v)
        b = static_cast<unsigned char>(rng());
    return v;
}

// Every small size at every alignment of source and destination, so both the
// word loop and the byte tails run.
TEST(String, MemcpyAllAlignmentsAndSizes)
{
    std::mt19937 rng(1);
    for (size_t size = 0; size < 70; ++size) {
        for (size_t src_offset = 0; src_offset < 9; ++src_offset) {
            for (size_t dst_offset = 0; dst_offset < 9; ++dst_offset) {
                auto src = random_bytes(rng, size + 16);
                std::vector<unsigned char> ours(size + 16, 0xAA), host(size + 16, 0xAA);
                EXPECT_EQ(rtt_memcpy(ours.data() + dst_offset, src.data() + src_offset, size),
                          ours.data() + dst_offset);
                memcpy(host.data() + dst_offset, src.data() + src_offset, size);
                ASSERT_EQ(ours, host) << size << " " << src_offset << " " << dst_offset;
            }
        }
    }
}

TEST(String, MemmoveOverlapsBothWays)
{
    std::mt19937 rng(2);
    for (size_t size = 0; size < 70; ++size) {
        for (size_t from = 0; from < 12; ++from) {
            for (size_t to = 0; to < 12; ++to) {
                auto base = random_bytes(rng, size + 24);
                auto ours = base, host = base;
                rtt_memmove(ours.data() + to, ours.data() + from, size);
                memmove(host.data() + to, host.data() + from, size);
                ASSERT_EQ(ours, host) << size << " " << from << " " << to;
            }
        }
    }
}

TEST(String, MemsetAllAlignmentsAndSizes)
{
    for (size_t size = 0; size < 70; ++size) {
        for (size_t offset = 0; offset < 9; ++offset) {
            for (int value : {0, 0x5a, 0xff, 0x1234}) {
                std::vector<unsigned char> ours(size + 16, 1), host(size + 16, 1);
                EXPECT_EQ(rtt_memset(ours.data() + offset, value, size), ours.data() + offset);
                memset(host.data() + offset, value, size);
                ASSERT_EQ(ours, host);
            }
        }
    }
}

TEST(String, MemcmpAndBcmp)
{
    std::mt19937 rng(3);
    for (int round = 0; round < 2000; ++round) {
        size_t n = rng() % 40;
        auto a = random_bytes(rng, n + 1);   // never empty: the host's memcmp wants non-null
        auto b = a;
        if (n > 0 && rng() % 4 != 0)
            b[rng() % n] = static_cast<unsigned char>(rng());   // maybe equal by chance
        EXPECT_EQ(sign(rtt_memcmp(a.data(), b.data(), n)), sign(memcmp(a.data(), b.data(), n)));
        EXPECT_EQ(rtt_bcmp(a.data(), b.data(), n) == 0, memcmp(a.data(), b.data(), n) == 0);
    }
    // Bytes compare as unsigned.
    unsigned char high = 0x80, low = 0x01;
    EXPECT_GT(rtt_memcmp(&high, &low, 1), 0);
}

TEST(String, Memchr)
{
    const char text[] = "find the needle";
    EXPECT_EQ(rtt_memchr(text, 'n', sizeof(text)), text + 2);
    EXPECT_EQ(rtt_memchr(text, 'z', sizeof(text)), nullptr);
    EXPECT_EQ(rtt_memchr(text, 'e', 5), nullptr);
    EXPECT_EQ(rtt_memchr(text, '\0', sizeof(text)), text + sizeof(text) - 1);
    EXPECT_EQ(rtt_memchr(text, 'f' + 256, sizeof(text)), text);   // c converts to unsigned char
}

TEST(String, LengthsAndComparisons)
{
    const char* strings[] = {"", "a", "ab", "abc", "abd", "b", "\x80", "\x7f", "hello world"};
    for (const char* a : strings) {
        EXPECT_EQ(rtt_strlen(a), strlen(a));
        for (size_t max : {0, 1, 2, 100})
            EXPECT_EQ(rtt_strnlen(a, max), strnlen(a, max));
        for (const char* b : strings) {
            EXPECT_EQ(sign(rtt_strcmp(a, b)), sign(strcmp(a, b))) << a << " " << b;
            for (size_t n : {0, 1, 2, 3, 50})
                EXPECT_EQ(sign(rtt_strncmp(a, b, n)), sign(strncmp(a, b, n))) << a << " " << b << n;
        }
    }
}

TEST(String, StrchrAndStrrchr)
{
    const char text[] = "a/b/c";
    EXPECT_EQ(rtt_strchr(text, '/'), text + 1);
    EXPECT_EQ(rtt_strrchr(text, '/'), text + 3);
    EXPECT_EQ(rtt_strchr(text, 'x'), nullptr);
    EXPECT_EQ(rtt_strrchr(text, 'x'), nullptr);
    EXPECT_EQ(rtt_strchr(text, '\0'), text + 5);
    EXPECT_EQ(rtt_strrchr(text, '\0'), text + 5);
}

TEST(String, Strlcpy)
{
    char buffer[6];
    EXPECT_EQ(rtt_strlcpy(buffer, "hi", sizeof(buffer)), 2u);
    EXPECT_STREQ(buffer, "hi");
    EXPECT_EQ(rtt_strlcpy(buffer, "truncated", sizeof(buffer)), 9u);
    EXPECT_STREQ(buffer, "trunc");
    EXPECT_EQ(rtt_strlcpy(buffer, "exact", sizeof(buffer)), 5u);
    EXPECT_STREQ(buffer, "exact");
    buffer[0] = 'Z';
    EXPECT_EQ(rtt_strlcpy(buffer, "none", 0), 4u);   // size 0 writes nothing
    EXPECT_EQ(buffer[0], 'Z');
}

TEST(String, Strlcat)
{
    char buffer[8] = "ab";
    EXPECT_EQ(rtt_strlcat(buffer, "cd", sizeof(buffer)), 4u);
    EXPECT_STREQ(buffer, "abcd");
    EXPECT_EQ(rtt_strlcat(buffer, "efghij", sizeof(buffer)), 10u);
    EXPECT_STREQ(buffer, "abcdefg");
    char full[4] = {'x', 'y', 'z', 'w'};   // not terminated within size
    EXPECT_EQ(rtt_strlcat(full, "abc", sizeof(full)), 7u);
    EXPECT_EQ(full[3], 'w');
}

} // namespace
