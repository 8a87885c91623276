// Superblock checks and the derived geometry (see geometry.h). Each
// contradiction gets its own number in bad_geometry's message, so a refused
// image says which rule it broke:
//   1 first_data_block   2 blocks_per_group   3 inodes_per_group
//   4 blocks_count       5 inodes_count       6 first_inode
//   7 free counts        8 reserved GDT blocks 9 group 0 too small for its metadata
#include "ext2/geometry.h"

namespace ext2 {
namespace {

bool is_power_of(uint32_t value, uint32_t base)
{
    while (value > 1 && value % base == 0)
        value /= base;
    return value == 1;
}

uint32_t divide_round_up(uint32_t value, uint32_t divisor)
{
    return value / divisor + (value % divisor != 0 ? 1 : 0);
}

// Blocks needed for `bytes` (shifts, not division: no 64-bit division helpers).
uint32_t blocks_for_bytes(uint64_t bytes, uint32_t block_shift)
{
    return static_cast<uint32_t>((bytes + (uint64_t{1} << block_shift) - 1) >> block_shift);
}

Status check_counts(const Superblock& s, uint32_t block_size)
{
    if (s.first_data_block != (block_size == 1024 ? 1u : 0u))
        return fail(Error::bad_geometry, 1);
    if (s.blocks_per_group < 8 || s.blocks_per_group > 8 * block_size || s.blocks_per_group % 8 != 0)
        return fail(Error::bad_geometry, 2);
    if (s.inodes_per_group == 0 || s.inodes_per_group > 8 * block_size)
        return fail(Error::bad_geometry, 3);
    if (s.blocks_count <= s.first_data_block)
        return fail(Error::bad_geometry, 4);
    if (s.free_blocks_count > s.blocks_count || s.free_inodes_count > s.inodes_count)
        return fail(Error::bad_geometry, 7);
    return success();
}

Status check_inode_layout(const Superblock& s, Geometry& g)
{
    if (s.revision == revision_good_old) {
        g.inode_size = good_old_inode_size;
        g.first_inode = good_old_first_inode;
    } else {
        g.inode_size = s.inode_size;
        g.first_inode = s.first_inode;
        if (g.inode_size < good_old_inode_size || g.inode_size > g.block_size || !is_power_of(g.inode_size, 2))
            return fail(Error::bad_inode_size, g.inode_size);
    }
    uint64_t inodes = uint64_t{g.group_count} * s.inodes_per_group;
    if (inodes != s.inodes_count)
        return fail(Error::bad_geometry, 5);
    if (g.first_inode < good_old_first_inode || g.first_inode > s.inodes_count)
        return fail(Error::bad_geometry, 6);
    g.inode_table_blocks = blocks_for_bytes(uint64_t{s.inodes_per_group} * g.inode_size, g.block_shift);
    return success();
}

} // namespace

uint32_t Geometry::blocks_in_group(uint32_t group) const
{
    uint32_t first = group_first_block(group);
    uint32_t left = blocks_count - first;
    return left < blocks_per_group ? left : blocks_per_group;
}

bool Geometry::group_has_superblock(uint32_t group) const
{
    if (group <= 1 || !sparse_super)
        return true;
    if (group % 2 == 0)
        return false;
    return is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

uint32_t Geometry::superblock_copy_blocks(uint32_t group) const
{
    if (!group_has_superblock(group))
        return 0;
    // In group 0 with 1 KiB blocks the superblock is block 1, the group's first.
    return 1 + gdt_blocks + reserved_gdt_blocks;
}

Status read_geometry(const Superblock& s, uint64_t device_sectors, Geometry& out)
{
    Geometry g;
    if (s.magic != magic)
        return fail(Error::bad_magic);
    if (s.revision > revision_dynamic)
        return fail(Error::unsupported_revision, s.revision);
    if (s.log_block_size > max_log_block_size)
        return fail(Error::unsupported_block_size, s.log_block_size);
    g.block_size = min_block_size << s.log_block_size;
    Status status = check_counts(s, g.block_size);
    if (!status.ok())
        return status;

    g.block_shift = 10 + s.log_block_size;
    g.sectors_per_block = g.block_size / sector_size;
    g.pointers_per_block = g.block_size / 4;
    g.pointer_shift = g.block_shift - 2;
    g.blocks_count = s.blocks_count;
    g.first_data_block = s.first_data_block;
    g.blocks_per_group = s.blocks_per_group;
    g.inodes_per_group = s.inodes_per_group;
    g.inodes_count = s.inodes_count;
    g.revision = s.revision;
    g.group_count = divide_round_up(s.blocks_count - s.first_data_block, s.blocks_per_group);
    status = check_inode_layout(s, g);
    if (!status.ok())
        return status;

    if (device_sectors < (uint64_t{s.blocks_count} << g.block_shift) / sector_size)
        return fail(Error::device_too_small, s.blocks_count);

    // Revision 0 has no feature fields; they read as zero there.
    uint32_t compat = s.revision == revision_good_old ? 0 : s.feature_compat;
    uint32_t incompat = s.revision == revision_good_old ? 0 : s.feature_incompat;
    uint32_t ro_compat = s.revision == revision_good_old ? 0 : s.feature_ro_compat;
    g.filetype = (incompat & feature::incompat_filetype) != 0;
    g.sparse_super = (ro_compat & feature::ro_compat_sparse_super) != 0;
    g.gdt_block = s.first_data_block + 1;
    g.gdt_blocks = blocks_for_bytes(uint64_t{g.group_count} * group_descriptor_size, g.block_shift);
    g.reserved_gdt_blocks = (compat & feature::compat_resize_inode) ? s.reserved_gdt_blocks : 0;
    if (g.reserved_gdt_blocks > g.block_size / 4)
        return fail(Error::bad_geometry, 8);
    // Group 0 must hold boot block, superblock, tables, bitmaps and inode table.
    uint64_t group0_metadata = uint64_t{g.superblock_copy_blocks(0)} + 2 + g.inode_table_blocks;
    if (group0_metadata > g.blocks_in_group(0))
        return fail(Error::bad_geometry, 9);

    uint64_t p = g.pointers_per_block;
    g.max_file_blocks = direct_blocks + p + p * p + p * p * p;
    out = g;
    return success();
}

} // namespace ext2
