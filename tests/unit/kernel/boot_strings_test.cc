// How the kernel reads the loader's strings (kernel/lib/boot_strings.h):
// GRUB 2's and QEMU's forms of the same boot must give the same command line
// and the same module names.
#include "lib/boot_strings.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string name_of(const char* s)
{
    unsigned length = 999;
    const char* word = kernel::module_name(s, length);
    return std::string(word, length);
}

TEST(CommandLine, GrubGivesTheWordsAlone)
{
    EXPECT_STREQ(kernel::command_line_words("test=ipc dump_idle"), "test=ipc dump_idle");
    EXPECT_STREQ(kernel::command_line_words(""), "");
}

TEST(CommandLine, QemuPutsTheKernelPathFirst)
{
    EXPECT_STREQ(kernel::command_line_words("/work/build/boot/kernel test=ipc"), "test=ipc");
    EXPECT_STREQ(kernel::command_line_words("/boot/kernel "), "");
    EXPECT_STREQ(kernel::command_line_words("/boot/kernel"), "");
    EXPECT_STREQ(kernel::command_line_words("  /boot/kernel \t bench  "), "bench  ");
}

TEST(CommandLine, OnlyAFirstWordIsAPath)
{
    EXPECT_STREQ(kernel::command_line_words("bench /boot/kernel"), "bench /boot/kernel");
    EXPECT_STREQ(kernel::command_line_words("test=a/b"), "test=a/b");
}

TEST(ModuleName, IsTheLastWord)
{
    EXPECT_EQ(name_of("ramfs"), "ramfs");                        // GRUB 2
    EXPECT_EQ(name_of("/tmp/x/boot/ramfs ramfs"), "ramfs");      // QEMU, GRUB legacy
    EXPECT_EQ(name_of("/boot/art art  "), "art");
    EXPECT_EQ(name_of("\tsigma0"), "sigma0");
}

TEST(ModuleName, OfNothingIsEmpty)
{
    EXPECT_EQ(name_of(""), "");
    EXPECT_EQ(name_of("   "), "");
}

} // namespace
