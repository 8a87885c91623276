// libs/ext2, reading: images made by mke2fs -d from a tree this test writes
// (deep folders, a folder spanning several blocks, files up to double
// indirect blocks, a sparse file past the triple indirect threshold, fast and
// slow symlinks) with every supported block size, revision and inode size;
// every file, folder and link is checked against the host's own tree.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include "image_tools.h"

namespace {

namespace fs = std::filesystem;
using namespace ext2test;

constexpr uint64_t sparse_size = 70'000'000 + 5000;

// The tree every image is made from. Sizes are chosen around the block map's
// edges for the given block size.
void build_tree(const std::string& root, uint32_t block_size)
{
    make_dirs(root);
    write_file(root + "/small.txt", "hello, ext2\n");
    write_file(root + "/empty", "");
    write_file(root + "/exact_block", pattern(block_size, 1));
    write_file(root + "/last_direct", pattern(12 * block_size, 2));
    write_file(root + "/first_indirect", pattern(12 * block_size + 1, 3));
    // Past 12 + block_size/4 blocks: into the double indirect block at every size.
    write_file(root + "/large.bin", pattern(5 * 1024 * 1024 + 123, 4));
    // Logical block 68359 with 1 KiB blocks: past 12 + 256 + 65536, so triple indirect.
    write_sparse_file(root + "/sparse.bin", sparse_size,
                      {{0, "start"}, {1'000'000, pattern(3000, 5)}, {70'000'000, pattern(5000, 6)}});
    std::string deep = root + "/deep";
    for (int i = 0; i < 30; ++i)
        deep += "/level" + std::to_string(i);
    make_dirs(deep);
    write_file(deep + "/leaf.txt", "at the bottom\n");
    make_dirs(root + "/many");
    for (int i = 0; i < 400; ++i)
        write_file(root + "/many/file_with_a_rather_long_name_" + std::to_string(i), std::to_string(i * 7));
    make_dirs(root + "/links");
    make_symlink("../small.txt", root + "/links/fast");
    make_symlink(std::string(59, 'f'), root + "/links/fast_longest");
    make_symlink(std::string(60, 's'), root + "/links/slow_shortest");
    make_symlink("/" + std::string(200, 'x') + "/target", root + "/links/slow");
    write_file(root + "/name with spaces", "spaces\n");
    write_file(root + "/private", "secret\n");
    chmod((root + "/private").c_str(), 0600);
    make_dirs(root + "/locked");
    chmod((root + "/locked").c_str(), 0700);
}

ext2::FileType host_type(const fs::path& p)
{
    auto st = fs::symlink_status(p);
    if (fs::is_symlink(st))
        return ext2::FileType::symlink;
    if (fs::is_directory(st))
        return ext2::FileType::directory;
    return ext2::FileType::regular;
}

struct Config {
    const char* name;
    ImageOptions options;
};
void PrintTo(const Config& config, std::ostream* os) { *os << config.name; }

class Ext2ReadBack : public ::testing::TestWithParam<Config> {
protected:
    void SetUp() override
    {
        source_ = dir_ / "tree";
        image_ = dir_ / "image";
        build_tree(source_, GetParam().options.block_size);
        make_image(GetParam().options, source_, image_);
    }

    void check_file(ext2::FileSystem& fs, uint32_t inode, const std::string& host_path)
    {
        auto st = fs.stat(inode);
        ASSERT_TRUE(st.ok()) << describe(st.status());
        uint64_t size = fs::file_size(host_path);
        ASSERT_EQ(st->size, size) << host_path;
        int fd = open(host_path.c_str(), O_RDONLY);
        ASSERT_GE(fd, 0);
        std::vector<char> expected(1 << 20), got(1 << 20);
        for (uint64_t offset = 0; offset < size; offset += expected.size()) {
            size_t n = static_cast<size_t>(std::min<uint64_t>(expected.size(), size - offset));
            ASSERT_EQ(pread(fd, expected.data(), n, static_cast<off_t>(offset)), static_cast<ssize_t>(n));
            auto r = fs.read(inode, offset, got.data(), got.size());
            ASSERT_TRUE(r.ok()) << describe(r.status());
            ASSERT_EQ(*r, n);
            ASSERT_EQ(memcmp(expected.data(), got.data(), n), 0) << host_path << " at " << offset;
        }
        close(fd);
        auto past = fs.read(inode, size, got.data(), 16);
        ASSERT_TRUE(past.ok());
        EXPECT_EQ(*past, 0u);
    }

    void check_directory(ext2::FileSystem& fs, uint32_t inode, uint32_t parent, const fs::path& host, bool root)
    {
        std::map<std::string, ext2::FileType> expected{{".", ext2::FileType::directory},
                                                       {"..", ext2::FileType::directory}};
        if (root)
            expected["lost+found"] = ext2::FileType::directory;
        unsigned subdirectories = root ? 1 : 0;
        for (const auto& e : fs::directory_iterator(host)) {
            expected[e.path().filename().string()] = host_type(e.path());
            subdirectories += host_type(e.path()) == ext2::FileType::directory;
        }
        std::map<std::string, ext2::FileType> listed;
        uint64_t position = 0;
        ext2::DirEntry entry;
        for (;;) {
            ext2::Status s = fs.read_dir(inode, position, entry);
            if (s.error == ext2::Error::end_of_directory)
                break;
            ASSERT_TRUE(s.ok()) << describe(s);
            EXPECT_TRUE(listed.emplace(entry.name, entry.type).second) << "listed twice: " << entry.name;
            if (std::string(entry.name) == ".") {
                EXPECT_EQ(entry.inode, inode);
            }
            if (std::string(entry.name) == "..") {
                EXPECT_EQ(entry.inode, parent);
            }
        }
        EXPECT_EQ(listed, expected) << host;
        auto st = fs.stat(inode);
        ASSERT_TRUE(st.ok());
        EXPECT_EQ(st->links, 2 + subdirectories) << host;
    }

    // Checks `host` (a path in the source tree) against inode `inode`, and
    // everything below it.
    void check_tree(ext2::FileSystem& fs, const fs::path& host, const std::string& path, uint32_t parent)
    {
        auto inode = fs.lookup(path.c_str());
        ASSERT_TRUE(inode.ok()) << path << ": " << describe(inode.status());
        auto st = fs.stat(*inode);
        ASSERT_TRUE(st.ok()) << describe(st.status());
        ext2::FileType type = host_type(host);
        ASSERT_EQ(st->type, type) << path;
        struct stat host_st {};
        ASSERT_EQ(lstat(host.c_str(), &host_st), 0);
        if (type != ext2::FileType::symlink) {
            EXPECT_EQ(st->mode & 07777, host_st.st_mode & 07777) << path;
        }
        if (type == ext2::FileType::regular) {
            check_file(fs, *inode, host.string());
        } else if (type == ext2::FileType::symlink) {
            char target[4096];
            auto n = fs.readlink(*inode, target, sizeof target);
            ASSERT_TRUE(n.ok()) << describe(n.status());
            EXPECT_EQ(std::string(target, *n), fs::read_symlink(host).string());
        } else {
            check_directory(fs, *inode, parent, host, path == "/");
            for (const auto& e : fs::directory_iterator(host)) {
                std::string child = (path == "/" ? "" : path) + "/" + e.path().filename().string();
                check_tree(fs, e.path(), child, *inode);
                if (HasFatalFailure())
                    return;
            }
        }
    }

    TempDir dir_;
    std::string source_, image_;
};

TEST_P(Ext2ReadBack, EveryFileMatchesTheSourceTree)
{
    Mounted m(image_, ext2::Access::read_only);
    ASSERT_TRUE(m.status.ok()) << describe(m.status);
    EXPECT_EQ(m.fs.geometry().block_size, GetParam().options.block_size);
    check_tree(m.fs, source_, "/", ext2::root_inode);
}

TEST_P(Ext2ReadBack, LookupHandlesSlashesDotsAndMisses)
{
    Mounted m(image_, ext2::Access::read_only);
    ASSERT_TRUE(m.status.ok()) << describe(m.status);
    auto leaf = m.fs.lookup("deep/level0/level1/../level1/./level2");
    auto direct = m.fs.lookup("//deep/level0/level1/level2/");
    ASSERT_TRUE(leaf.ok()) << describe(leaf.status());
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(*leaf, *direct);
    EXPECT_EQ(*m.fs.lookup("/"), ext2::root_inode);
    EXPECT_EQ(m.fs.lookup("/nothing").error(), ext2::Error::not_found);
    EXPECT_EQ(m.fs.lookup("/small.txt/x").error(), ext2::Error::not_a_directory);
    EXPECT_EQ(m.fs.lookup("/links/fast/x").error(), ext2::Error::symlink_in_path);
    EXPECT_EQ(m.fs.lookup(("/" + std::string(256, 'n')).c_str()).error(), ext2::Error::bad_name);
    EXPECT_EQ(m.fs.lookup(std::string(5000, '/').c_str()).error(), ext2::Error::path_too_long);
    auto many = m.fs.lookup("/many");
    ASSERT_TRUE(many.ok());
    auto one = m.fs.lookup(*many, "file_with_a_rather_long_name_399");
    ASSERT_TRUE(one.ok());
    char buffer[8] = {};
    auto n = m.fs.read(*one, 0, buffer, sizeof buffer);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(std::string(buffer, *n), "2793");
}

TEST_P(Ext2ReadBack, ReadsAtOddOffsetsAcrossHolesAndBlocks)
{
    Mounted m(image_, ext2::Access::read_only);
    ASSERT_TRUE(m.status.ok()) << describe(m.status);
    auto sparse = m.fs.lookup("/sparse.bin");
    ASSERT_TRUE(sparse.ok());
    std::string want = std::string(3, '\0') + pattern(5000, 6).substr(0, 997);
    std::string got(1000, 'x');
    auto n = m.fs.read(*sparse, 70'000'000 - 3, got.data(), got.size());
    ASSERT_TRUE(n.ok()) << describe(n.status());
    EXPECT_EQ(*n, 1000u);
    EXPECT_EQ(got, want);
    // The last bytes, and a read that runs past the end.
    std::string tail(100, 'x');
    n = m.fs.read(*sparse, sparse_size - 10, tail.data(), tail.size());
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 10u);
    EXPECT_EQ(tail.substr(0, 10), pattern(5000, 6).substr(4990));
    EXPECT_EQ(m.fs.read(ext2::root_inode, 0, got.data(), 1).error(), ext2::Error::is_a_directory);
    auto link = m.fs.lookup("/links/fast");
    EXPECT_EQ(m.fs.read(*link, 0, got.data(), 1).error(), ext2::Error::not_a_regular_file);
    char small[5];
    EXPECT_EQ(m.fs.readlink(*link, small, sizeof small).error(), ext2::Error::buffer_too_small);
    EXPECT_EQ(m.fs.readlink(*sparse, small, sizeof small).error(), ext2::Error::not_a_symlink);
}

TEST_P(Ext2ReadBack, ReadOnlyMountRefusesWrites)
{
    Mounted m(image_, ext2::Access::read_only);
    ASSERT_TRUE(m.status.ok());
    EXPECT_EQ(m.fs.create(ext2::root_inode, "new", 0644).error(), ext2::Error::read_only);
    auto small = m.fs.lookup("/small.txt");
    EXPECT_EQ(m.fs.write(*small, 0, "x", 1).error(), ext2::Error::read_only);
    EXPECT_EQ(m.fs.truncate(*small, 0).error, ext2::Error::read_only);
    EXPECT_EQ(m.fs.unlink(ext2::root_inode, "small.txt").error, ext2::Error::read_only);
    EXPECT_TRUE(m.fs.sync().ok());
}

const Config configs[] = {
    {"b1024_r1_i128", {1024, 1, 128, "", "", "16M"}},
    {"b1024_r1_i256_nofiletype", {1024, 1, 256, "none", "", "16M"}},
    {"b1024_r0", {1024, 0, 128, "", "", "16M"}},
    {"b2048_r1_i256", {2048, 1, 256, "", "", "16M"}},
    {"b2048_r0", {2048, 0, 128, "", "", "16M"}},
    {"b4096_r1_i256_groups", {4096, 1, 256, "", "-g 1024", "16M"}},
    {"b4096_r1_i128_nofiletype", {4096, 1, 128, "none,sparse_super", "-g 2048", "16M"}},
    {"b4096_r0", {4096, 0, 128, "", "-g 2048", "16M"}},
};

INSTANTIATE_TEST_SUITE_P(Images, Ext2ReadBack, ::testing::ValuesIn(configs),
                         [](const ::testing::TestParamInfo<Config>& info) { return info.param.name; });

} // namespace
