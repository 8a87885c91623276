// Allocation of blocks and inodes: the bitmaps, the group descriptors' free
// and directory counts and the superblock's free counts change together, in
// memory (the cache and Volume::super), so a sync() after any sequence of
// calls writes a consistent file system. Internal to libs/ext2.
//
// Every bitmap bit is checked against the rest of the metadata before it is
// trusted: a "free" bit on a metadata block, a group whose count says free
// but whose bitmap is full, a bit already clear when freeing: each is a
// corrupt file system (bad_bitmap, block_already_free, inode_already_free),
// reported without changing anything.
#pragma once
#include <stdint.h>
#include "ext2/status.h"
#include "ext2/volume.h"

namespace ext2 {

// A free block, as near after `goal` as the bitmaps allow (goal 0: anywhere),
// now marked in use.
Result<uint32_t> allocate_block(Volume& volume, uint32_t goal);

// Marks `block` free. `owner` is the inode it belonged to (for the message).
Status free_block(Volume& volume, uint32_t owner, uint32_t block);

// A free inode number, now marked in use: for a file, first in `parent`'s
// group; for a directory, in the group with the most free inodes (spreading
// directories out, as ext2 does).
Result<uint32_t> allocate_inode(Volume& volume, uint32_t parent, bool directory);

// Marks inode `number` free.
Status free_inode(Volume& volume, uint32_t number, bool directory);

} // namespace ext2
