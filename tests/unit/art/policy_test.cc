#include "policy.h"

#include <gtest/gtest.h>
#include <string>

namespace {

art::Policy parse_ok(const std::string& text)
{
    art::Policy p;
    unsigned line = 0;
    const char* reason = nullptr;
    EXPECT_TRUE(p.parse(text.data(), text.size(), line, reason)) << "line " << line << ": " << (reason ? reason : "");
    return p;
}

void expect_refused(const std::string& text, unsigned expected_line)
{
    art::Policy p;
    unsigned line = 0;
    const char* reason = nullptr;
    EXPECT_FALSE(p.parse(text.data(), text.size(), line, reason)) << text;
    EXPECT_EQ(line, expected_line) << text;
    EXPECT_NE(reason, nullptr);
}

const char* const sample = "# a comment\n"
                           "\n"
                           "console   irq     4\n"
                           "console   ports   0x3f8 8   # COM1\n"
                           "console   memory  0xb8000 0x1000\n"
                           "kb        irq     1\n"
                           "kb        ports   96 1\n"
                           "ram       module  ramfs";

TEST(Policy, ParsesRulesCommentsAndBlankLines)
{
    art::Policy p = parse_ok(sample);
    EXPECT_EQ(p.rule_count(), 6u);
}

TEST(Policy, GrantsExactlyWhatIsListed)
{
    art::Policy p = parse_ok(sample);
    EXPECT_TRUE(p.allows_irq("console", 4));
    EXPECT_FALSE(p.allows_irq("console", 1));
    EXPECT_FALSE(p.allows_irq("hello", 4));
    EXPECT_TRUE(p.allows_irq("kb", 1));
    EXPECT_TRUE(p.allows_ports("console", 0x3f8, 8));
    EXPECT_TRUE(p.allows_ports("console", 0x3fa, 2));
    EXPECT_FALSE(p.allows_ports("console", 0x3f8, 9));      // one past the range
    EXPECT_FALSE(p.allows_ports("console", 0x3f7, 1));
    EXPECT_FALSE(p.allows_ports("console", 0x3f8, 0));
    EXPECT_TRUE(p.allows_ports("kb", 0x60, 1));
    EXPECT_TRUE(p.allows_memory("console", 0xb8000, 0x1000));
    EXPECT_FALSE(p.allows_memory("console", 0xb8000, 0x1001));
    EXPECT_FALSE(p.allows_memory("console", 0xb7000, 0x1000));
    EXPECT_FALSE(p.allows_memory("kb", 0xb8000, 0x1000));
    EXPECT_TRUE(p.allows_module("ram", "ramfs"));
    EXPECT_FALSE(p.allows_module("ram", "sigma0"));
    EXPECT_FALSE(p.allows_module("console", "ramfs"));
}

TEST(Policy, RefusesMalformedLinesWithTheirNumber)
{
    expect_refused("console irq\n", 1);
    expect_refused("# ok\nconsole irq 16\n", 2);                 // no such interrupt line
    expect_refused("console frobnicate 3\n", 1);
    expect_refused("console\n", 1);
    expect_refused("console ports 0x3f8\n", 1);
    expect_refused("console ports 0xfff0 0x20\n", 1);            // past port 0xffff
    expect_refused("console ports 0x3f8 0\n", 1);
    expect_refused("console memory 0xfffff000 0x2000\n", 1);     // wraps
    expect_refused("console irq 4 5\n", 1);                      // trailing words
    expect_refused("console irq 0x\n", 1);
    expect_refused("console irq 4z\n", 1);
    expect_refused("console irq 99999999999\n", 1);
    expect_refused("averyveryveryveryveryverylongprogramname irq 4\n", 1);
}

TEST(Policy, RefusesMoreRulesThanItHolds)
{
    std::string text;
    for (unsigned i = 0; i <= art::Policy::max_rules; ++i)
        text += "p irq 3\n";
    expect_refused(text, art::Policy::max_rules + 1);
}

TEST(Policy, EmptyPolicyGrantsNothing)
{
    art::Policy p = parse_ok("");
    EXPECT_EQ(p.rule_count(), 0u);
    EXPECT_FALSE(p.allows_irq("console", 4));
}

} // namespace

// ISA DMA channels (the Sound Blaster's 1 and 5): granted one by one; the
// cascade channel 4 and channels past 7 are malformed lines.
TEST(Policy, GrantsDmaChannelsAndRefusesTheCascade)
{
    art::Policy p = parse_ok("audio dma 1\naudio dma 5\naudio-buffered dma 1\n");
    EXPECT_EQ(p.rule_count(), 3u);
    EXPECT_TRUE(p.allows_dma("audio", 1));
    EXPECT_TRUE(p.allows_dma("audio", 5));
    EXPECT_FALSE(p.allows_dma("audio", 3));
    EXPECT_TRUE(p.allows_dma("audio-buffered", 1));
    EXPECT_FALSE(p.allows_dma("audio-buffered", 5));
    EXPECT_FALSE(p.allows_dma("console", 1));
    EXPECT_FALSE(p.allows_irq("audio", 1));          // a channel is not an interrupt line
    expect_refused("audio dma 4\n", 1);
    expect_refused("audio dma 8\n", 1);
    expect_refused("audio dma\n", 1);
    expect_refused("audio dma 1 5\n", 1);
}

TEST(Policy, GrantsPciDevicesByVendorAndDevice)
{
    art::Policy p = parse_ok("vbe pci 1234:1111\n"
                             "vbe pci 80ee:BEEF   # upper-case hex too\n");
    EXPECT_EQ(p.rule_count(), 2u);
    EXPECT_TRUE(p.allows_pci("vbe", 0x1234, 0x1111));
    EXPECT_TRUE(p.allows_pci("vbe", 0x80ee, 0xbeef));
    EXPECT_FALSE(p.allows_pci("vbe", 0x1234, 0x1112));
    EXPECT_FALSE(p.allows_pci("vbe", 0x1111, 0x1234));
    EXPECT_FALSE(p.allows_pci("console", 0x1234, 0x1111));
    // A pci line grants no memory, ports or interrupts by itself.
    EXPECT_FALSE(p.allows_memory("vbe", 0x1234, 0x1111));
    EXPECT_FALSE(p.allows_irq("vbe", 0));
}

TEST(Policy, RefusesMalformedPciLines)
{
    expect_refused("vbe pci\n", 1);
    expect_refused("vbe pci 1234\n", 1);
    expect_refused("vbe pci 1234:111\n", 1);                     // four digits each
    expect_refused("vbe pci 12345:1111\n", 1);
    expect_refused("vbe pci 0x1234:1111\n", 1);
    expect_refused("vbe pci 1234-1111\n", 1);
    expect_refused("vbe pci 12g4:1111\n", 1);
    expect_refused("vbe pci 1234:1111 1\n", 1);                  // trailing words
}
