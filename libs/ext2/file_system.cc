// FileSystem (see file_system.h): mounting and syncing, lookup and reading,
// and writing file contents. The operations on names (create, mkdir,
// symlink, unlink, rmdir, rename) and inode lifetime are in names.cc.
// Each operation checks its arguments and the structures it meets, then
// changes inodes, directories and bitmaps through the helpers, in an order
// that keeps the file system consistent if a later step fails.
#include "ext2/file_system.h"
#include "ext2/block_map.h"
#include "ext2/groups.h"
#include "ext2/inode.h"
#include "rt/string.h"

namespace ext2 {
namespace {

uint64_t blocks_for(const Geometry& g, uint64_t size) { return (size + g.block_size - 1) >> g.block_shift; }

// Checks that a regular file may reach `size`, and sets large_file when it
// passes 2 GiB (revision 0 has no feature flags, so it stays below).
Status allow_size(Volume& v, const Inode& file, uint64_t size)
{
    if (size > v.geometry.max_file_size())
        return fail(Error::file_too_large, file.number);
    if (size > max_small_file && !(v.super.feature_ro_compat & feature::ro_compat_large_file)) {
        if (v.super.revision == revision_good_old)
            return fail(Error::file_too_large, file.number);
        v.super.feature_ro_compat |= feature::ro_compat_large_file;
        v.super_dirty = true;
    }
    return success();
}

} // namespace

// ---------------------------------------------------------------------------
// Mounting

Status FileSystem::mount(BlockDevice& device, BlockCache& cache, Access access)
{
    unmount();
    constexpr uint32_t first_sector = superblock_offset / sector_size;
    constexpr uint32_t sectors = superblock_size / sector_size;
    if (device.sector_count() < first_sector + sectors)
        return fail(Error::device_too_small, 0);
    Superblock super;
    Status s = device.read(first_sector, sectors, &super);
    if (!s.ok())
        return s;
    Geometry g;
    s = read_geometry(super, device.sector_count(), g);
    if (!s.ok())
        return s;
    bool dynamic = super.revision != revision_good_old;
    uint32_t unknown_incompat = dynamic ? super.feature_incompat & ~feature::supported_incompat : 0;
    if (unknown_incompat != 0)
        return fail(Error::unsupported_feature, unknown_incompat);
    uint32_t unknown_ro = dynamic ? super.feature_ro_compat & ~feature::writable_ro_compat : 0;
    if (access == Access::read_write && unknown_ro != 0)
        return fail(Error::read_only_feature, unknown_ro);

    cache.attach(device, g.block_size, g.blocks_count);
    volume_.device = &device;
    volume_.cache = &cache;
    volume_.geometry = g;
    volume_.super = super;
    volume_.writable = access == Access::read_write;
    volume_.super_dirty = false;
    volume_.now = super.write_time;

    uint32_t free_blocks = 0, free_inodes = 0;
    for (uint32_t i = 0; i < g.group_count && s.ok(); ++i) {
        GroupRef group;
        s = load_group(volume_, i, group);
        free_blocks += group.desc.free_blocks_count;
        free_inodes += group.desc.free_inodes_count;
    }
    Inode root;
    if (s.ok()) {
        s = load_live_inode(volume_, root_inode, root);
        if (!s.ok() || !root.is_directory())
            s = fail(Error::bad_root);
    }
    if (!s.ok()) {
        unmount();
        return s;
    }
    // The descriptors are what allocation keeps exact; the superblock's sums
    // follow them (as Linux recounts them at mount).
    if (volume_.writable && (super.free_blocks_count != free_blocks || super.free_inodes_count != free_inodes)) {
        volume_.super.free_blocks_count = free_blocks;
        volume_.super.free_inodes_count = free_inodes;
        volume_.super_dirty = true;
    }
    return success();
}

void FileSystem::unmount()
{
    if (volume_.cache != nullptr)
        volume_.cache->detach();
    volume_ = Volume{};
}

Usage FileSystem::usage() const
{
    const Volume& v = volume_;
    return Usage{v.geometry.block_size, v.geometry.blocks_count, v.super.free_blocks_count, v.geometry.inodes_count,
                 v.super.free_inodes_count};
}

Status FileSystem::sync()
{
    if (!mounted())
        return fail(Error::not_mounted);
    Status s = volume_.cache->sync();
    if (s.ok() && volume_.super_dirty)
        s = write_superblock();
    return s;
}

// ---------------------------------------------------------------------------
// Transactions

// commit() is the cache's, one store: a crash before it rolls back, after it keeps.
void FileSystem::begin()
{
    saved_super_ = volume_.super;
    saved_super_dirty_ = volume_.super_dirty;
    volume_.cache->begin();
}

void FileSystem::commit() { volume_.cache->commit(); }

void FileSystem::rollback()
{
    if (!volume_.cache->in_transaction())
        return;                         // nothing was open (or it committed)
    // The superblock first: the cache's rollback closes the transaction, and
    // a crash in between must find it still open, to be rolled back again.
    volume_.super = saved_super_;
    volume_.super_dirty = saved_super_dirty_;
    volume_.cache->rollback();
}

void FileSystem::reattach(BlockDevice& device)
{
    volume_.device = &device;
    volume_.cache->reattach(device);
}

Status FileSystem::write_superblock()
{
    volume_.super.write_time = volume_.now;
    Status s = volume_.device->write(superblock_offset / sector_size, superblock_size / sector_size, &volume_.super);
    if (s.ok())
        volume_.super_dirty = false;
    return s;
}

Status FileSystem::check_writable() const
{
    if (!mounted())
        return fail(Error::not_mounted);
    return volume_.writable ? success() : fail(Error::read_only);
}

// ---------------------------------------------------------------------------
// Reading

Status FileSystem::load_directory(uint32_t number, Inode& out)
{
    if (!mounted())
        return fail(Error::not_mounted);
    Status s = load_live_inode(volume_, number, out);
    if (s.ok() && out.is_symlink())
        return fail(Error::symlink_in_path, number);
    if (s.ok() && !out.is_directory())
        return fail(Error::not_a_directory, number);
    return s;
}

Status FileSystem::find_in(uint32_t directory, const char* name, uint32_t length, uint32_t& inode)
{
    Inode dir;
    Status s = load_directory(directory, dir);
    EntryLocation where;
    if (s.ok())
        s = find_entry(volume_, dir, name, length, where);
    if (s.ok())
        inode = where.inode;
    return s;
}

Result<uint32_t> FileSystem::lookup(const char* path)
{
    if (!mounted())
        return fail(Error::not_mounted);
    if (path == nullptr)
        return fail(Error::bad_name);
    size_t length = strnlen(path, max_path + 1);
    if (length > max_path)
        return fail(Error::path_too_long);
    uint32_t current = root_inode;
    size_t i = 0;
    while (i < length) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < length && path[end] != '/')
            ++end;
        if (end - i > name_max)
            return fail(Error::bad_name);
        uint32_t next = 0;
        Status s = find_in(current, path + i, static_cast<uint32_t>(end - i), next);
        if (!s.ok())
            return s;
        current = next;
        i = end;
    }
    return current;
}

Result<uint32_t> FileSystem::lookup(uint32_t directory, const char* name)
{
    uint32_t length = 0;
    Status s = check_name(name, true, length);
    uint32_t inode = 0;
    if (s.ok())
        s = find_in(directory, name, length, inode);
    if (!s.ok())
        return s;
    return inode;
}

Result<Stat> FileSystem::stat(uint32_t number)
{
    if (!mounted())
        return fail(Error::not_mounted);
    Inode inode;
    Status s = load_live_inode(volume_, number, inode);
    if (!s.ok())
        return s;
    const InodeRecord& r = inode.raw;
    Stat st;
    st.inode = number;
    st.type = inode.file_type();
    st.mode = r.mode;
    st.links = r.links_count;
    // Linux keeps the high 16 bits of uid and gid in osd2 (bytes 120 and 122 of the inode).
    uint16_t uid_high, gid_high;
    memcpy(&uid_high, r.os2 + 4, sizeof uid_high);
    memcpy(&gid_high, r.os2 + 6, sizeof gid_high);
    st.uid = r.uid | (uint32_t{uid_high} << 16);
    st.gid = r.gid | (uint32_t{gid_high} << 16);
    st.size = inode.size();
    st.blocks = r.blocks;
    st.access_time = r.access_time;
    st.modify_time = r.modify_time;
    st.change_time = r.change_time;
    return st;
}

Result<size_t> FileSystem::read(uint32_t number, uint64_t offset, void* buffer, size_t length)
{
    if (!mounted())
        return fail(Error::not_mounted);
    const Geometry& g = volume_.geometry;
    Inode file;
    Status s = load_live_inode(volume_, number, file);
    if (!s.ok())
        return s;
    if (file.is_directory())
        return fail(Error::is_a_directory, number);
    if (!file.is_regular())
        return fail(Error::not_a_regular_file, number);
    uint64_t size = file.size();
    if (offset >= size)
        return size_t{0};
    size_t total = size - offset < length ? static_cast<size_t>(size - offset) : length;
    auto* out = static_cast<uint8_t*>(buffer);
    for (size_t done = 0; done < total;) {
        uint64_t position = offset + done;
        uint32_t in_block = static_cast<uint32_t>(position & (g.block_size - 1));
        size_t chunk = g.block_size - in_block < total - done ? g.block_size - in_block : total - done;
        BlockRef block;
        s = read_file_block(volume_, file, static_cast<uint32_t>(position >> g.block_shift), block);
        if (!s.ok())
            return s;
        if (block.valid())
            memcpy(out + done, block.data() + in_block, chunk);
        else
            memset(out + done, 0, chunk);
        done += chunk;
    }
    return total;
}

Result<size_t> FileSystem::readlink(uint32_t number, char* buffer, size_t size)
{
    if (!mounted())
        return fail(Error::not_mounted);
    Inode link;
    Status s = load_live_inode(volume_, number, link);
    if (!s.ok())
        return s;
    if (!link.is_symlink())
        return fail(Error::not_a_symlink, number);
    // load_live_inode checked the size: <= 59 for a fast symlink, < block size otherwise.
    size_t length = static_cast<size_t>(link.size());
    if (buffer == nullptr || size <= length)
        return fail(Error::buffer_too_small, static_cast<uint32_t>(length + 1));
    if (is_fast_symlink(volume_.geometry, link)) {
        memcpy(buffer, link.raw.block, length);
    } else {
        BlockRef block;
        s = read_file_block(volume_, link, 0, block);
        if (!s.ok())
            return s;
        if (!block.valid())
            return fail(Error::bad_symlink, number);
        memcpy(buffer, block.data(), length);
    }
    buffer[length] = '\0';
    if (memchr(buffer, '\0', length) != nullptr)
        return fail(Error::bad_symlink, number);
    return length;
}

Status FileSystem::read_dir(uint32_t directory, uint64_t& position, DirEntry& entry)
{
    Inode dir;
    Status s = load_directory(directory, dir);
    if (s.ok())
        s = next_entry(volume_, dir, position, entry);
    if (s.ok() && entry.type == FileType::unknown) {
        // No type byte (no filetype feature, or an unknown value): ask the inode.
        Inode target;
        if (load_inode(volume_, entry.inode, target).ok())
            entry.type = target.file_type();
    }
    return s;
}

// ---------------------------------------------------------------------------
// Files

// Bytes past the end of a file are not promised to be zero on disk; before a
// file grows, the rest of the block holding its end is cleared, so what the
// growth exposes reads as zeros.
Status FileSystem::zero_tail(Inode& file)
{
    const Geometry& g = volume_.geometry;
    uint64_t size = file.size();
    uint32_t in_block = static_cast<uint32_t>(size & (g.block_size - 1));
    if (in_block == 0)
        return success();
    uint32_t physical = 0;
    Status s = map_block(volume_, file, static_cast<uint32_t>(size >> g.block_shift), physical);
    if (!s.ok() || physical == 0)
        return s;
    s = check_data_block(volume_, file.number, physical);
    BlockRef block;
    if (s.ok())
        s = volume_.read_block(physical, block);
    if (s.ok()) {
        memset(block.data() + in_block, 0, g.block_size - in_block);
        block.mark_dirty();
    }
    return s;
}

Status FileSystem::write_blocks(Inode& file, uint64_t offset, const uint8_t* data, size_t length, size_t& written)
{
    const Geometry& g = volume_.geometry;
    written = 0;
    while (written < length) {
        uint64_t position = offset + written;
        uint32_t in_block = static_cast<uint32_t>(position & (g.block_size - 1));
        size_t chunk = g.block_size - in_block < length - written ? g.block_size - in_block : length - written;
        bool whole = chunk == g.block_size;
        BlockRef block;
        Status s = write_file_block(volume_, file, static_cast<uint32_t>(position >> g.block_shift), whole, block);
        if (!s.ok())
            return s;
        memcpy(block.data() + in_block, data + written, chunk);
        block.mark_dirty();
        written += chunk;
    }
    return success();
}

// A regular file the mount may write: what write and truncate start from.
Status FileSystem::load_writable_file(uint32_t number, Inode& file)
{
    Status s = check_writable();
    if (s.ok())
        s = load_live_inode(volume_, number, file);
    if (s.ok() && file.is_directory())
        s = fail(Error::is_a_directory, number);
    if (s.ok() && !file.is_regular())
        s = fail(Error::not_a_regular_file, number);
    return s;
}

Result<size_t> FileSystem::write(uint32_t number, uint64_t offset, const void* data, size_t length)
{
    Inode file;
    Status s = load_writable_file(number, file);
    if (s.ok() && offset > UINT64_MAX - length)
        s = fail(Error::file_too_large, number);
    if (s.ok())
        s = allow_size(volume_, file, offset + length);
    if (!s.ok())
        return s;
    if (length == 0)
        return size_t{0};
    uint64_t old_size = file.size();
    if (offset > old_size)
        s = zero_tail(file);
    size_t written = 0;
    if (s.ok())
        s = write_blocks(file, offset, static_cast<const uint8_t*>(data), length, written);
    if (offset + written > old_size)
        file.set_size(offset + written);
    if (!s.ok()) {
        // Blocks a failed write added past the end (indirect blocks whose
        // data block never came) must not stay past the end.
        (void)release_blocks(volume_, file, blocks_for(volume_.geometry, file.size()));
    }
    file.raw.modify_time = file.raw.change_time = volume_.now;
    Status stored = store_inode(volume_, file);
    if (written > 0 && stored.ok())
        return written;
    return s.ok() ? stored : s;
}

Result<size_t> FileSystem::append(uint32_t number, const void* data, size_t length)
{
    auto info = stat(number);
    if (!info.ok())
        return info.status();
    return write(number, info->size, data, length);
}

Status FileSystem::resize(Inode& file, uint64_t size)
{
    uint64_t old_size = file.size();
    Status s;
    if (size > old_size) {
        s = zero_tail(file);
    } else if (size < old_size) {
        // The size changes only once the blocks past it are gone, so a
        // failure part way leaves holes inside the old size, never blocks
        // past the new one.
        s = release_blocks(volume_, file, blocks_for(volume_.geometry, size));
    }
    if (s.ok())
        file.set_size(size);
    return s;
}

Status FileSystem::truncate(uint32_t number, uint64_t size)
{
    Inode file;
    Status s = load_writable_file(number, file);
    if (s.ok())
        s = allow_size(volume_, file, size);
    if (!s.ok())
        return s;
    s = resize(file, size);
    file.raw.modify_time = file.raw.change_time = volume_.now;
    Status stored = store_inode(volume_, file);
    return s.ok() ? stored : s;
}

} // namespace ext2
