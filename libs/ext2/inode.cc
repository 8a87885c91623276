// Inode records (see inode.h).
#include "ext2/inode.h"
#include "ext2/groups.h"
#include "rt/string.h"

namespace ext2 {
namespace {

// The table block holding inode `number` and the byte offset inside it.
Status locate(Volume& v, uint32_t number, BlockRef& block, uint32_t& offset)
{
    const Geometry& g = v.geometry;
    if (!g.is_inode_number(number))
        return fail(Error::bad_inode_number, number, number);
    GroupRef group;
    Status s = load_group(v, g.group_of_inode(number), group);
    if (!s.ok())
        return s;
    uint32_t byte = ((number - 1) % g.inodes_per_group) * g.inode_size;
    offset = byte & (g.block_size - 1);
    return v.read_block(group.desc.inode_table + (byte >> g.block_shift), block);
}

Status check_symlink(const Geometry& g, const Inode& inode)
{
    uint64_t size = inode.size();
    if (is_fast_symlink(g, inode) ? (size == 0 || size > fast_symlink_max) : (size == 0 || size >= g.block_size))
        return fail(Error::bad_symlink, inode.number);
    return success();
}

Status check_contents(const Geometry& g, const Inode& inode)
{
    const InodeRecord& r = inode.raw;
    if (r.links_count == 0 || file_type_of_mode(r.mode) == FileType::unknown)
        return fail(Error::bad_inode, inode.number);
    if (r.blocks % g.sectors_per_block != 0 || r.blocks / g.sectors_per_block > g.blocks_count)
        return fail(Error::bad_inode, inode.number);
    if (r.file_acl != 0 && !g.is_data_block_number(r.file_acl))
        return fail(Error::bad_xattr_block, inode.number, r.file_acl);
    uint64_t size = inode.size();
    if (inode.is_regular() && size > g.max_file_size())
        return fail(Error::bad_inode, inode.number);
    if (inode.is_directory()) {
        // A directory has no holes: every block up to its size is counted.
        uint64_t blocks = size >> g.block_shift;
        if (size == 0 || (size & (g.block_size - 1)) != 0 || blocks > r.blocks / g.sectors_per_block)
            return fail(Error::bad_inode, inode.number);
    }
    if (inode.is_symlink())
        return check_symlink(g, inode);
    return success();
}

} // namespace

FileType Inode::file_type() const { return file_type_of_mode(raw.mode); }

FileType file_type_of_mode(uint16_t m)
{
    switch (m & mode::type_mask) {
    case mode::regular: return FileType::regular;
    case mode::directory: return FileType::directory;
    case mode::symlink: return FileType::symlink;
    case mode::character_device: return FileType::character_device;
    case mode::block_device: return FileType::block_device;
    case mode::fifo: return FileType::fifo;
    case mode::socket: return FileType::socket;
    default: return FileType::unknown;
    }
}

uint32_t xattr_sectors(const Geometry& g, const Inode& inode)
{
    return inode.raw.file_acl != 0 ? g.sectors_per_block : 0;
}

bool is_fast_symlink(const Geometry& g, const Inode& inode)
{
    return inode.is_symlink() && inode.raw.blocks == xattr_sectors(g, inode);
}

bool has_block_map(const Geometry& g, const Inode& inode)
{
    return inode.is_regular() || inode.is_directory() || (inode.is_symlink() && !is_fast_symlink(g, inode));
}

Status load_inode(Volume& v, uint32_t number, Inode& out)
{
    BlockRef block;
    uint32_t offset = 0;
    Status s = locate(v, number, block, offset);
    if (!s.ok())
        return s;
    out.number = number;
    memcpy(&out.raw, block.data() + offset, sizeof out.raw);
    return success();
}

Status load_live_inode(Volume& v, uint32_t number, Inode& out)
{
    if (!v.geometry.is_linkable_inode(number))
        return fail(Error::bad_inode_number, number, number);
    Status s = load_inode(v, number, out);
    if (!s.ok())
        return s;
    return check_contents(v.geometry, out);
}

Status store_inode(Volume& v, const Inode& inode)
{
    BlockRef block;
    uint32_t offset = 0;
    Status s = locate(v, inode.number, block, offset);
    if (!s.ok())
        return s;
    memcpy(block.data() + offset, &inode.raw, sizeof inode.raw);
    block.mark_dirty();
    return success();
}

Status create_inode(Volume& v, uint32_t number, uint16_t m, uint16_t links, Inode& out)
{
    const Geometry& g = v.geometry;
    BlockRef block;
    uint32_t offset = 0;
    Status s = locate(v, number, block, offset);
    if (!s.ok())
        return s;
    uint8_t* record = block.data() + offset;
    memset(record, 0, g.inode_size);
    out = Inode{};
    out.number = number;
    out.raw.mode = m;
    out.raw.links_count = links;
    out.raw.access_time = out.raw.change_time = out.raw.modify_time = v.now;
    memcpy(record, &out.raw, sizeof out.raw);
    // Large inodes: the extra fields mke2fs fills in (size and creation time).
    if (g.inode_size >= good_old_inode_size + new_inode_extra_size) {
        uint16_t extra = new_inode_extra_size;
        memcpy(record + extra_isize_offset, &extra, sizeof extra);
        memcpy(record + creation_time_offset, &v.now, sizeof v.now);
    }
    block.mark_dirty();
    return success();
}

} // namespace ext2
