// Inodes: reading and writing the on-disk records, and the checks that make a
// record safe to act on. Internal to libs/ext2.
//
// An Inode is a copy: code loads it, changes the copy and stores it back. Two
// copies of one inode must never be live at once across a store (the later
// store would undo the earlier), so operations load an inode right before
// changing it and store it right after.
#pragma once
#include <stdint.h>
#include "ext2/format.h"
#include "ext2/status.h"
#include "ext2/volume.h"

namespace ext2 {

struct Inode {
    uint32_t number = 0;
    InodeRecord raw = {};

    uint16_t type() const { return raw.mode & mode::type_mask; }
    bool is_directory() const { return type() == mode::directory; }
    bool is_regular() const { return type() == mode::regular; }
    bool is_symlink() const { return type() == mode::symlink; }
    // Only regular files use i_size_high (it is i_dir_acl for the others).
    uint64_t size() const { return raw.size | (is_regular() ? uint64_t{raw.size_high} << 32 : 0); }
    void set_size(uint64_t size)
    {
        raw.size = static_cast<uint32_t>(size);
        if (is_regular())
            raw.size_high = static_cast<uint32_t>(size >> 32);
    }
    FileType file_type() const;
};

FileType file_type_of_mode(uint16_t mode);

// Sectors i_blocks counts for the extended attribute block, if the inode has one.
uint32_t xattr_sectors(const Geometry& geometry, const Inode& inode);
// A symlink whose target lives in i_block (no data block).
bool is_fast_symlink(const Geometry& geometry, const Inode& inode);
// Whether i_block holds block pointers (not a symlink target or device number).
bool has_block_map(const Geometry& geometry, const Inode& inode);

// Reads inode `number` (1..inodes_count) without judging its contents.
Status load_inode(Volume& volume, uint32_t number, Inode& out);
// Reads an inode a directory entry or a caller names: a linkable number, in
// use (links > 0), a known type, and sizes and block counts that fit it.
Status load_live_inode(Volume& volume, uint32_t number, Inode& out);
// Writes the first 128 bytes back; the rest of a large inode is kept.
Status store_inode(Volume& volume, const Inode& inode);
// Writes a new inode over the whole record (large part included): `mode`,
// `links` links, the current time, everything else zero.
Status create_inode(Volume& volume, uint32_t number, uint16_t mode, uint16_t links, Inode& out);

} // namespace ext2
