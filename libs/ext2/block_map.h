// The block map of an inode: which device block holds each logical block of
// a file, through i_block's 12 direct pointers and its single, double and
// triple indirect blocks. A zero pointer is a hole (reads as zeros).
// Internal to libs/ext2.
//
// The depth of the map is fixed by the logical block number (block_path), so
// no walk can go deeper than three indirect blocks, whatever the disk says.
// Every pointer is checked before it is followed: a block number inside the
// data area for reading, and also outside all group metadata for writing and
// freeing, so a corrupt map can never make a write land on a bitmap, an inode
// table or a superblock.
#pragma once
#include <stdint.h>
#include "ext2/cache.h"
#include "ext2/inode.h"
#include "ext2/status.h"
#include "ext2/volume.h"

namespace ext2 {

// Where the pointer for a logical block sits: index[0] in i_block, then
// index[1..depth] in the indirect blocks on the way.
struct BlockPath {
    uint32_t depth = 0;
    uint32_t index[max_indirection + 1] = {};
};

// False for a logical block past what the map can address.
bool block_path(const Geometry& geometry, uint64_t logical, BlockPath& path);

// The device block of `logical`, or 0 for a hole.
Status map_block(Volume& volume, const Inode& inode, uint32_t logical, uint32_t& physical);

// Pins the block holding `logical` for reading; `block` stays empty for a hole.
Status read_file_block(Volume& volume, const Inode& inode, uint32_t logical, BlockRef& block);

// Pins the block holding `logical` for writing, allocating it (zero-filled)
// and any indirect blocks on the way. With `whole`, the caller overwrites the
// entire block, so an existing one is not read first. Changes the copy
// `inode` (pointers, i_blocks): the caller stores it, also after a failure.
Status write_file_block(Volume& volume, Inode& inode, uint32_t logical, bool whole, BlockRef& block);

// Frees every block mapped at `first_logical` or after it, and every indirect
// block left with no pointers, clearing the pointers and i_blocks as it goes,
// so the copy `inode` matches the bitmaps after each step (store it, also
// after a failure).
Status release_blocks(Volume& volume, Inode& inode, uint64_t first_logical);

} // namespace ext2
