#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>
#include "parser.h"

namespace {

using msh::FsPath;
using msh::PathError;
using msh::Words;

TEST(Words, SplitsAtBlanks)
{
    Words w;
    ASSERT_EQ(w.split("  ram:hello   big\tworld "), Words::Error::none);
    ASSERT_EQ(w.count(), 3u);
    EXPECT_STREQ(w[0], "ram:hello");
    EXPECT_STREQ(w[1], "big");
    EXPECT_STREQ(w[2], "world");
    EXPECT_STREQ(w[3], "");   // past the end: empty, never a null pointer
}

TEST(Words, EmptyLineHasNoWords)
{
    Words w;
    EXPECT_EQ(w.split(""), Words::Error::none);
    EXPECT_EQ(w.count(), 0u);
    EXPECT_EQ(w.split("  \t "), Words::Error::none);
    EXPECT_EQ(w.count(), 0u);
}

TEST(Words, TooManyWordsIsAnError)
{
    std::string line;
    for (size_t i = 0; i <= Words::max_words; ++i)
        line += "x ";
    Words w;
    EXPECT_EQ(w.split(line.c_str()), Words::Error::too_many_words);
}

TEST(Words, JoinUsesSingleBlanks)
{
    Words w;
    ASSERT_EQ(w.split("echo a   b  c"), Words::Error::none);
    char out[32];
    EXPECT_TRUE(w.join(1, out, sizeof out));
    EXPECT_STREQ(out, "a b c");
    EXPECT_TRUE(w.join(4, out, sizeof out));
    EXPECT_STREQ(out, "");
}

TEST(Words, JoinReportsTruncation)
{
    Words w;
    ASSERT_EQ(w.split("echo abc def"), Words::Error::none);
    char out[6];
    EXPECT_FALSE(w.join(1, out, sizeof out));
    EXPECT_STREQ(out, "abc d");
    char exact[8];
    EXPECT_TRUE(w.join(1, exact, sizeof exact));
}

TEST(Words, DropFront)
{
    Words w;
    ASSERT_EQ(w.split("repeat 3 ram:hello x"), Words::Error::none);
    w.drop_front(2);
    ASSERT_EQ(w.count(), 2u);
    EXPECT_STREQ(w[0], "ram:hello");
    EXPECT_STREQ(w[1], "x");
    w.drop_front(5);
    EXPECT_EQ(w.count(), 0u);
}

TEST(Words, DropBack)
{
    Words w;
    ASSERT_EQ(w.split("echo hello > ext2:/a"), Words::Error::none);
    w.drop_back(2);
    ASSERT_EQ(w.count(), 2u);
    EXPECT_STREQ(w[1], "hello");
    EXPECT_STREQ(w[2], "");
    w.drop_back(3);
    EXPECT_EQ(w.count(), 0u);
}

TEST(Words, Replace)
{
    Words w;
    ASSERT_EQ(w.split("kill $!"), Words::Error::none);
    static const char pid[] = "7";
    w.replace(1, pid);
    w.replace(2, pid);      // past the end: ignored
    ASSERT_EQ(w.count(), 2u);
    EXPECT_STREQ(w[1], "7");
}

// Commands of a line, one by one: (text, ran in the background?).
std::vector<std::pair<std::string, bool>> commands_of(const char* line)
{
    std::vector<std::pair<std::string, bool>> out;
    char command[64];
    bool background = false;
    for (const char* cursor = line; msh::next_command(cursor, command, sizeof command, background);)
        out.emplace_back(command, background);
    return out;
}

TEST(CommandList, BackgroundAsAWordOfItsOwnOrStuckToTheLast)
{
    using List = std::vector<std::pair<std::string, bool>>;
    EXPECT_EQ(commands_of("ram:idle &"), (List{{"ram:idle", true}}));
    EXPECT_EQ(commands_of("ram:idle 5&"), (List{{"ram:idle 5", true}}));
    EXPECT_EQ(commands_of("ram:hello"), (List{{"ram:hello", false}}));
    EXPECT_EQ(commands_of(""), List{});
    EXPECT_EQ(commands_of("   "), List{});
}

TEST(CommandList, SequenceAndBackgroundMix)
{
    using List = std::vector<std::pair<std::string, bool>>;
    EXPECT_EQ(commands_of("ram:a 1 & ram:b 2 &ram:c; echo x"),
              (List{{"ram:a 1", true}, {"ram:b 2", true}, {"ram:c", false}, {"echo x", false}}));
    EXPECT_EQ(commands_of("echo a;;echo b"), (List{{"echo a", false}, {"", false}, {"echo b", false}}));
    EXPECT_EQ(commands_of("& ram:x"), (List{{"", true}, {"ram:x", false}}));
}

TEST(CommandList, LongCommandIsCutNotOverrun)
{
    char command[8];
    bool background = true;
    const char* line = "echo 0123456789; echo b";
    ASSERT_TRUE(msh::next_command(line, command, sizeof command, background));
    EXPECT_STREQ(command, "echo 01");
    EXPECT_FALSE(background);
    EXPECT_STREQ(line, " echo b");
}

TEST(Program, ColonMeansProgram)
{
    EXPECT_TRUE(msh::is_program("ram:hello"));
    EXPECT_FALSE(msh::is_program("ps"));
    EXPECT_EQ(msh::check_program("ram:hello"), PathError::none);
    EXPECT_EQ(msh::check_program("ram:/system/hello"), PathError::none);
    EXPECT_EQ(msh::check_program("ram:"), PathError::no_program);
    EXPECT_EQ(msh::check_program(":hello"), PathError::bad_file_system);
    EXPECT_EQ(msh::check_program("r.m:hello"), PathError::bad_file_system);
}

TEST(Path, FileSystemAndPath)
{
    FsPath p;
    ASSERT_EQ(msh::parse_path("ram:/system/hello", p), PathError::none);
    EXPECT_STREQ(p.fs, "ram");
    EXPECT_STREQ(p.path, "/system/hello");
}

TEST(Path, EmptyPathIsTheRoot)
{
    FsPath p;
    ASSERT_EQ(msh::parse_path("ext2:", p), PathError::none);
    EXPECT_STREQ(p.fs, "ext2");
    EXPECT_STREQ(p.path, "/");
}

TEST(Path, RelativePathStartsAtTheRoot)
{
    FsPath p;
    ASSERT_EQ(msh::parse_path("ram:hello", p), PathError::none);
    EXPECT_STREQ(p.path, "/hello");
}

TEST(Path, Errors)
{
    FsPath p;
    EXPECT_EQ(msh::parse_path("/system", p), PathError::no_file_system);
    EXPECT_EQ(msh::parse_path(":/system", p), PathError::bad_file_system);
    EXPECT_EQ(msh::parse_path("ra m:/", p), PathError::bad_file_system);
    std::string long_fs(arc::naming::max_name + 1, 'f');
    EXPECT_EQ(msh::parse_path((long_fs + ":/").c_str(), p), PathError::bad_file_system);
    std::string longest_fs(arc::naming::max_name, 'f');
    EXPECT_EQ(msh::parse_path((longest_fs + ":/").c_str(), p), PathError::none);
    std::string long_path(arc::fs::max_path, 'p');
    EXPECT_EQ(msh::parse_path(("ram:/" + long_path).c_str(), p), PathError::path_too_long);
    EXPECT_EQ(msh::parse_path(("ram:" + long_path).c_str(), p), PathError::path_too_long);
    EXPECT_EQ(msh::parse_path(("ram:/" + long_path.substr(1)).c_str(), p), PathError::none);
}

TEST(Path, EveryErrorHasAText)
{
    for (auto e : {PathError::none, PathError::no_file_system, PathError::bad_file_system,
                   PathError::path_too_long, PathError::no_program})
        EXPECT_GT(std::string(msh::describe(e)).size(), 1u);
    EXPECT_EQ(std::string(msh::describe(PathError::no_file_system)),
              "bad path (expected FS:/path, e.g. ram:/)");
}

TEST(Number, DecimalAndHex)
{
    uint32_t v = 0;
    EXPECT_TRUE(msh::parse_number("42", v));
    EXPECT_EQ(v, 42u);
    EXPECT_TRUE(msh::parse_number("0x1f", v));
    EXPECT_EQ(v, 31u);
    EXPECT_TRUE(msh::parse_number("0XFF", v));
    EXPECT_EQ(v, 255u);
    EXPECT_TRUE(msh::parse_number("4294967295", v));
    EXPECT_EQ(v, 4294967295u);
    EXPECT_TRUE(msh::parse_number("0", v));
    EXPECT_EQ(v, 0u);
}

TEST(Number, Refused)
{
    uint32_t v = 7;
    EXPECT_FALSE(msh::parse_number("", v));
    EXPECT_FALSE(msh::parse_number("0x", v));
    EXPECT_FALSE(msh::parse_number("12a", v));
    EXPECT_FALSE(msh::parse_number("-1", v));
    EXPECT_FALSE(msh::parse_number("4294967296", v));
    EXPECT_FALSE(msh::parse_number("0x100000000", v));
    EXPECT_EQ(v, 7u);
}

std::string size(uint64_t bytes)
{
    char out[32];
    return msh::format_size(bytes, out, sizeof out);
}

TEST(Size, AsAPersonReadsIt)
{
    EXPECT_EQ(size(0), "0 B");
    EXPECT_EQ(size(1023), "1023 B");
    EXPECT_EQ(size(1024), "1.0 KiB");
    EXPECT_EQ(size(1536), "1.5 KiB");
    EXPECT_EQ(size(10 * 1024 - 1), "9.9 KiB");
    EXPECT_EQ(size(12 * 1024 + 100), "12 KiB");
    EXPECT_EQ(size(1024 * 1024), "1.0 MiB");
    EXPECT_EQ(size(128ull * 1024 * 1024), "128 MiB");
    EXPECT_EQ(size(3ull * 1024 * 1024 * 1024), "3.0 GiB");
}

} // namespace
