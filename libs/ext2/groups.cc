// Group descriptors and group metadata (see groups.h).
#include "ext2/groups.h"
#include "rt/string.h"

namespace ext2 {
namespace {

bool inside(uint32_t block, uint32_t first, uint32_t count) { return block >= first && block - first < count; }

Status check_descriptor(const Geometry& g, uint32_t group, const GroupDescriptor& d)
{
    uint32_t first = g.group_first_block(group);
    uint32_t size = g.blocks_in_group(group);
    uint32_t reserved = g.superblock_copy_blocks(group);
    // The usable part of the group: after the superblock and descriptor copies.
    uint32_t usable_first = first + reserved;
    uint32_t usable = size > reserved ? size - reserved : 0;
    bool bitmaps_inside = inside(d.block_bitmap, usable_first, usable) && inside(d.inode_bitmap, usable_first, usable);
    bool table_inside = d.inode_table >= usable_first && d.inode_table - usable_first <= usable &&
                        g.inode_table_blocks <= usable - (d.inode_table - usable_first);
    if (!bitmaps_inside || !table_inside || d.block_bitmap == d.inode_bitmap)
        return fail(Error::bad_group_descriptor, group);
    if (inside(d.block_bitmap, d.inode_table, g.inode_table_blocks) ||
        inside(d.inode_bitmap, d.inode_table, g.inode_table_blocks))
        return fail(Error::bad_group_descriptor, group);
    if (d.free_blocks_count > size || d.free_inodes_count > g.inodes_per_group ||
        d.used_dirs_count > g.inodes_per_group)
        return fail(Error::bad_group_descriptor, group);
    return success();
}

} // namespace

void GroupRef::save()
{
    memcpy(block.data() + offset, &desc, sizeof desc);
    block.mark_dirty();
}

Status load_group(Volume& volume, uint32_t group, GroupRef& out)
{
    const Geometry& g = volume.geometry;
    if (group >= g.group_count)
        return fail(Error::bad_group_descriptor, group);
    uint32_t per_block = g.block_size / group_descriptor_size;
    Status s = volume.read_block(g.gdt_block + group / per_block, out.block);
    if (!s.ok())
        return s;
    out.number = group;
    out.offset = (group % per_block) * group_descriptor_size;
    memcpy(&out.desc, out.block.data() + out.offset, sizeof out.desc);
    s = check_descriptor(g, group, out.desc);
    if (!s.ok())
        out.block.release();
    return s;
}

bool is_group_metadata(const Geometry& g, uint32_t group, const GroupDescriptor& d, uint32_t block)
{
    uint32_t first = g.group_first_block(group);
    return inside(block, first, g.superblock_copy_blocks(group)) || block == d.block_bitmap ||
           block == d.inode_bitmap || inside(block, d.inode_table, g.inode_table_blocks);
}

Status check_data_block(Volume& volume, uint32_t owner, uint32_t block)
{
    const Geometry& g = volume.geometry;
    if (!g.is_data_block_number(block))
        return fail(Error::bad_block_number, owner, block);
    GroupRef group;
    uint32_t number = g.group_of_block(block);
    Status s = load_group(volume, number, group);
    if (!s.ok())
        return s;
    if (is_group_metadata(g, number, group.desc, block))
        return fail(Error::bad_block_number, owner, block);
    return success();
}

} // namespace ext2
