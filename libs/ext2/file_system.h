// An ext2 file system on a BlockDevice: the library's public face.
//
//     ext2::BlockCache cache;            // ~130 KiB: the caller places it (persistent memory)
//     ext2::FileSystem fs;
//     ext2::Status s = fs.mount(device, cache, ext2::Access::read_write);
//     auto file = fs.lookup("/boot/grub/grub.cfg");
//     auto got = fs.read(*file, 0, buffer, sizeof buffer);
//     ...
//     s = fs.sync();                     // dirty blocks, descriptors, superblock
//
// Files are named by inode number (what lookup and create return); the caller
// keeps its own handles. Names are NUL-terminated, 1..255 bytes, without '/'.
// Paths are absolute or relative to the root; symlinks are not followed
// (readlink gives the target, and the caller decides).
//
// Nothing is allocated: all state is this object (small) and the BlockCache,
// which serves one mount at a time (mount starts it afresh).
// Every value read from the device is checked before it is used; a corrupt
// structure fails the operation that met it with a Status naming it, and a
// write never touches anything but the structures the operation changes.
// Changes live in the cache and the in-memory superblock until sync().
// Not thread-safe: one caller at a time.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "ext2/block_device.h"
#include "ext2/cache.h"
#include "ext2/directory.h"
#include "ext2/format.h"
#include "ext2/status.h"
#include "ext2/volume.h"

namespace ext2 {

enum class Access : uint8_t { read_only, read_write };

constexpr uint32_t max_path = 4096;   // bytes in a path given to lookup

struct Stat {
    uint32_t inode = 0;
    FileType type = FileType::unknown;
    uint16_t mode = 0;                 // i_mode: type and permission bits
    uint16_t links = 0;
    uint32_t uid = 0;
    uint32_t gid = 0;
    uint64_t size = 0;
    uint64_t blocks = 0;               // 512-byte sectors in use (data, indirect and xattr blocks)
    uint32_t access_time = 0;
    uint32_t modify_time = 0;
    uint32_t change_time = 0;
};

struct Usage {
    uint32_t block_size = 0;
    uint32_t blocks = 0;
    uint32_t free_blocks = 0;
    uint32_t inodes = 0;
    uint32_t free_inodes = 0;
};

class FileSystem {
public:
    // Reads and checks the superblock and every group descriptor. read_write
    // is refused for unknown ro_compat features (read_only_feature); unknown
    // incompat features are refused either way (unsupported_feature).
    Status mount(BlockDevice& device, BlockCache& cache, Access access);
    // Forgets the mount without writing anything (sync first to keep changes).
    void unmount();
    bool mounted() const { return volume_.mounted(); }
    bool writable() const { return volume_.writable; }
    // The time (seconds since 1970) written into inodes from now on. Starts
    // as the superblock's last write time.
    void set_time(uint32_t seconds) { volume_.now = seconds; }
    Usage usage() const;
    const Geometry& geometry() const { return volume_.geometry; }

    // --- Reading -------------------------------------------------------------
    Result<uint32_t> lookup(const char* path);
    Result<uint32_t> lookup(uint32_t directory, const char* name);
    Result<Stat> stat(uint32_t inode);
    // Reads up to `length` bytes at `offset` of a regular file; fewer at the
    // end of the file, 0 past it. Holes read as zeros.
    Result<size_t> read(uint32_t inode, uint64_t offset, void* buffer, size_t length);
    // The target of a symlink, NUL-terminated; buffer_too_small if `size`
    // cannot hold it and the NUL. Returns the target's length.
    Result<size_t> readlink(uint32_t inode, char* buffer, size_t size);
    // The used entry at or after `position` (start with 0), "." and ".."
    // included; moves `position` past it. end_of_directory after the last.
    Status read_dir(uint32_t directory, uint64_t& position, DirEntry& entry);

    // --- Writing (read_only unless mounted read_write) -----------------------
    // Writes at `offset` of a regular file, extending it (and filling holes)
    // as needed. Returns the bytes written: fewer than `length` only if the
    // disk filled up part way (no_space if nothing could be written).
    Result<size_t> write(uint32_t inode, uint64_t offset, const void* data, size_t length);
    Result<size_t> append(uint32_t inode, const void* data, size_t length);
    // Sets a regular file's size: shrinking frees the blocks past it
    // (indirect blocks too), growing leaves a hole.
    Status truncate(uint32_t inode, uint64_t size);
    // New entries; `permissions` are the low 12 mode bits. exists if the name is taken.
    Result<uint32_t> create(uint32_t directory, const char* name, uint16_t permissions);
    Result<uint32_t> mkdir(uint32_t directory, const char* name, uint16_t permissions);
    Result<uint32_t> symlink(uint32_t directory, const char* name, const char* target);
    // Removes a non-directory's entry; the inode goes when its last link does.
    Status unlink(uint32_t directory, const char* name);
    // Removes an empty directory.
    Status rmdir(uint32_t directory, const char* name);
    // Moves an entry, within or across directories. An existing `to_name` is
    // replaced if it is a non-directory and the source is too, or an empty
    // directory and the source is a directory.
    Status rename(uint32_t from_directory, const char* from_name, uint32_t to_directory, const char* to_name);
    // Writes the dirty cache blocks (data, bitmaps, inode tables, group
    // descriptors), then the superblock.
    Status sync();

    // --- Transactions (see cache.h) ------------------------------------------
    // Everything an operation changes between begin() and commit() can be
    // taken back by rollback(): the touched cache blocks and the in-memory
    // superblock. A server that replays the request its crash interrupted
    // rolls back the half-done operation first (servers/ext2). sync() only
    // between transactions.
    void begin();
    void commit();
    void rollback();
    bool in_transaction() const { return volume_.cache != nullptr && volume_.cache->in_transaction(); }
    // The FileSystem and its cache outlived the process that used them (in
    // persistent memory): `device` (the same disk, at its new address)
    // replaces the old one, and the pins of dead BlockRefs are forgotten.
    void reattach(BlockDevice& device);

private:
    Status check_writable() const;
    Status load_writable_file(uint32_t number, Inode& file);
    Status load_directory(uint32_t number, Inode& out);
    Status find_in(uint32_t directory, const char* name, uint32_t length, uint32_t& inode);
    Status write_blocks(Inode& file, uint64_t offset, const uint8_t* data, size_t length, size_t& written);
    Status zero_tail(Inode& file);
    Status resize(Inode& file, uint64_t size);
    Status add_link(uint32_t inode, int delta);
    Status drop_link(uint32_t inode);
    Status destroy(Inode& inode);
    Status release_xattr(Inode& inode);
    Result<uint32_t> make_node(uint32_t directory, const char* name, uint16_t mode, const char* target);
    Status initialise_node(Inode& node, uint32_t directory, const char* target);
    Status check_not_ancestor(uint32_t moving, uint32_t directory);
    Status find_to_remove(uint32_t directory, const char* name, Inode& parent, struct EntryLocation& where,
                          Inode& target);
    Status replace_target(uint32_t to_directory, const struct EntryLocation& target, const Inode& source);
    Status write_superblock();

    Volume volume_;
    // The superblock at begin(), for rollback().
    Superblock saved_super_ = {};
    bool saved_super_dirty_ = false;
};

} // namespace ext2
