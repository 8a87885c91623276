// The ram archive reader (libs/arc/src/ramfs.cc): archives built by
// tools/mkramfs.py are accepted and read back byte for byte; every kind of
// corruption is refused with its own message; lookups and listings.
#include <gtest/gtest.h>
#include <unistd.h>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include "arc/ramfs.h"
#include "archive_builder.h"

namespace {

namespace r = arc::ramfs;
namespace fs = std::filesystem;
using ramfs_test::ArchiveBuilder;
using ramfs_test::entry_offset;
using ramfs_test::put_name;
using ramfs_test::put_u32;

std::string message(const r::Status& s)
{
    char buffer[256];
    return s.describe(buffer, sizeof buffer);
}

std::string contents(const r::File& f) { return std::string(reinterpret_cast<const char*>(f.data), f.size); }

// ---------------------------------------------------------------------------
// Archives made by tools/mkramfs.py in a temporary folder.

class TempDir {
public:
    TempDir()
    {
        std::string pattern = (fs::temp_directory_path() / "ramfs-test-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

    void write(const std::string& relative, const std::string& bytes) const
    {
        fs::path p = path_ / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << bytes;
    }
    std::string read(const std::string& relative) const
    {
        std::ifstream in(path_ / relative, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    fs::path path_;
};

struct ToolRun {
    int status;
    std::string archive;
    std::string errors;      // what mkramfs printed on stderr
};

// Runs mkramfs.py with `arguments` (after --output) inside `dir`.
ToolRun mkramfs(const TempDir& dir, const std::string& arguments)
{
    std::string command = "cd '" + dir.path().string() + "' && " ARC_PYTHON " " ARC_MKRAMFS
                          " --output out.ramfs " + arguments + " 2> errors.txt";
    int status = std::system(command.c_str());
    ToolRun run{status, {}, dir.read("errors.txt")};
    if (status == 0)
        run.archive = dir.read("out.ramfs");
    return run;
}

// A sysroot/system-like tree: programs at the top, data in a folder.
const std::map<std::string, std::string> sample_tree = {
    {"system/hello", "\x7f" "ELF hello program"},
    {"system/msh", std::string(1000, 'm')},
    {"system/empty", ""},
    {"system/seventeen", "0123456789abcdefg"},
    {"system/data/song.wav", std::string("RIFF\0\0\0\0WAVE", 12)},
    {"system/data/notes.txt", "do re mi\n"},
};

class RamfsFromTool : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (const auto& [name, bytes] : sample_tree)
            dir.write(name, bytes);
        dir.write("policy.txt", "ram memory 0x0 0x1000\n");
        ToolRun run = mkramfs(dir, "--tree system policy=policy.txt --optional missing=nowhere/policy");
        ASSERT_EQ(run.status, 0) << run.errors;
        blob = run.archive;
        warnings = run.errors;
        auto opened = r::Archive::open(blob.data(), blob.size());
        ASSERT_TRUE(opened.ok()) << message(opened.status());
        archive = *opened;
    }

    TempDir dir;
    std::string blob;
    std::string warnings;
    r::Archive archive;
};

TEST_F(RamfsFromTool, EveryFileReadsBackByteForByte)
{
    for (const auto& [path, bytes] : sample_tree) {
        std::string name = path.substr(std::string("system/").size());
        auto f = archive.find(("/" + name).c_str());
        ASSERT_TRUE(f.ok()) << name << ": " << message(f.status());
        EXPECT_EQ(f->type, r::Type::regular);
        EXPECT_EQ(f->size, bytes.size()) << name;
        EXPECT_EQ(contents(*f), bytes) << name;
        EXPECT_EQ((f->data - archive.bytes()) % r::data_alignment, 0u) << name;
    }
    auto policy = archive.find("policy");
    ASSERT_TRUE(policy.ok());
    EXPECT_EQ(contents(*policy), "ram memory 0x0 0x1000\n");
}

TEST_F(RamfsFromTool, FoldersGetDirectoryEntries)
{
    auto data = archive.find("/data");
    ASSERT_TRUE(data.ok());
    EXPECT_TRUE(data->is_directory());
    EXPECT_EQ(data->size, 0u);
    EXPECT_EQ(data->data, nullptr);
    // 6 files, the policy, the folder
    EXPECT_EQ(archive.count(), 8u);
    EXPECT_EQ(archive.size(), blob.size());
}

TEST_F(RamfsFromTool, MissingOptionalFileIsAWarning)
{
    EXPECT_NE(warnings.find("mkramfs: warning: nowhere/policy not found"), std::string::npos) << warnings;
    EXPECT_EQ(archive.find("missing").error(), r::Error::not_found);
}

TEST_F(RamfsFromTool, RootListsItsEntriesInNameOrder)
{
    std::vector<std::string> names;
    for (r::File f : archive.list(archive.root()))
        names.push_back(f.base_name());
    EXPECT_EQ(names, (std::vector<std::string>{"data", "empty", "hello", "msh", "policy", "seventeen"}));
}

TEST_F(RamfsFromTool, FolderListsOnlyItsOwnEntries)
{
    std::vector<std::string> names;
    for (r::File f : archive.list(*archive.find("/data/")))
        names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{"data/notes.txt", "data/song.wav"}));
}

TEST_F(RamfsFromTool, ChildByIndexEndsWithEndOfDirectory)
{
    auto first = archive.child("/data", 0);
    ASSERT_TRUE(first.ok());
    EXPECT_STREQ(first->base_name(), "notes.txt");
    auto second = archive.child("/data", 1);
    ASSERT_TRUE(second.ok());
    EXPECT_STREQ(second->base_name(), "song.wav");
    EXPECT_EQ(archive.child("/data", 2).error(), r::Error::end_of_directory);
    EXPECT_EQ(archive.child("/data", 0xffffffff).error(), r::Error::end_of_directory);
    EXPECT_EQ(archive.child("/", 5).value().base_name(), std::string("seventeen"));
    EXPECT_EQ(archive.child("/", 6).error(), r::Error::end_of_directory);
}

TEST_F(RamfsFromTool, ChildOfAFileOrABadPathFails)
{
    EXPECT_EQ(archive.child("/hello", 0).error(), r::Error::not_a_directory);
    EXPECT_EQ(archive.child("/nothing", 0).error(), r::Error::not_found);
    EXPECT_EQ(archive.child("/a//b", 0).error(), r::Error::bad_path);
    EXPECT_EQ(archive.list(*archive.find("hello")).begin(), archive.list(*archive.find("hello")).end());
}

TEST_F(RamfsFromTool, PathForms)
{
    EXPECT_TRUE(archive.find("/").value().is_root());
    EXPECT_TRUE(archive.find("").value().is_root());
    EXPECT_EQ(archive.find("hello").value().index, archive.find("/hello").value().index);
    EXPECT_TRUE(archive.find("/data/").ok());
    EXPECT_TRUE(archive.find("data/song.wav").ok());
    EXPECT_EQ(archive.find("/hello/").error(), r::Error::not_a_directory);
    EXPECT_EQ(archive.find("/data/song.wav/").error(), r::Error::not_a_directory);
    EXPECT_EQ(archive.find("/hell").error(), r::Error::not_found);
    EXPECT_EQ(archive.find("/hello2").error(), r::Error::not_found);
    EXPECT_EQ(archive.find("/data/nothing").error(), r::Error::not_found);
    EXPECT_EQ(archive.find("/hello/x").error(), r::Error::not_found);
    EXPECT_EQ(archive.find(std::string(300, 'a').c_str()).error(), r::Error::not_found);
}

TEST_F(RamfsFromTool, MalformedPathsAreBadPaths)
{
    for (const char* path : {"//", "///", "//hello", "/data//song.wav", "/./hello", "/data/../hello", "..",
                             "/hello world", "/tab\there", "/\x01", "/\xc3\xa9", "/data//"})
        EXPECT_EQ(archive.find(path).error(), r::Error::bad_path) << path;
    EXPECT_EQ(archive.find(nullptr).error(), r::Error::bad_path);
}

TEST_F(RamfsFromTool, BaseNames)
{
    EXPECT_STREQ(archive.find("/data/song.wav")->base_name(), "song.wav");
    EXPECT_STREQ(archive.find("/hello")->base_name(), "hello");
    EXPECT_STREQ(archive.root().base_name(), "");
}

TEST_F(RamfsFromTool, ArchiveAtAnOddAddressAndWithTrailingBytes)
{
    // GRUB's module may be followed by padding; the reader reads byte by byte.
    std::vector<uint8_t> shifted(blob.size() + 1 + 4096, 0xee);
    std::copy(blob.begin(), blob.end(), shifted.begin() + 1);
    auto a = r::Archive::open(shifted.data() + 1, shifted.size() - 1);
    ASSERT_TRUE(a.ok()) << message(a.status());
    EXPECT_EQ(a->size(), blob.size());
    EXPECT_EQ(contents(*a->find("/seventeen")), "0123456789abcdefg");
}

TEST(Mkramfs, SameInputsGiveTheSameBytes)
{
    TempDir one, two;
    for (const auto& [name, bytes] : sample_tree) {
        one.write(name, bytes);
        two.write(name, bytes);
    }
    ToolRun a = mkramfs(one, "--tree system");
    ToolRun b = mkramfs(two, "--tree system");
    ASSERT_EQ(a.status, 0) << a.errors;
    ASSERT_EQ(b.status, 0) << b.errors;
    EXPECT_EQ(a.archive, b.archive);
}

TEST(Mkramfs, EmptyTreeIsAValidEmptyArchive)
{
    TempDir dir;
    fs::create_directories(dir.path() / "system");
    ToolRun run = mkramfs(dir, "--tree system");
    ASSERT_EQ(run.status, 0) << run.errors;
    auto a = r::Archive::open(run.archive.data(), run.archive.size());
    ASSERT_TRUE(a.ok()) << message(a.status());
    EXPECT_EQ(a->count(), 0u);
    EXPECT_EQ(a->child("/", 0).error(), r::Error::end_of_directory);
}

// ---------------------------------------------------------------------------
// Hand-made archives.

std::vector<uint8_t> valid_archive()
{
    return ArchiveBuilder().directory("bin").file("bin/tool", "tool!").file("hello", "hi\n").build();
}

r::Status refusal(const std::vector<uint8_t>& bytes, size_t size)
{
    auto a = r::Archive::open(bytes.data(), size);
    return a.ok() ? r::Status{} : a.status();
}
r::Status refusal(const std::vector<uint8_t>& bytes) { return refusal(bytes, bytes.size()); }

TEST(RamfsHandmade, TheValidOneIsAccepted)
{
    auto bytes = valid_archive();
    auto a = r::Archive::open(bytes.data(), bytes.size());
    ASSERT_TRUE(a.ok()) << message(a.status());
    EXPECT_EQ(contents(*a->find("/bin/tool")), "tool!");
}

TEST(RamfsHandmade, ZeroEntriesIsValid)
{
    auto bytes = ArchiveBuilder().build();
    EXPECT_EQ(bytes.size(), r::header_size);
    EXPECT_TRUE(refusal(bytes).ok());
}

TEST(RamfsCorrupt, TooSmall)
{
    auto bytes = valid_archive();
    EXPECT_EQ(refusal(bytes, r::header_size - 1).error, r::Error::too_small);
    EXPECT_EQ(refusal(bytes, 0).error, r::Error::too_small);
    EXPECT_EQ(message(refusal(bytes, 3)), "ramfs: the archive is smaller than its header");
}

TEST(RamfsCorrupt, BadMagic)
{
    auto bytes = valid_archive();
    bytes[7] = 'X';
    EXPECT_EQ(refusal(bytes).error, r::Error::bad_magic);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: bad magic (not an Arc ram archive)");
}

TEST(RamfsCorrupt, BadVersion)
{
    auto bytes = valid_archive();
    put_u32(bytes, r::field::version, 2);
    EXPECT_EQ(refusal(bytes).error, r::Error::bad_version);
}

TEST(RamfsCorrupt, BadEntrySize)
{
    auto bytes = valid_archive();
    put_u32(bytes, r::field::entry_size, 64);
    EXPECT_EQ(refusal(bytes).error, r::Error::bad_entry_size);
}

TEST(RamfsCorrupt, HeaderReservedNotZero)
{
    for (uint32_t word : {0u, 4u}) {
        auto bytes = valid_archive();
        put_u32(bytes, r::field::header_reserved + word, 1);
        EXPECT_EQ(refusal(bytes).error, r::Error::header_reserved_not_zero);
    }
}

TEST(RamfsCorrupt, ModuleShorterThanTheArchive)
{
    auto bytes = valid_archive();
    EXPECT_EQ(refusal(bytes, bytes.size() - 1).error, r::Error::size_beyond_module);
    put_u32(bytes, r::field::archive_size, 0xffffffff);
    EXPECT_EQ(refusal(bytes).error, r::Error::size_beyond_module);
    EXPECT_EQ(message(refusal(bytes)),
              "ramfs: the archive is cut short (its header gives a size larger than the module)");
}

TEST(RamfsCorrupt, TooManyEntries)
{
    auto bytes = valid_archive();
    put_u32(bytes, r::field::entry_count, r::max_entries + 1);
    EXPECT_EQ(refusal(bytes).error, r::Error::too_many_entries);
    put_u32(bytes, r::field::entry_count, 0xffffffff);
    EXPECT_EQ(refusal(bytes).error, r::Error::too_many_entries);
}

TEST(RamfsCorrupt, TableOutsideTheArchive)
{
    auto bytes = valid_archive();
    put_u32(bytes, r::field::entry_count, 100);
    EXPECT_EQ(refusal(bytes).error, r::Error::table_outside_archive);
    bytes = valid_archive();
    put_u32(bytes, r::field::archive_size, r::header_size + 2 * r::entry_size);   // room for two of three
    EXPECT_EQ(refusal(bytes).error, r::Error::table_outside_archive);
    put_u32(bytes, r::field::archive_size, 4);                                     // less than the header
    EXPECT_EQ(refusal(bytes).error, r::Error::table_outside_archive);
}

TEST(RamfsCorrupt, NameNotTerminated)
{
    auto bytes = valid_archive();
    put_name(bytes, 2, std::string(r::name_field_size, 'h'));
    EXPECT_EQ(refusal(bytes).error, r::Error::name_not_terminated);
    EXPECT_EQ(refusal(bytes).index, 2u);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 2: the name is not NUL-terminated");
}

TEST(RamfsCorrupt, NamePaddingNotZero)
{
    auto bytes = valid_archive();
    put_name(bytes, 2, std::string("hello\0junk", 10));
    EXPECT_EQ(refusal(bytes).error, r::Error::name_padding_not_zero);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 2 \"hello\": bytes after the name's NUL are not zero");
}

TEST(RamfsCorrupt, BadNames)
{
    // Each replaces the last entry ("hello"): sorting stays right for all of them
    // but "" and ones starting below 'b', which fail on the name check first anyway.
    for (std::string name : {std::string(""), std::string("/hello"), std::string("hello/"),
                             std::string("hel//lo"), std::string("."), std::string(".."),
                             std::string("x/./y"), std::string("x/../y"), std::string("hel lo"),
                             std::string("hel\tlo"), std::string("hel\x7flo"), std::string("h\xc3\xa9llo")}) {
        auto bytes = valid_archive();
        put_name(bytes, 2, name);
        r::Status s = refusal(bytes);
        EXPECT_EQ(s.error, r::Error::bad_name) << '"' << name << '"';
        EXPECT_EQ(s.index, 2u);
        EXPECT_EQ(s.name, nullptr);      // an invalid name is never printed
    }
}

TEST(RamfsCorrupt, LongestNameIsFine)
{
    std::string longest(r::max_name, 'z');
    auto bytes = ArchiveBuilder().file(longest, "z").build();
    auto a = r::Archive::open(bytes.data(), bytes.size());
    ASSERT_TRUE(a.ok()) << message(a.status());
    EXPECT_TRUE(a->find(("/" + longest).c_str()).ok());
    EXPECT_EQ(a->find(("/" + longest + "z").c_str()).error(), r::Error::not_found);
}

TEST(RamfsCorrupt, NamesNotSorted)
{
    auto bytes = ArchiveBuilder().file("b", "").file("a", "").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::names_not_sorted);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 1 \"a\": the name sorts before entry 0's (names must ascend)");
    // A folder sorts before its contents ("a" < "a/b"); a longer name after its prefix.
    bytes = ArchiveBuilder().file("ab", "").file("a", "").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::names_not_sorted);
}

TEST(RamfsCorrupt, DuplicateName)
{
    auto bytes = ArchiveBuilder().file("a", "1").file("a", "2").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::duplicate_name);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 1 \"a\": the same name as entry 0");
    bytes = ArchiveBuilder().directory("d").directory("d").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::duplicate_name);
}

TEST(RamfsCorrupt, BadType)
{
    for (uint32_t type : {0u, 3u, 7u, 0xffffffffu}) {
        auto bytes = valid_archive();
        put_u32(bytes, entry_offset(2) + r::field::type, type);
        EXPECT_EQ(refusal(bytes).error, r::Error::bad_type) << type;
    }
}

TEST(RamfsCorrupt, EntryReservedNotZero)
{
    auto bytes = valid_archive();
    put_u32(bytes, entry_offset(1) + r::field::entry_reserved, 0x80000000);
    EXPECT_EQ(refusal(bytes).error, r::Error::entry_reserved_not_zero);
    EXPECT_EQ(refusal(bytes).index, 1u);
}

TEST(RamfsCorrupt, DirectoryWithData)
{
    auto bytes = valid_archive();
    put_u32(bytes, entry_offset(0) + r::field::size, 1);
    EXPECT_EQ(refusal(bytes).error, r::Error::directory_with_data);
    bytes = valid_archive();
    put_u32(bytes, entry_offset(0) + r::field::offset, 0x100);
    EXPECT_EQ(refusal(bytes).error, r::Error::directory_with_data);
}

TEST(RamfsCorrupt, DataMisaligned)
{
    auto bytes = valid_archive();
    uint32_t at = entry_offset(2) + r::field::offset;
    put_u32(bytes, at, ramfs_test::get_u32(bytes, at) + 1);
    EXPECT_EQ(refusal(bytes).error, r::Error::data_misaligned);
}

TEST(RamfsCorrupt, DataOverlapsTheTable)
{
    for (uint32_t offset : {0u, r::header_size, r::header_size + 2 * r::entry_size}) {
        auto bytes = valid_archive();
        put_u32(bytes, entry_offset(2) + r::field::offset, offset);
        EXPECT_EQ(refusal(bytes).error, r::Error::data_overlaps_table) << offset;
    }
}

TEST(RamfsCorrupt, DataOutsideTheArchive)
{
    auto bytes = valid_archive();
    put_u32(bytes, entry_offset(2) + r::field::size, 4);     // "hi\n" is the last file: one byte too many
    EXPECT_EQ(refusal(bytes).error, r::Error::data_outside_archive);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 2 \"hello\": data extends past the end of the archive");
    // offset + size wraps around in 32 bits: still refused.
    bytes = valid_archive();
    put_u32(bytes, entry_offset(2) + r::field::offset, 0xfffffff0);
    put_u32(bytes, entry_offset(2) + r::field::size, 0x20);
    EXPECT_EQ(refusal(bytes).error, r::Error::data_outside_archive);
    bytes = valid_archive();
    put_u32(bytes, entry_offset(2) + r::field::size, 0xffffffff);
    EXPECT_EQ(refusal(bytes).error, r::Error::data_outside_archive);
}

TEST(RamfsCorrupt, EmptyFileAtTheVeryEndIsFine)
{
    auto bytes = ArchiveBuilder().file("a", "x").file("b", "").build();
    // mkramfs puts an empty file at the next 16-byte boundary, which may be the end.
    put_u32(bytes, entry_offset(1) + r::field::offset, static_cast<uint32_t>(bytes.size()) & ~15u);
    EXPECT_TRUE(refusal(bytes).ok()) << message(refusal(bytes));
}

TEST(RamfsCorrupt, MissingFolder)
{
    auto bytes = ArchiveBuilder().file("bin/tool", "x").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::missing_folder);
    EXPECT_EQ(message(refusal(bytes)), "ramfs: entry 0 \"bin/tool\": its folder has no entry");
    bytes = ArchiveBuilder().directory("a").file("a/b/c", "x").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::missing_folder);
}

TEST(RamfsCorrupt, FolderIsAFile)
{
    auto bytes = ArchiveBuilder().file("bin", "not a folder").file("bin/tool", "x").build();
    EXPECT_EQ(refusal(bytes).error, r::Error::folder_is_a_file);
    EXPECT_EQ(refusal(bytes).index, 1u);
}

TEST(RamfsCorrupt, DeeperFoldersAreFine)
{
    auto bytes = ArchiveBuilder().directory("a").directory("a/b").file("a/b/c", "deep").build();
    auto a = r::Archive::open(bytes.data(), bytes.size());
    ASSERT_TRUE(a.ok()) << message(a.status());
    EXPECT_EQ(contents(*a->find("/a/b/c")), "deep");
    EXPECT_EQ(a->child("/a", 0).value().name, std::string("a/b"));
    EXPECT_EQ(a->child("/a", 1).error(), r::Error::end_of_directory);
    EXPECT_EQ(a->child("/", 1).error(), r::Error::end_of_directory);
}

// Every error has its own message, and every message is cut safely.
TEST(RamfsMessages, EveryErrorHasOne)
{
    for (int e = static_cast<int>(r::Error::none); e <= static_cast<int>(r::Error::end_of_directory); ++e) {
        std::string text = r::message_template(static_cast<r::Error>(e));
        EXPECT_EQ(text.rfind("ramfs: ", 0), 0u) << e;
        EXPECT_NE(text, "ramfs: unknown error") << e;
        for (int other = 0; other < e; ++other)
            EXPECT_NE(text, r::message_template(static_cast<r::Error>(other))) << e << " " << other;
    }
}

TEST(RamfsMessages, DescribeNeverOverruns)
{
    r::Status s{r::Error::duplicate_name, 1234567890, 4294967295u, "some/name"};
    EXPECT_EQ(message(s), "ramfs: entry 1234567890 \"some/name\": the same name as entry 4294967295");
    char small[12];
    std::memset(small, 'X', sizeof small);
    EXPECT_STREQ(s.describe(small, 8), "ramfs: ");
    EXPECT_EQ(small[8], 'X');
    char one[1] = {'X'};
    EXPECT_STREQ(s.describe(one, 1), "");
    char none[1] = {'X'};
    s.describe(none, 0);
    EXPECT_EQ(none[0], 'X');
}

} // namespace
