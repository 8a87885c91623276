// Host helpers for the ext2 tests: temporary folders, source trees, images
// made by mke2fs, the host's e2fsck and debugfs as independent judges, and
// block devices over an image file or bytes in memory.
#pragma once
#include <stdint.h>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>
#include "ext2/block_device.h"
#include "ext2/cache.h"
#include "ext2/file_system.h"

// gtest prints errors by their message.
namespace ext2 {
void PrintTo(Error error, std::ostream* os);
} // namespace ext2

namespace ext2test {

struct CommandResult {
    int exit_code = -1;
    std::string output;      // stdout (and stderr if asked)
};

// Runs `command` with /bin/sh; with `merge_stderr`, stderr is captured too.
CommandResult run(const std::string& command, bool merge_stderr = true);
std::string quote(const std::string& text);   // for the shell

// A fresh folder under $TMPDIR (or /tmp), removed with its contents at the end.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// Writing source trees.
void write_file(const std::string& path, const std::string& contents);
void make_dirs(const std::string& path);
void make_symlink(const std::string& target, const std::string& path);
// A file of `size` bytes, zero except the given pieces at their offsets (a
// sparse file on the host).
void write_sparse_file(const std::string& path, uint64_t size, const std::map<uint64_t, std::string>& pieces);
// Deterministic bytes: a pattern that differs per `seed` and per offset.
std::string pattern(size_t size, uint32_t seed);

struct ImageOptions {
    uint32_t block_size = 1024;
    int revision = 1;
    uint32_t inode_size = 128;            // revision 1 only
    std::string features;                 // for -O (empty: mke2fs's defaults)
    std::string extra;                    // more mke2fs options, e.g. "-g 2048 -N 4096"
    std::string size = "8M";
};

// Runs mke2fs -q -F -t ext2 ... -d source image size; fails the test (with
// mke2fs's output) if it fails. `source` may be empty for an empty file system.
void make_image(const ImageOptions& options, const std::string& source, const std::string& image);

// e2fsck -fn: the exit code and its report.
CommandResult fsck(const std::string& image);
// What e2fsck -fn does not judge: the superblock's free counts must equal
// the sums of the group descriptors' (which e2fsck checks against the
// bitmaps). An empty string if they do, else what differs.
std::string superblock_count_problems(const std::string& image);
// Both checks: a test failure with the reports if either finds something.
void expect_clean(const std::string& image);
// debugfs -R "cat path": the file's bytes as the host reads them.
std::string debugfs_cat(const std::string& image, const std::string& path);
// debugfs -R "ls -p dir": the names in a directory, "." and ".." included.
std::set<std::string> debugfs_names(const std::string& image, const std::string& dir);
// debugfs -R "bmap path logical": the device block of a file block (0: hole).
uint32_t debugfs_bmap(const std::string& image, const std::string& path, uint32_t logical);
// Where debugfs says an inode's record lies (imap): the byte offset in the image.
uint64_t debugfs_inode_offset(const std::string& image, const std::string& path);
// debugfs -R "stat path": the raw text.
std::string debugfs_stat(const std::string& image, const std::string& path);

std::vector<uint8_t> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes);

// A BlockDevice over an image file (pread/pwrite).
class FileDevice final : public ext2::BlockDevice {
public:
    explicit FileDevice(const std::string& path);
    ~FileDevice();
    ext2::Status read(uint64_t sector, uint32_t count, void* out) override;
    ext2::Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return sectors_; }

private:
    int fd_ = -1;
    uint64_t sectors_ = 0;
};

// A device over a byte vector that counts requests and can be told to fail.
class VectorDevice final : public ext2::BlockDevice {
public:
    explicit VectorDevice(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
    ext2::Status read(uint64_t sector, uint32_t count, void* out) override;
    ext2::Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return bytes_.size() / ext2::sector_size; }

    std::vector<uint8_t>& bytes() { return bytes_; }
    uint32_t reads = 0, writes = 0;
    bool fail_writes = false;

private:
    std::vector<uint8_t> bytes_;
};

// A mounted image file: device, cache (on the heap: it is 130 KiB) and file system.
struct Mounted {
    explicit Mounted(const std::string& image, ext2::Access access = ext2::Access::read_write);
    FileDevice device;
    std::unique_ptr<ext2::BlockCache> cache;
    ext2::FileSystem fs;
    ext2::Status status;     // of the mount
};

std::string describe(const ext2::Status& s);
// The names in a directory as the library lists them.
std::set<std::string> library_names(ext2::FileSystem& fs, uint32_t dir);
// A whole file as the library reads it.
std::string library_read_all(ext2::FileSystem& fs, uint32_t inode);

} // namespace ext2test
