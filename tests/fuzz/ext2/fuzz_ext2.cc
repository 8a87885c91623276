// libFuzzer target for the ext2 library (libs/ext2): the input is a disk
// image in memory. It is searched for a volume (MBR partition or whole disk),
// mounted (read-write if the features allow), every folder is walked
// (bounded), every file read and every symlink resolved; then a few writes
// (create, write far out, mkdir, symlink, rename, truncate, unlink, rmdir)
// and sync, all on the in-memory copy, and the result is mounted and walked
// again. Any operation may fail with a Status; none may crash, hang or read
// or write outside the image (ASan/UBSan watch). A broken promise of the
// API traps.
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <vector>
#include "ext2/file_system.h"
#include "ext2/mbr.h"

namespace {

constexpr int max_depth = 8;
constexpr int max_entries = 2000;        // per walk, over all folders
constexpr size_t max_read = 64 * 1024;   // per file

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

struct Walk {
    ext2::FileSystem& fs;
    int entries = 0;

    void read_file(uint32_t inode, uint64_t size)
    {
        static uint8_t buffer[4096];
        for (uint64_t at = 0; at < size && at < max_read; at += sizeof buffer) {
            auto n = fs.read(inode, at, buffer, sizeof buffer);
            if (!n.ok())
                return;
            require(*n <= sizeof buffer && *n <= size - at);
        }
        // The very end, wherever it is (a sparse file's last block).
        if (size > max_read)
            (void)fs.read(inode, size - 1, buffer, 16);
    }

    void visit(uint32_t inode, int depth)
    {
        auto st = fs.stat(inode);
        if (!st.ok())
            return;
        if (st->type == ext2::FileType::regular) {
            read_file(inode, st->size);
        } else if (st->type == ext2::FileType::symlink) {
            char target[4096];
            auto n = fs.readlink(inode, target, sizeof target);
            if (n.ok())
                require(*n < sizeof target && target[*n] == '\0' && strlen(target) == *n);
        } else if (st->type == ext2::FileType::directory && depth < max_depth) {
            list(inode, depth);
        }
    }

    void list(uint32_t directory, int depth)
    {
        uint64_t position = 0;
        ext2::DirEntry entry;
        while (entries < max_entries) {
            uint64_t before = position;
            if (!fs.read_dir(directory, position, entry).ok())
                return;
            ++entries;
            require(position > before);
            require(entry.name_length >= 1 && entry.name[entry.name_length] == '\0');
            require(strlen(entry.name) <= entry.name_length);
            if (strcmp(entry.name, ".") == 0 || strcmp(entry.name, "..") == 0)
                continue;
            (void)fs.lookup(directory, entry.name);
            visit(entry.inode, depth + 1);
        }
    }
};

void write_some(ext2::FileSystem& fs)
{
    static const char data[3000] = "fuzz";
    uint32_t root = ext2::root_inode;
    auto file = fs.create(root, "fuzz_file", 0644);
    if (file.ok()) {
        auto n = fs.write(*file, 0, data, sizeof data);
        if (n.ok())
            require(*n <= sizeof data);
        (void)fs.write(*file, 70000, data, 100);        // past the direct blocks
        (void)fs.truncate(*file, 1500);
        auto found = fs.lookup("/fuzz_file");
        require(!found.ok() || *found == *file);
    }
    auto dir = fs.mkdir(root, "fuzz_dir", 0755);
    if (dir.ok()) {
        (void)fs.create(*dir, "inner", 0600);
        (void)fs.symlink(*dir, "link", "../fuzz_file");
        (void)fs.rename(root, "fuzz_file", *dir, "moved");
        (void)fs.unlink(*dir, "inner");
    }
    // Names the image had before: whatever they are, removing them is checked.
    uint64_t position = 0;
    ext2::DirEntry entry;
    for (int i = 0; i < 4 && fs.read_dir(root, position, entry).ok(); ++i) {
        if (entry.type == ext2::FileType::directory)
            (void)fs.rmdir(root, entry.name);
        else
            (void)fs.unlink(root, entry.name);
    }
    (void)fs.sync();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // The cache is 130 KiB: one, reused (mount starts it afresh).
    static ext2::BlockCache cache;
    std::vector<uint8_t> disk(data, data + size);
    ext2::MemoryDevice device(disk.data(), disk.size());
    auto volume = ext2::find_volume(device);
    if (!volume.ok())
        return 0;
    ext2::PartitionDevice partition(device, volume->first_sector, volume->sector_count);

    ext2::FileSystem fs;
    ext2::Status s = fs.mount(partition, cache, ext2::Access::read_write);
    if (s.error == ext2::Error::read_only_feature)
        s = fs.mount(partition, cache, ext2::Access::read_only);
    char why[128];
    require(s.describe(why, sizeof why) == why && strlen(why) < sizeof why);
    if (!s.ok())
        return 0;
    fs.set_time(1700000000);
    Walk first{fs};
    first.visit(ext2::root_inode, 0);
    if (fs.writable()) {
        write_some(fs);
        // What the writes left must mount and read again.
        ext2::FileSystem again;
        if (again.mount(partition, cache, ext2::Access::read_only).ok()) {
            Walk second{again};
            second.visit(ext2::root_inode, 0);
        }
    }
    return 0;
}
