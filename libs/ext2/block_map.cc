// Block maps (see block_map.h). Logical block numbers fit in 32 bits: the
// largest map (4 KiB blocks) addresses 12 + 2^10 + 2^20 + 2^30 blocks.
#include "ext2/block_map.h"
#include "ext2/allocator.h"
#include "ext2/groups.h"
#include "rt/string.h"

namespace ext2 {
namespace {

uint32_t pointer_at(const BlockRef& table, uint32_t index)
{
    uint32_t value;
    memcpy(&value, table.data() + 4 * index, sizeof value);
    return value;
}

void set_pointer(BlockRef& table, uint32_t index, uint32_t value)
{
    memcpy(table.data() + 4 * index, &value, sizeof value);
    table.mark_dirty();
}

// Where a new block for the pointer at `index` of `table` (or of i_block when
// `table` is empty) should go: right after its neighbour, so files stay
// contiguous; else after the table; else at the start of the inode's group.
uint32_t goal_for(const Volume& v, const Inode& inode, const BlockRef& table, uint32_t index)
{
    uint32_t previous = 0;
    if (index > 0)
        previous = table.valid() ? pointer_at(table, index - 1) : inode.raw.block[index - 1];
    if (previous != 0)
        return previous + 1;
    if (table.valid())
        return table.number() + 1;
    const Geometry& g = v.geometry;
    return g.group_first_block(g.group_of_inode(inode.number));
}

// Counts a block into (or out of) the inode's i_blocks.
Status add_sectors(const Geometry& g, Inode& inode)
{
    if (inode.raw.blocks > UINT32_MAX - g.sectors_per_block)
        return fail(Error::file_too_large, inode.number);
    inode.raw.blocks += g.sectors_per_block;
    return success();
}

Status drop_block(Volume& v, Inode& inode, uint32_t block)
{
    if (inode.raw.blocks < v.geometry.sectors_per_block)
        return fail(Error::bad_inode, inode.number);
    Status s = free_block(v, inode.number, block);
    if (s.ok())
        inode.raw.blocks -= v.geometry.sectors_per_block;
    return s;
}

// Allocates a block for the pointer at `index` of `table` (i_block if empty)
// and pins it zero-filled into `out`. Undone if the cache cannot take it, so
// a block that is not zeroed is never linked in.
Status allocate_into(Volume& v, Inode& inode, BlockRef& table, uint32_t index, BlockRef& out)
{
    Status s = add_sectors(v.geometry, inode);
    if (!s.ok())
        return s;
    auto block = allocate_block(v, goal_for(v, inode, table, index));
    if (!block.ok()) {
        inode.raw.blocks -= v.geometry.sectors_per_block;
        return block.status();
    }
    s = v.cache->fresh(*block, out);
    if (!s.ok()) {
        inode.raw.blocks -= v.geometry.sectors_per_block;
        (void)free_block(v, inode.number, *block);   // it was ours a moment ago
        return s;
    }
    if (table.valid())
        set_pointer(table, index, *block);
    else
        inode.raw.block[index] = *block;
    return success();
}

// Frees the blocks under indirect block `table_block` (a tree `level` deep)
// from its logical block `start` on; `empty` tells whether every pointer in
// it is now zero.
Status release_tree(Volume& v, Inode& inode, uint32_t table_block, uint32_t level, uint64_t start, bool& empty)
{
    const Geometry& g = v.geometry;
    empty = false;
    Status s = check_data_block(v, inode.number, table_block);
    if (!s.ok())
        return s;
    BlockRef table;
    s = v.read_block(table_block, table);
    if (!s.ok())
        return s;
    uint32_t child_shift = g.pointer_shift * (level - 1);
    uint64_t child_span = uint64_t{1} << child_shift;
    uint32_t first = static_cast<uint32_t>(start >> child_shift);
    for (uint32_t i = first; i < g.pointers_per_block; ++i) {
        uint32_t child = pointer_at(table, i);
        if (child == 0)
            continue;
        if (level > 1) {
            bool child_empty = false;
            s = release_tree(v, inode, child, level - 1, i == first ? start & (child_span - 1) : 0, child_empty);
            if (!s.ok())
                return s;
            if (!child_empty)
                continue;
        }
        s = drop_block(v, inode, child);
        if (!s.ok())
            return s;
        set_pointer(table, i, 0);
    }
    empty = true;
    for (uint32_t i = 0; i < g.pointers_per_block && empty; ++i)
        empty = pointer_at(table, i) == 0;
    return success();
}

} // namespace

bool block_path(const Geometry& g, uint64_t logical, BlockPath& path)
{
    uint64_t p = g.pointers_per_block;
    uint32_t shift = g.pointer_shift;
    if (logical < direct_blocks) {
        path.depth = 0;
        path.index[0] = static_cast<uint32_t>(logical);
        return true;
    }
    uint64_t l = logical - direct_blocks;
    for (uint32_t depth = 1; depth <= max_indirection; ++depth) {
        uint64_t span = uint64_t{1} << (shift * depth);
        if (l < span) {
            path.depth = depth;
            path.index[0] = indirect_slot + depth - 1;
            for (uint32_t level = 1; level <= depth; ++level)
                path.index[level] = static_cast<uint32_t>((l >> (shift * (depth - level))) & (p - 1));
            return true;
        }
        l -= span;
    }
    return false;
}

Status map_block(Volume& v, const Inode& inode, uint32_t logical, uint32_t& physical)
{
    const Geometry& g = v.geometry;
    physical = 0;
    BlockPath path;
    if (!block_path(g, logical, path))
        return fail(Error::file_too_large, inode.number);
    uint32_t block = inode.raw.block[path.index[0]];
    for (uint32_t level = 1; level <= path.depth && block != 0; ++level) {
        if (!g.is_data_block_number(block))
            return fail(Error::bad_block_number, inode.number, block);
        BlockRef table;
        Status s = v.read_block(block, table);
        if (!s.ok())
            return s;
        block = pointer_at(table, path.index[level]);
    }
    if (block != 0 && !g.is_data_block_number(block))
        return fail(Error::bad_block_number, inode.number, block);
    physical = block;
    return success();
}

Status read_file_block(Volume& v, const Inode& inode, uint32_t logical, BlockRef& out)
{
    out.release();
    uint32_t physical = 0;
    Status s = map_block(v, inode, logical, physical);
    if (!s.ok() || physical == 0)
        return s;
    return v.read_block(physical, out);
}

Status write_file_block(Volume& v, Inode& inode, uint32_t logical, bool whole, BlockRef& out)
{
    out.release();
    BlockPath path;
    if (!block_path(v.geometry, logical, path))
        return fail(Error::file_too_large, inode.number);
    BlockRef table;     // the indirect block holding the current pointer (none: i_block)
    for (uint32_t level = 0; level <= path.depth; ++level) {
        uint32_t index = path.index[level];
        uint32_t block = table.valid() ? pointer_at(table, index) : inode.raw.block[index];
        bool last = level == path.depth;
        BlockRef next;
        Status s;
        if (block == 0) {
            s = allocate_into(v, inode, table, index, next);
        } else {
            s = check_data_block(v, inode.number, block);
            if (s.ok())
                s = (last && whole) ? v.cache->fresh(block, next) : v.read_block(block, next);
        }
        if (!s.ok())
            return s;
        table = static_cast<BlockRef&&>(next);
    }
    out = static_cast<BlockRef&&>(table);
    return success();
}

Status release_blocks(Volume& v, Inode& inode, uint64_t first_logical)
{
    const Geometry& g = v.geometry;
    for (uint64_t i = first_logical; i < direct_blocks; ++i) {
        uint32_t block = inode.raw.block[i];
        if (block == 0)
            continue;
        Status s = drop_block(v, inode, block);
        if (!s.ok())
            return s;
        inode.raw.block[i] = 0;
    }
    uint64_t base = direct_blocks;
    for (uint32_t level = 1; level <= max_indirection; ++level) {
        uint64_t span = uint64_t{1} << (g.pointer_shift * level);
        uint32_t slot = indirect_slot + level - 1;
        uint32_t root = inode.raw.block[slot];
        if (first_logical < base + span && root != 0) {
            bool empty = false;
            uint64_t start = first_logical > base ? first_logical - base : 0;
            Status s = release_tree(v, inode, root, level, start, empty);
            if (s.ok() && empty)
                s = drop_block(v, inode, root);
            if (!s.ok())
                return s;
            if (empty)
                inode.raw.block[slot] = 0;
        }
        base += span;
    }
    return success();
}

} // namespace ext2
