// The formatter against the host C library's snprintf, plus the places where
// rt differs on purpose (%p, nullptr strings, unknown conversions).
#include <gtest/gtest.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string>
#include <vector>
#include "rt/format.h"

namespace {

// Formats with rt and with the host; both the text and the returned length
// must agree.
template <typename... A>
void expect_like_host(const char* fmt, A... args)
{
    char ours[512];
    char host[512];
    int ours_n = rt::snprintf(ours, sizeof(ours), fmt, args...);
    int host_n = ::snprintf(host, sizeof(host), fmt, args...);
    EXPECT_EQ(ours_n, host_n) << "format \"" << fmt << "\"";
    EXPECT_STREQ(ours, host) << "format \"" << fmt << "\"";
}

// Every combination of flags, width and precision for one conversion.
std::vector<std::string> specs(const char* length, char conversion, bool allow_zero_flag = true)
{
    const char* flag_sets[] = {"", "-", "0", "+", " ", "#", "-+", "0+", "- ", "0#", "-#", "+ ", "-0"};
    const char* widths[] = {"", "1", "5", "12"};
    const char* precisions[] = {"", ".", ".0", ".1", ".5", ".12"};
    std::vector<std::string> out;
    for (const char* flags : flag_sets) {
        if (!allow_zero_flag && std::string(flags).find('0') != std::string::npos)
            continue;
        for (const char* width : widths) {
            for (const char* precision : precisions)
                out.push_back(std::string("[%") + flags + width + precision + length + conversion + "]");
        }
    }
    return out;
}

TEST(Format, SignedIntegersMatchHost)
{
    const int values[] = {0, 1, -1, 7, -42, 123456789, INT_MAX, INT_MIN};
    for (char c : {'d', 'i'}) {
        for (const std::string& fmt : specs("", c)) {
            for (int v : values)
                expect_like_host(fmt.c_str(), v);
        }
    }
}

TEST(Format, UnsignedIntegersMatchHost)
{
    const unsigned values[] = {0, 1, 8, 255, 0xdeadbeef, UINT_MAX, 0x80000000u};
    for (char c : {'u', 'x', 'X', 'o'}) {
        for (const std::string& fmt : specs("", c)) {
            for (unsigned v : values)
                expect_like_host(fmt.c_str(), v);
        }
    }
}

TEST(Format, LengthModifiersMatchHost)
{
    for (const std::string& fmt : specs("ll", 'd'))
        for (long long v : {0LL, -1LL, LLONG_MIN, LLONG_MAX, 1000000000000000LL})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("ll", 'x'))
        for (unsigned long long v : {0ULL, ULLONG_MAX, 0x123456789abcdefULL})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("l", 'd'))
        for (long v : {0L, LONG_MIN, LONG_MAX})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("l", 'u'))
        for (unsigned long v : {0UL, ULONG_MAX})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("z", 'u'))
        for (size_t v : {size_t(0), SIZE_MAX, size_t(4096)})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("z", 'x'))
        expect_like_host(fmt.c_str(), SIZE_MAX);
    // hh and h take an int and convert it, so out-of-range values wrap.
    for (const std::string& fmt : specs("hh", 'd'))
        for (int v : {0, 127, 128, -129, 300})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("hh", 'u'))
        for (int v : {0, 255, 256, -1})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("h", 'd'))
        for (int v : {0, 32767, 32768, -70000})
            expect_like_host(fmt.c_str(), v);
    for (const std::string& fmt : specs("h", 'x'))
        for (int v : {0xffff, 0x12345})
            expect_like_host(fmt.c_str(), v);
    expect_like_host("%jd %ju %td", intmax_t(INT64_MIN), uintmax_t(UINT64_MAX), ptrdiff_t(-5));
}

TEST(Format, StringsAndCharactersMatchHost)
{
    // The '0' flag is undefined for %s and %c in C, so it is left out.
    for (const std::string& fmt : specs("", 's', false))
        for (const char* s : {"", "a", "hello", "a longer string, to cut"})
            expect_like_host(fmt.c_str(), s);
    const char* widths[] = {"%c", "%5c", "%-5c", "%1c"};
    for (const char* fmt : widths)
        for (int c : {int('x'), int(' '), int('%'), 0x7f})
            expect_like_host(fmt, c);
}

TEST(Format, StarWidthAndPrecisionMatchHost)
{
    for (int width : {-12, -1, 0, 1, 7, 20}) {
        for (int precision : {-3, -1, 0, 2, 9}) {
            expect_like_host("[%*.*d]", width, precision, -1234);
            expect_like_host("[%-*.*x]", width, precision, 0xbeefu);
            expect_like_host("[%*.*s]", width, precision, "string");
            expect_like_host("[%0*d]", width, 42);
        }
    }
}

TEST(Format, MixedTextMatchesHost)
{
    expect_like_host("no conversions at all");
    expect_like_host("");
    expect_like_host("100%% sure");
    expect_like_host("%d%s%c%x|%-3d|%03u|end", -5, "str", 'q', 255u, 7, 9u);
    expect_like_host("thread %u.%u at %#010x: %s", 12u, 3u, 0xc0001000u, "page fault");
}

TEST(Format, SnprintfTruncatesAndTerminates)
{
    char buffer[8];
    memset(buffer, 'X', sizeof(buffer));
    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), "%s", "0123456789"), 10);
    EXPECT_STREQ(buffer, "0123456");

    memset(buffer, 'X', sizeof(buffer));
    EXPECT_EQ(rt::snprintf(buffer, 1, "%d", 12345), 5);
    EXPECT_EQ(buffer[0], '\0');
    EXPECT_EQ(buffer[1], 'X');   // nothing past size

    EXPECT_EQ(rt::snprintf(nullptr, 0, "%d-%d", 100, -100), 8);

    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), "%8d", 1), 8);
    EXPECT_STREQ(buffer, "       ");

    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), "abcdefg"), 7);
    EXPECT_STREQ(buffer, "abcdefg");
}

TEST(Format, NullStringPrintsNull)
{
    char buffer[32];
    const char* null = nullptr;
    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), "[%s]", null), 8);
    EXPECT_STREQ(buffer, "[(null)]");
    rt::snprintf(buffer, sizeof(buffer), "[%8s|%-8s|%.3s]", null, null, null);
    EXPECT_STREQ(buffer, "[  (null)|(null)  |(nu]");
}

TEST(Format, PointersPrintEveryHexDigit)
{
    char buffer[64];
    char expected[64];
    int digits = 2 * static_cast<int>(sizeof(void*));
    auto* p = reinterpret_cast<void*>(uintptr_t(0xabc123));
    rt::snprintf(buffer, sizeof(buffer), "%p", p);
    ::snprintf(expected, sizeof(expected), "0x%0*jx", digits, uintmax_t(0xabc123));
    EXPECT_STREQ(buffer, expected);

    rt::snprintf(buffer, sizeof(buffer), "%p", static_cast<void*>(nullptr));
    ::snprintf(expected, sizeof(expected), "0x%0*d", digits, 0);
    EXPECT_STREQ(buffer, expected);

    rt::snprintf(buffer, sizeof(buffer), "[%*p]", digits + 4, p);
    ::snprintf(expected, sizeof(expected), "[  0x%0*jx]", digits, uintmax_t(0xabc123));
    EXPECT_STREQ(buffer, expected);
}

TEST(Format, UnknownConversionsAreCopied)
{
    char buffer[64];
    // Printed as written and consuming no argument, so %d still gets 5.
    // (Built at run time: the compiler would rightly warn about the literal.)
    std::string fmt = std::string("%q %") + "5.2f %d";
    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), fmt.c_str(), 5), 10);
    EXPECT_STREQ(buffer, "%q %5.2f 5");

    std::string dangling = std::string("abc %") + "-5";
    EXPECT_EQ(rt::snprintf(buffer, sizeof(buffer), dangling.c_str()), 7);
    EXPECT_STREQ(buffer, "abc %-5");
}

TEST(Format, HugeWidthsAreCapped)
{
    std::vector<char> buffer(3 * rt::max_width);
    std::string wide = std::string("%") + "99999999999999999999d";
    EXPECT_EQ(rt::snprintf(buffer.data(), buffer.size(), wide.c_str(), 1), rt::max_width);
    volatile int most_negative = INT_MIN, most_positive = INT_MAX;   // hidden from -Wformat-overflow
    EXPECT_EQ(rt::snprintf(buffer.data(), buffer.size(), "%*d", most_negative, 1), rt::max_width);
    EXPECT_EQ(buffer[0], '1');
    EXPECT_EQ(rt::snprintf(buffer.data(), buffer.size(), "%.*d", most_positive, 1), rt::max_width);
}

struct Collector {
    std::vector<std::string> pieces;
    static void put(void* context, const char* text, size_t length)
    {
        static_cast<Collector*>(context)->pieces.emplace_back(text, length);
    }
};

TEST(Format, SinkGetsPiecesWithoutNul)
{
    Collector c;
    size_t n = rt::format(rt::Sink{&Collector::put, &c}, "a%db%5sc", 12, "xy");
    std::string joined;
    for (const std::string& piece : c.pieces) {
        EXPECT_FALSE(piece.empty());
        EXPECT_EQ(piece.find('\0'), std::string::npos);
        joined += piece;
    }
    EXPECT_EQ(joined, "a12b   xyc");
    EXPECT_EQ(n, joined.size());
}

} // namespace
