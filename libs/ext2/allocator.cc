// Block and inode allocation (see allocator.h). A group's bitmap is one block;
// only its first blocks_in_group (or inodes_per_group) bits mean anything, the
// padding bits after them are never looked at or changed.
#include "ext2/allocator.h"
#include "ext2/groups.h"
#include "rt/string.h"

namespace ext2 {
namespace {

bool bit_is_set(const uint8_t* bitmap, uint32_t bit) { return (bitmap[bit / 8] >> (bit % 8)) & 1; }
void set_bit(uint8_t* bitmap, uint32_t bit) { bitmap[bit / 8] = static_cast<uint8_t>(bitmap[bit / 8] | (1u << (bit % 8))); }
void clear_bit(uint8_t* bitmap, uint32_t bit) { bitmap[bit / 8] = static_cast<uint8_t>(bitmap[bit / 8] & ~(1u << (bit % 8))); }

// The first clear bit in [from, limit), or limit. Skips whole bytes of ones.
uint32_t find_clear_bit(const uint8_t* bitmap, uint32_t from, uint32_t limit)
{
    uint32_t bit = from;
    while (bit < limit) {
        if (bit % 8 == 0 && bitmap[bit / 8] == 0xFF) {
            bit += 8;
            continue;
        }
        if (!bit_is_set(bitmap, bit))
            return bit;
        ++bit;
    }
    return limit;
}

// The first clear bit at or after `start`, wrapping around to 0; limit if none.
uint32_t find_clear_bit_from(const uint8_t* bitmap, uint32_t start, uint32_t limit)
{
    uint32_t bit = find_clear_bit(bitmap, start, limit);
    if (bit == limit && start > 0) {
        bit = find_clear_bit(bitmap, 0, start);
        if (bit == start)
            bit = limit;
    }
    return bit;
}

void count_block(Volume& v, GroupRef& group, int delta)
{
    group.desc.free_blocks_count = static_cast<uint16_t>(group.desc.free_blocks_count + delta);
    group.save();
    v.super.free_blocks_count += static_cast<uint32_t>(delta);
    v.super_dirty = true;
}

void count_inode(Volume& v, GroupRef& group, int delta, bool directory)
{
    group.desc.free_inodes_count = static_cast<uint16_t>(group.desc.free_inodes_count + delta);
    if (directory)
        group.desc.used_dirs_count = static_cast<uint16_t>(group.desc.used_dirs_count - delta);
    group.save();
    v.super.free_inodes_count += static_cast<uint32_t>(delta);
    v.super_dirty = true;
}

// Takes a free block of `group`, searching from bit `start`. `found` stays 0
// when the group has none.
Status take_block_in_group(Volume& v, uint32_t number, uint32_t start, uint32_t& found)
{
    const Geometry& g = v.geometry;
    found = 0;
    GroupRef group;
    Status s = load_group(v, number, group);
    if (!s.ok() || group.desc.free_blocks_count == 0)
        return s;
    BlockRef bitmap;
    s = v.read_block(group.desc.block_bitmap, bitmap);
    if (!s.ok())
        return s;
    uint32_t limit = g.blocks_in_group(number);
    uint32_t bit = find_clear_bit_from(bitmap.data(), start < limit ? start : 0, limit);
    if (bit == limit)
        return fail(Error::bad_bitmap, number);   // the count says there is a free block
    uint32_t block = g.group_first_block(number) + bit;
    if (is_group_metadata(g, number, group.desc, block) || !g.is_data_block_number(block))
        return fail(Error::bad_bitmap, number, block);
    set_bit(bitmap.data(), bit);
    bitmap.mark_dirty();
    count_block(v, group, -1);
    found = block;
    return success();
}

// A clear bit must stand for an inode nobody links to; otherwise the bitmap
// is wrong, and handing the inode out would destroy a live file.
Status check_inode_unused(Volume& v, uint32_t group, const GroupDescriptor& desc, uint32_t index)
{
    const Geometry& g = v.geometry;
    uint32_t byte = index * g.inode_size;
    BlockRef table;
    Status s = v.read_block(desc.inode_table + (byte >> g.block_shift), table);
    if (!s.ok())
        return s;
    InodeRecord record;
    memcpy(&record, table.data() + (byte & (g.block_size - 1)), sizeof record);
    if (record.links_count != 0)
        return fail(Error::bad_bitmap, group, group * g.inodes_per_group + index + 1);
    return success();
}

Status take_inode_in_group(Volume& v, uint32_t number, bool directory, uint32_t& found)
{
    const Geometry& g = v.geometry;
    found = 0;
    GroupRef group;
    Status s = load_group(v, number, group);
    if (!s.ok() || group.desc.free_inodes_count == 0)
        return s;
    BlockRef bitmap;
    s = v.read_block(group.desc.inode_bitmap, bitmap);
    if (!s.ok())
        return s;
    // Inodes below first_inode are reserved even if their bits are clear.
    uint32_t first_number = number * g.inodes_per_group + 1;
    uint32_t start = g.first_inode > first_number ? g.first_inode - first_number : 0;
    if (start >= g.inodes_per_group)
        return success();
    uint32_t bit = find_clear_bit(bitmap.data(), start, g.inodes_per_group);
    if (bit == g.inodes_per_group)
        return fail(Error::bad_bitmap, number);
    s = check_inode_unused(v, number, group.desc, bit);
    if (!s.ok())
        return s;
    set_bit(bitmap.data(), bit);
    bitmap.mark_dirty();
    count_inode(v, group, -1, directory);
    found = first_number + bit;
    return success();
}

// The group a new directory goes to: the one with the most free inodes.
Status directory_group(Volume& v, uint32_t& best)
{
    uint32_t most = 0;
    best = 0;
    for (uint32_t i = 0; i < v.geometry.group_count; ++i) {
        GroupRef group;
        Status s = load_group(v, i, group);
        if (!s.ok())
            return s;
        if (group.desc.free_inodes_count > most) {
            most = group.desc.free_inodes_count;
            best = i;
        }
    }
    return success();
}

} // namespace

Result<uint32_t> allocate_block(Volume& v, uint32_t goal)
{
    const Geometry& g = v.geometry;
    if (v.super.free_blocks_count == 0)
        return fail(Error::no_space);
    if (!g.is_data_block_number(goal))
        goal = g.first_data_block;
    uint32_t first_group = g.group_of_block(goal);
    uint32_t start = goal - g.group_first_block(first_group);
    for (uint32_t n = 0; n < g.group_count; ++n) {
        uint32_t group = first_group + n < g.group_count ? first_group + n : first_group + n - g.group_count;
        uint32_t block = 0;
        Status s = take_block_in_group(v, group, n == 0 ? start : 0, block);
        if (!s.ok())
            return s;
        if (block != 0)
            return block;
    }
    return fail(Error::no_space);
}

Status free_block(Volume& v, uint32_t owner, uint32_t block)
{
    const Geometry& g = v.geometry;
    if (!g.is_data_block_number(block))
        return fail(Error::bad_block_number, owner, block);
    uint32_t number = g.group_of_block(block);
    GroupRef group;
    Status s = load_group(v, number, group);
    if (!s.ok())
        return s;
    if (is_group_metadata(g, number, group.desc, block))
        return fail(Error::bad_block_number, owner, block);
    BlockRef bitmap;
    s = v.read_block(group.desc.block_bitmap, bitmap);
    if (!s.ok())
        return s;
    uint32_t bit = block - g.group_first_block(number);
    if (!bit_is_set(bitmap.data(), bit))
        return fail(Error::block_already_free, owner, block);
    if (group.desc.free_blocks_count >= g.blocks_in_group(number) || v.super.free_blocks_count >= g.blocks_count)
        return fail(Error::bad_bitmap, number, block);
    clear_bit(bitmap.data(), bit);
    bitmap.mark_dirty();
    count_block(v, group, +1);
    v.cache->discard(block);
    return success();
}

Result<uint32_t> allocate_inode(Volume& v, uint32_t parent, bool directory)
{
    const Geometry& g = v.geometry;
    if (v.super.free_inodes_count == 0)
        return fail(Error::no_inodes);
    uint32_t first_group = g.is_inode_number(parent) ? g.group_of_inode(parent) : 0;
    if (directory) {
        Status s = directory_group(v, first_group);
        if (!s.ok())
            return s;
    }
    for (uint32_t n = 0; n < g.group_count; ++n) {
        uint32_t group = first_group + n < g.group_count ? first_group + n : first_group + n - g.group_count;
        uint32_t inode = 0;
        Status s = take_inode_in_group(v, group, directory, inode);
        if (!s.ok())
            return s;
        if (inode != 0)
            return inode;
    }
    return fail(Error::no_inodes);
}

Status free_inode(Volume& v, uint32_t inode, bool directory)
{
    const Geometry& g = v.geometry;
    if (!g.is_linkable_inode(inode) || inode == root_inode)
        return fail(Error::bad_inode_number, inode, inode);
    uint32_t number = g.group_of_inode(inode);
    GroupRef group;
    Status s = load_group(v, number, group);
    if (!s.ok())
        return s;
    BlockRef bitmap;
    s = v.read_block(group.desc.inode_bitmap, bitmap);
    if (!s.ok())
        return s;
    uint32_t bit = (inode - 1) % g.inodes_per_group;
    if (!bit_is_set(bitmap.data(), bit))
        return fail(Error::inode_already_free, inode);
    if (group.desc.free_inodes_count >= g.inodes_per_group || v.super.free_inodes_count >= g.inodes_count ||
        (directory && group.desc.used_dirs_count == 0))
        return fail(Error::bad_bitmap, number, inode);
    clear_bit(bitmap.data(), bit);
    bitmap.mark_dirty();
    count_inode(v, group, +1, directory);
    return success();
}

} // namespace ext2
