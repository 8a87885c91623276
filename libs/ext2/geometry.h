// The shape of a file system, derived once from a checked superblock: block
// size, group layout, inode table size, the features that change the format.
// Everything else computes places from these numbers, which read_geometry has
// proven consistent with each other and with the device.
#pragma once
#include <stdint.h>
#include "ext2/format.h"
#include "ext2/status.h"

namespace ext2 {

struct Geometry {
    uint32_t block_size = 0;
    uint32_t block_shift = 0;           // log2(block_size): 10, 11 or 12
    uint32_t sectors_per_block = 0;
    uint32_t pointers_per_block = 0;    // block numbers in an indirect block
    uint32_t pointer_shift = 0;         // log2(pointers_per_block)
    uint32_t blocks_count = 0;
    uint32_t first_data_block = 0;
    uint32_t blocks_per_group = 0;
    uint32_t inodes_per_group = 0;
    uint32_t inodes_count = 0;
    uint32_t inode_size = 0;
    uint32_t first_inode = 0;           // the first inode number that may be allocated
    uint32_t group_count = 0;
    uint32_t gdt_block = 0;             // the first block of the primary descriptor table
    uint32_t gdt_blocks = 0;
    uint32_t reserved_gdt_blocks = 0;   // after each copy of the table (resize_inode)
    uint32_t inode_table_blocks = 0;    // per group
    uint32_t revision = 0;
    bool filetype = false;              // directory entries carry a file type
    bool sparse_super = false;
    uint64_t max_file_blocks = 0;       // logical blocks the block map can address

    uint32_t group_first_block(uint32_t group) const { return first_data_block + group * blocks_per_group; }
    // Blocks in `group`: blocks_per_group, except for a shorter last group.
    uint32_t blocks_in_group(uint32_t group) const;
    uint32_t group_of_block(uint32_t block) const { return (block - first_data_block) / blocks_per_group; }
    uint32_t group_of_inode(uint32_t inode) const { return (inode - 1) / inodes_per_group; }
    // A block number that may hold file data or an indirect block: past the
    // boot block and superblock, before the end (0 means "no block" in a map).
    bool is_data_block_number(uint32_t block) const { return block > first_data_block && block < blocks_count; }
    bool is_inode_number(uint32_t inode) const { return inode >= 1 && inode <= inodes_count; }
    // An inode a directory entry may name: the root, or one past the reserved ones.
    bool is_linkable_inode(uint32_t inode) const
    {
        return inode == root_inode || (inode >= first_inode && inode <= inodes_count);
    }
    // Whether `group` holds a copy of the superblock and descriptor table.
    bool group_has_superblock(uint32_t group) const;
    // Blocks at the start of `group` taken by the superblock and descriptor
    // table copies (0 in groups without a copy).
    uint32_t superblock_copy_blocks(uint32_t group) const;
    uint64_t max_file_size() const { return max_file_blocks << block_shift; }
};

// Checks the superblock (magic, revision, block size, counts, inode size, the
// descriptor table's place) against itself and a device of `device_sectors`,
// and derives the geometry. Features are checked by the mount.
Status read_geometry(const Superblock& super, uint64_t device_sectors, Geometry& out);

} // namespace ext2
