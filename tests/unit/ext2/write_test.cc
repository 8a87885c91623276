// libs/ext2, writing: workloads run through the library on image files, then
// judged by the host: e2fsck -fn must find nothing to fix, and debugfs must
// read back what a model of the workload (kept by the test, not the library)
// says the files, folders and symlinks are.
#include <gtest/gtest.h>
#include <random>
#include "image_tools.h"
#include "model.h"

namespace {

using namespace ext2test;
using ext2::Error;

struct Config {
    const char* name;
    ImageOptions options;
};
void PrintTo(const Config& config, std::ostream* os) { *os << config.name; }

// Splits "/a/b/c" into "/a/b" and "c".
std::pair<std::string, std::string> split(const std::string& path)
{
    size_t slash = path.rfind('/');
    return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

uint32_t inode_of(ext2::FileSystem& fs, const std::string& path)
{
    auto inode = fs.lookup(path.c_str());
    EXPECT_TRUE(inode.ok()) << path << ": " << describe(inode.status());
    return inode.ok() ? *inode : 0;
}

// Library calls by path, checked for success.
uint32_t create(ext2::FileSystem& fs, const std::string& path, const std::string& contents = "")
{
    auto [dir, name] = split(path);
    auto inode = fs.create(inode_of(fs, dir), name.c_str(), 0644);
    EXPECT_TRUE(inode.ok()) << path << ": " << describe(inode.status());
    if (!inode.ok())
        return 0;
    if (!contents.empty()) {
        auto n = fs.write(*inode, 0, contents.data(), contents.size());
        EXPECT_TRUE(n.ok()) << describe(n.status());
        if (n.ok()) {
            EXPECT_EQ(*n, contents.size());
        }
    }
    return *inode;
}

uint32_t make_dir(ext2::FileSystem& fs, const std::string& path)
{
    auto [dir, name] = split(path);
    auto inode = fs.mkdir(inode_of(fs, dir), name.c_str(), 0755);
    EXPECT_TRUE(inode.ok()) << path << ": " << describe(inode.status());
    return inode.ok() ? *inode : 0;
}

void write_at(ext2::FileSystem& fs, uint32_t inode, uint64_t offset, const std::string& data)
{
    auto n = fs.write(inode, offset, data.data(), data.size());
    ASSERT_TRUE(n.ok()) << describe(n.status());
    ASSERT_EQ(*n, data.size());
}

// Applies a write to a model file: zeros fill any gap.
void model_write(std::string& file, uint64_t offset, const std::string& data)
{
    if (file.size() < offset + data.size())
        file.resize(offset + data.size(), '\0');
    file.replace(offset, data.size(), data);
}

class Ext2Write : public ::testing::TestWithParam<Config> {
protected:
    void SetUp() override
    {
        image_ = dir_ / "image";
        std::string tree = dir_ / "tree";
        make_dirs(tree + "/existing/inner");
        write_file(tree + "/existing/old.txt", "old contents\n");
        write_file(tree + "/existing/inner/deep.txt", pattern(3000, 9));
        make_image(GetParam().options, tree, image_);
        model_.dirs.insert({"/existing", "/existing/inner"});
        model_.files["/existing/old.txt"] = "old contents\n";
        model_.files["/existing/inner/deep.txt"] = pattern(3000, 9);
    }

    uint32_t block_size() const { return GetParam().options.block_size; }
    void check() { expect_image_matches(image_, model_, dir_.path()); }

    TempDir dir_;
    std::string image_;
    Model model_;
};

TEST_P(Ext2Write, CreatesFilesFoldersAndSymlinks)
{
    {
        Mounted m(image_);
        ASSERT_TRUE(m.status.ok()) << describe(m.status);
        create(m.fs, "/hello.txt", "hello, world\n");
        model_.files["/hello.txt"] = "hello, world\n";
        make_dir(m.fs, "/new");
        make_dir(m.fs, "/new/sub");
        make_dir(m.fs, "/new/sub/subsub");
        model_.dirs.insert({"/new", "/new/sub", "/new/sub/subsub"});
        create(m.fs, "/new/sub/subsub/empty");
        model_.files["/new/sub/subsub/empty"] = "";
        // Appends in uneven pieces, past the direct blocks and into double indirect ones.
        uint32_t big = create(m.fs, "/new/big.bin");
        std::string contents = pattern(5 * 1024 * 1024 + 77, 21);
        for (size_t at = 0; at < contents.size(); at += 7777) {
            std::string piece = contents.substr(at, 7777);
            auto n = m.fs.append(big, piece.data(), piece.size());
            ASSERT_TRUE(n.ok()) << describe(n.status());
        }
        model_.files["/new/big.bin"] = contents;
        auto fast = m.fs.symlink(ext2::root_inode, "fast", "new/sub");
        std::string long_target = std::string(150, 'z') + "/" + std::string(149, 'y');
        auto slow = m.fs.symlink(inode_of(m.fs, "/new"), "slow", long_target.c_str());
        ASSERT_TRUE(fast.ok() && slow.ok()) << describe(fast.status()) << describe(slow.status());
        model_.links["/fast"] = "new/sub";
        model_.links["/new/slow"] = long_target;
        auto stat = m.fs.stat(inode_of(m.fs, "/new"));
        EXPECT_EQ(stat->links, 3);       // ".", its entry, and sub's ".."
        ASSERT_TRUE(m.fs.sync().ok());
    }
    check();
    // The library reads its own writes after a fresh mount as well.
    Mounted again(image_, ext2::Access::read_only);
    ASSERT_TRUE(again.status.ok());
    EXPECT_TRUE(library_read_all(again.fs, inode_of(again.fs, "/new/big.bin")) == model_.files["/new/big.bin"]);
    char target[512];
    auto n = again.fs.readlink(inode_of(again.fs, "/new/slow"), target, sizeof target);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(std::string(target, *n), model_.links["/new/slow"]);
}

TEST_P(Ext2Write, FillsHolesAndZeroesWhatGrowthExposes)
{
    {
        Mounted m(image_);
        ASSERT_TRUE(m.status.ok());
        uint32_t file = create(m.fs, "/holes", "abcdefghij");
        std::string& model = model_.files["/holes"] = "abcdefghij";
        // Past the end: the gap reads as zeros, in the same block and in skipped ones.
        write_at(m.fs, file, 20 * block_size() + 5, "far");
        model_write(model, 20 * block_size() + 5, "far");
        write_at(m.fs, file, 3 * block_size() - 2, "across");
        model_write(model, 3 * block_size() - 2, "across");
        // Shrink into a block, then grow: the cut-off bytes come back as zeros.
        ASSERT_TRUE(m.fs.truncate(file, 4).ok());
        model.resize(4);
        ASSERT_TRUE(m.fs.truncate(file, 2 * block_size() + 9).ok());
        model.resize(2 * block_size() + 9, '\0');
        write_at(m.fs, file, 2 * block_size() + 12, "tail");
        model_write(model, 2 * block_size() + 12, "tail");
        EXPECT_TRUE(library_read_all(m.fs, file) == model);
        ASSERT_TRUE(m.fs.sync().ok());
    }
    check();
}

TEST_P(Ext2Write, TruncateFreesDataAndIndirectBlocks)
{
    Mounted m(image_);
    ASSERT_TRUE(m.status.ok());
    ext2::Usage before = m.fs.usage();
    uint32_t file = create(m.fs, "/shrinking");
    std::string contents = pattern(2 * 1024 * 1024 + 3, 33);
    write_at(m.fs, file, 0, contents);
    // Far out: into the triple indirect blocks with 1 KiB blocks.
    write_at(m.fs, file, 70'000'000, "end");
    EXPECT_LT(m.fs.usage().free_blocks, before.free_blocks);
    ASSERT_TRUE(m.fs.sync().ok());
    expect_clean(image_);

    // Down to a size inside the indirect blocks' range, then down to nothing.
    uint64_t cut = 12 * block_size() + 100 * block_size() + 17;
    ASSERT_TRUE(m.fs.truncate(file, cut).ok());
    ASSERT_TRUE(m.fs.sync().ok());
    expect_clean(image_);
    EXPECT_TRUE(debugfs_cat(image_, "/shrinking") == contents.substr(0, cut));
    ASSERT_TRUE(m.fs.truncate(file, 0).ok());
    ASSERT_TRUE(m.fs.sync().ok());
    auto stat = m.fs.stat(file);
    EXPECT_EQ(stat->blocks, 0u);
    // Everything but the new inode's directory entry space is back.
    ASSERT_TRUE(m.fs.unlink(ext2::root_inode, "shrinking").ok());
    ASSERT_TRUE(m.fs.sync().ok());
    EXPECT_EQ(m.fs.usage().free_blocks, before.free_blocks);
    EXPECT_EQ(m.fs.usage().free_inodes, before.free_inodes);
    check();
}

TEST_P(Ext2Write, UnlinkRmdirAndRename)
{
    {
        Mounted m(image_);
        ASSERT_TRUE(m.status.ok());
        ext2::FileSystem& fs = m.fs;
        uint32_t root = ext2::root_inode;
        make_dir(fs, "/a");
        make_dir(fs, "/b");
        make_dir(fs, "/a/moving");
        create(fs, "/a/moving/inside", "inside\n");
        create(fs, "/a/one", "one\n");
        create(fs, "/b/two", "two\n");
        create(fs, "/b/victim", "to be replaced\n");
        uint32_t a = inode_of(fs, "/a"), b = inode_of(fs, "/b");

        // Errors first: nothing may change.
        EXPECT_EQ(fs.rmdir(root, "a").error, Error::not_empty);
        EXPECT_EQ(fs.unlink(root, "a").error, Error::is_a_directory);
        EXPECT_EQ(fs.rmdir(a, "one").error, Error::not_a_directory);
        EXPECT_EQ(fs.unlink(a, "missing").error, Error::not_found);
        EXPECT_EQ(fs.unlink(a, "..").error, Error::bad_name);
        EXPECT_EQ(fs.create(a, "one", 0644).error(), Error::exists);
        EXPECT_EQ(fs.mkdir(a, "x/y", 0755).error(), Error::bad_name);
        EXPECT_EQ(fs.create(a, std::string(256, 'n').c_str(), 0644).error(), Error::bad_name);
        EXPECT_EQ(fs.rename(root, "a", inode_of(fs, "/a/moving"), "a").error, Error::moves_into_itself);
        EXPECT_EQ(fs.rename(root, "a", a, "self").error, Error::moves_into_itself);
        EXPECT_EQ(fs.rename(a, "one", root, "b").error, Error::is_a_directory);
        EXPECT_EQ(fs.rename(root, "b", a, "one").error, Error::not_a_directory);
        EXPECT_EQ(fs.rename(root, "existing", root, "b").error, Error::not_empty);
        EXPECT_EQ(fs.write(a, 0, "x", 1).error(), Error::is_a_directory);

        // Within a folder, across folders, over a file, a folder to a new parent.
        ASSERT_TRUE(fs.rename(a, "one", a, "uno").ok());
        ASSERT_TRUE(fs.rename(b, "two", a, "dos").ok());
        ASSERT_TRUE(fs.rename(a, "dos", b, "victim").ok());
        ASSERT_TRUE(fs.rename(a, "moving", b, "moved").ok());
        ASSERT_TRUE(fs.rename(b, "victim", b, "victim").ok());      // one file, two same names: nothing
        EXPECT_EQ(*fs.lookup("/b/moved/.."), b);
        EXPECT_EQ(fs.stat(a)->links, 2);
        EXPECT_EQ(fs.stat(b)->links, 3);
        // A folder over an empty folder.
        make_dir(fs, "/a/empty");
        ASSERT_TRUE(fs.rename(b, "moved", a, "empty").ok());
        EXPECT_EQ(fs.stat(a)->links, 3);
        EXPECT_EQ(fs.stat(b)->links, 2);
        ASSERT_TRUE(fs.unlink(inode_of(fs, "/a/empty"), "inside").ok());
        ASSERT_TRUE(fs.rmdir(a, "empty").ok());
        ASSERT_TRUE(fs.unlink(inode_of(fs, "/existing"), "old.txt").ok());
        ASSERT_TRUE(fs.sync().ok());
    }
    model_.dirs.insert({"/a", "/b"});
    model_.files["/a/uno"] = "one\n";
    model_.files["/b/victim"] = "two\n";
    model_.files.erase("/existing/old.txt");
    check();
}

TEST_P(Ext2Write, DirectoryGrowsBlocksAndReusesSpace)
{
    {
        Mounted m(image_);
        ASSERT_TRUE(m.status.ok());
        uint32_t crowd = make_dir(m.fs, "/crowd");
        model_.dirs.insert("/crowd");
        for (int i = 0; i < 600; ++i) {
            std::string name = "entry_number_" + std::to_string(i) + std::string(i % 40, 'p');
            create(m.fs, "/crowd/" + name, std::to_string(i));
            model_.files["/crowd/" + name] = std::to_string(i);
        }
        EXPECT_GT(m.fs.stat(crowd)->size, 4 * block_size());
        for (int i = 0; i < 600; i += 2) {
            std::string name = "entry_number_" + std::to_string(i) + std::string(i % 40, 'p');
            ASSERT_TRUE(m.fs.unlink(crowd, name.c_str()).ok()) << name;
            model_.files.erase("/crowd/" + name);
        }
        uint64_t size = m.fs.stat(crowd)->size;
        for (int i = 0; i < 200; ++i) {
            std::string name = "again_" + std::to_string(i);
            create(m.fs, "/crowd/" + name, "again");
            model_.files["/crowd/" + name] = "again";
        }
        EXPECT_EQ(m.fs.stat(crowd)->size, size);     // the freed room was enough
        ASSERT_TRUE(m.fs.sync().ok());
    }
    check();
}

TEST_P(Ext2Write, FullDiskAndNoInodesLeaveItConsistent)
{
    {
        Mounted m(image_);
        ASSERT_TRUE(m.status.ok());
        ext2::Usage before = m.fs.usage();
        uint32_t file = create(m.fs, "/filler");
        std::string chunk = pattern(64 * 1024, 44);
        uint64_t size = 0;
        for (int i = 0; i < 100000; ++i) {
            auto n = m.fs.write(file, size, chunk.data(), chunk.size());
            if (!n.ok()) {
                EXPECT_EQ(n.error(), Error::no_space);
                break;
            }
            size += *n;
            if (*n < chunk.size())
                break;
        }
        EXPECT_EQ(m.fs.usage().free_blocks, 0u);
        EXPECT_EQ(m.fs.stat(file)->size, size);
        EXPECT_EQ(m.fs.mkdir(ext2::root_inode, "nowhere", 0755).error(), Error::no_space);
        ASSERT_TRUE(m.fs.sync().ok());
        expect_clean(image_);
        ASSERT_TRUE(m.fs.unlink(ext2::root_inode, "filler").ok());
        // Now the inodes, 100 to a folder (one huge folder would make each
        // create scan all of it).
        int made = 0;
        std::string folder;
        uint32_t folder_inode = 0;
        for (; made < 100000; ++made) {
            ext2::Result<uint32_t> inode = ext2::fail(Error::none);
            if (made % 100 == 0) {
                folder = "/f" + std::to_string(made / 100);
                inode = m.fs.mkdir(ext2::root_inode, folder.c_str() + 1, 0755);
                if (inode.ok()) {
                    folder_inode = *inode;
                    model_.dirs.insert(folder);
                }
            } else {
                std::string name = "i" + std::to_string(made);
                inode = m.fs.create(folder_inode, name.c_str(), 0600);
                if (inode.ok())
                    model_.files[folder + "/" + name] = "";
            }
            if (!inode.ok()) {
                EXPECT_TRUE(inode.error() == Error::no_inodes || inode.error() == Error::no_space)
                    << describe(inode.status());
                break;
            }
        }
        EXPECT_EQ(m.fs.usage().free_inodes, 0u);
        EXPECT_GT(made, 10);
        ASSERT_TRUE(m.fs.sync().ok());
        (void)before;
    }
    check();
}

TEST_P(Ext2Write, RandomWorkloadMatchesTheModel)
{
    std::mt19937 random(12345 + block_size());
    auto pick = [&](auto& container) {
        auto it = container.begin();
        std::advance(it, random() % container.size());
        return it;
    };
    Mounted m(image_);
    ASSERT_TRUE(m.status.ok());
    ext2::FileSystem& fs = m.fs;
    for (int step = 0; step < 1500; ++step) {
        std::string dir = *pick(model_.dirs);
        std::string name = "n" + std::to_string(random() % 24);
        std::string path = (dir == "/" ? "" : dir) + "/" + name;
        uint32_t parent = inode_of(fs, dir);
        SCOPED_TRACE("step " + std::to_string(step) + " at " + path);
        switch (random() % 10) {
        case 0: {   // create
            auto r = fs.create(parent, name.c_str(), 0644);
            EXPECT_EQ(r.error(), model_.exists(path) ? Error::exists : Error::none);
            if (r.ok())
                model_.files[path] = "";
            break;
        }
        case 1:
        case 2: {   // write somewhere, sometimes far past the end
            if (model_.files.empty())
                break;
            auto file = pick(model_.files);
            uint64_t offset = random() % (file->second.size() + 1 + (random() % 4 == 0 ? 300000 : 3000));
            std::string data = pattern(1 + random() % 20000, step);
            write_at(fs, inode_of(fs, file->first), offset, data);
            model_write(file->second, offset, data);
            break;
        }
        case 3: {   // truncate
            if (model_.files.empty())
                break;
            auto file = pick(model_.files);
            uint64_t size = random() % (2 * file->second.size() + 5000);
            ASSERT_TRUE(fs.truncate(inode_of(fs, file->first), size).ok());
            file->second.resize(size, '\0');
            break;
        }
        case 4: {   // mkdir
            auto r = fs.mkdir(parent, name.c_str(), 0755);
            EXPECT_EQ(r.error(), model_.exists(path) ? Error::exists : Error::none);
            if (r.ok())
                model_.dirs.insert(path);
            break;
        }
        case 5: {   // unlink
            Error want = !model_.exists(path) ? Error::not_found
                         : model_.dirs.count(path) ? Error::is_a_directory : Error::none;
            EXPECT_EQ(fs.unlink(parent, name.c_str()).error, want);
            if (want == Error::none)
                model_.remove(path);
            break;
        }
        case 6: {   // rmdir
            Error want = !model_.exists(path) ? Error::not_found
                         : !model_.dirs.count(path) ? Error::not_a_directory
                         : !model_.is_empty_dir(path) ? Error::not_empty : Error::none;
            EXPECT_EQ(fs.rmdir(parent, name.c_str()).error, want);
            if (want == Error::none)
                model_.remove(path);
            break;
        }
        case 7:
        case 8: {   // rename an existing entry somewhere
            if (!model_.exists(path))
                break;
            std::string to_dir = *pick(model_.dirs);
            std::string to_name = "n" + std::to_string(random() % 24);
            std::string to = (to_dir == "/" ? "" : to_dir) + "/" + to_name;
            bool is_dir = model_.dirs.count(path) > 0;
            Error want = Error::none;
            if (is_dir && (to_dir == path || to_dir.compare(0, path.size() + 1, path + "/") == 0))
                want = Error::moves_into_itself;
            else if (to == path || !model_.exists(to))
                want = Error::none;
            else if (is_dir && !model_.dirs.count(to))
                want = Error::not_a_directory;
            else if (is_dir && !model_.is_empty_dir(to))
                want = Error::not_empty;
            else if (!is_dir && model_.dirs.count(to))
                want = Error::is_a_directory;
            EXPECT_EQ(fs.rename(parent, name.c_str(), inode_of(fs, to_dir), to_name.c_str()).error, want)
                << path << " -> " << to;
            if (want == Error::none && to != path)
                model_.rename(path, to);
            break;
        }
        case 9: {   // symlink, fast or slow
            std::string target = std::string(1 + random() % 120, 't');
            auto r = fs.symlink(parent, name.c_str(), target.c_str());
            EXPECT_EQ(r.error(), model_.exists(path) ? Error::exists : Error::none);
            if (r.ok())
                model_.links[path] = target;
            break;
        }
        }
        if (HasFatalFailure())
            return;
        if (step % 500 == 499) {
            ASSERT_TRUE(fs.sync().ok());
            check();
        }
    }
}

const Config configs[] = {
    {"b1024_r1", {1024, 1, 128, "", "", "16M"}},
    {"b1024_r0", {1024, 0, 128, "", "", "16M"}},
    {"b2048_r1_i256_nofiletype", {2048, 1, 256, "none,sparse_super,large_file", "", "16M"}},
    {"b4096_r1_i256_groups", {4096, 1, 256, "", "-g 1024", "16M"}},
};

INSTANTIATE_TEST_SUITE_P(Images, Ext2Write, ::testing::ValuesIn(configs),
                         [](const ::testing::TestParamInfo<Config>& info) { return info.param.name; });

// A hashed (dir_index) directory changed by the library: it loses its index
// flag, and e2fsck still finds it consistent.
TEST(Ext2WriteIndexed, ChangingAnIndexedDirectoryDropsTheIndex)
{
    TempDir dir;
    std::string tree = dir / "tree", image = dir / "image";
    make_dirs(tree + "/big");
    Model model;
    model.dirs.insert("/big");
    for (int i = 0; i < 1500; ++i) {
        std::string name = "/big/indexed_name_" + std::to_string(i);
        write_file(tree + name, "x");
        model.files[name] = "x";
    }
    make_image({1024, 1, 128, "dir_index,filetype,sparse_super", "", "16M"}, tree, image);
    // e2fsck -D builds the hash index.
    CommandResult indexed = run(std::string(ARC_E2FSCK) + " -fyD " + quote(image));
    ASSERT_LE(indexed.exit_code, 1) << indexed.output;
    ASSERT_NE(debugfs_stat(image, "/big").find("Flags: 0x1000"), std::string::npos)
        << debugfs_stat(image, "/big");
    {
        Mounted m(image);
        ASSERT_TRUE(m.status.ok());
        uint32_t big = inode_of(m.fs, "/big");
        for (int i = 0; i < 1500; i += 3) {
            std::string name = "indexed_name_" + std::to_string(i);
            ASSERT_TRUE(m.fs.unlink(big, name.c_str()).ok());
            model.files.erase("/big/" + name);
        }
        create(m.fs, "/big/added_later", "new");
        model.files["/big/added_later"] = "new";
        ASSERT_TRUE(m.fs.sync().ok());
    }
    EXPECT_EQ(debugfs_stat(image, "/big").find("Flags: 0x1000"), std::string::npos);
    expect_image_matches(image, model, dir.path());
}

// Past 2 GiB a file needs the large_file feature: set on revision 1, refused on 0.
TEST(Ext2WriteLarge, LargeFileFeatureIsSetWhenNeeded)
{
    for (int revision : {1, 0}) {
        TempDir dir;
        std::string image = dir / "image";
        make_image({1024, revision, 128, revision == 1 ? "^large_file" : "", "", "8M"}, "", image);
        Mounted m(image);
        ASSERT_TRUE(m.status.ok()) << describe(m.status);
        uint32_t file = create(m.fs, "/huge");
        uint64_t offset = 3ull << 30;
        auto n = m.fs.write(file, offset, "big", 3);
        if (revision == 0) {
            EXPECT_EQ(n.error(), Error::file_too_large);
            continue;
        }
        ASSERT_TRUE(n.ok()) << describe(n.status());
        ASSERT_TRUE(m.fs.sync().ok());
        expect_clean(image);
        EXPECT_NE(run(std::string(ARC_DUMPE2FS) + " -h " + quote(image)).output.find("large_file"), std::string::npos);
        // 1 KiB blocks address 16 GiB; one byte more is refused.
        uint64_t max = (12ull + 256 + 65536 + 16777216) * 1024;
        EXPECT_EQ(m.fs.write(file, max, "x", 1).error(), Error::file_too_large);
        EXPECT_EQ(m.fs.truncate(file, max + 1).error, Error::file_too_large);
    }
}

} // namespace
