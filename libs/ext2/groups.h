// Block groups: reading and writing group descriptors through the cache, and
// knowing which blocks of a group are metadata (superblock and descriptor
// copies, bitmaps, inode table) that no file may own. Internal to libs/ext2.
#pragma once
#include <stdint.h>
#include "ext2/cache.h"
#include "ext2/format.h"
#include "ext2/volume.h"

namespace ext2 {

// A group descriptor, copied out of its pinned table block; save() copies it
// back and marks the block dirty.
struct GroupRef {
    uint32_t number = 0;
    GroupDescriptor desc = {};
    BlockRef block;
    uint32_t offset = 0;

    void save();
};

// Loads group `group`'s descriptor and checks it: bitmaps and inode table
// inside the group and clear of the superblock copy, free and directory counts
// within the group's size. Checked on every load, so a descriptor the device
// changed behind our back is caught too.
Status load_group(Volume& volume, uint32_t group, GroupRef& out);

// Whether `block` (inside `group`) is metadata of that group.
bool is_group_metadata(const Geometry& geometry, uint32_t group, const GroupDescriptor& desc, uint32_t block);

// bad_block_number (naming `owner`, the inode whose map holds the pointer)
// unless `block` is a data block number outside every group's metadata.
Status check_data_block(Volume& volume, uint32_t owner, uint32_t block);

} // namespace ext2
