// FileSystem's operations on names and inode lifetime (see file_system.h):
// create, mkdir, symlink, unlink, rmdir, rename, link counts and freeing an
// inode with its last link. Steps are ordered so that a failure part way
// leaves a consistent file system: room for a directory entry is found before
// an inode is allocated, the entry that makes a new inode reachable is written
// last, and rename writes the new name before it removes the old.
#include "ext2/allocator.h"
#include "ext2/block_map.h"
#include "ext2/file_system.h"
#include "ext2/groups.h"
#include "ext2/inode.h"
#include "rt/string.h"

namespace ext2 {
namespace {

constexpr uint32_t max_directory_depth = 4096;   // bounds the ".." walk of rename

} // namespace

// ---------------------------------------------------------------------------
// Links and inode lifetime

Status FileSystem::add_link(uint32_t number, int delta)
{
    Inode inode;
    Status s = load_live_inode(volume_, number, inode);
    if (!s.ok())
        return s;
    int links = int{inode.raw.links_count} + delta;
    if (links < 1)
        return fail(Error::bad_inode, number);
    if (links > static_cast<int>(link_max))
        return fail(Error::too_many_links, number);
    inode.raw.links_count = static_cast<uint16_t>(links);
    inode.raw.change_time = volume_.now;
    return store_inode(volume_, inode);
}

Status FileSystem::drop_link(uint32_t number)
{
    Inode inode;
    Status s = load_live_inode(volume_, number, inode);
    if (!s.ok())
        return s;
    inode.raw.change_time = volume_.now;
    if (inode.raw.links_count > 1) {
        inode.raw.links_count--;
        return store_inode(volume_, inode);
    }
    return destroy(inode);
}

// Drops an extended attribute block reference (the block goes with its last user).
Status FileSystem::release_xattr(Inode& inode)
{
    const Geometry& g = volume_.geometry;
    uint32_t number = inode.raw.file_acl;
    if (number == 0)
        return success();
    if (!check_data_block(volume_, inode.number, number).ok() || inode.raw.blocks < g.sectors_per_block)
        return fail(Error::bad_xattr_block, inode.number, number);
    BlockRef block;
    Status s = volume_.read_block(number, block);
    if (!s.ok())
        return s;
    uint32_t magic_value, references;
    memcpy(&magic_value, block.data(), sizeof magic_value);
    memcpy(&references, block.data() + xattr_refcount_offset, sizeof references);
    if (magic_value != xattr_magic || references == 0)
        return fail(Error::bad_xattr_block, inode.number, number);
    if (references > 1) {
        references--;
        memcpy(block.data() + xattr_refcount_offset, &references, sizeof references);
        block.mark_dirty();
    } else {
        block.release();
        s = free_block(volume_, inode.number, number);
        if (!s.ok())
            return s;
    }
    inode.raw.file_acl = 0;
    inode.raw.blocks -= g.sectors_per_block;
    return success();
}

// Frees an inode whose last link is gone: its blocks, its attribute block,
// then the inode itself. The record keeps a deletion time, as e2fsck expects
// of a free inode.
Status FileSystem::destroy(Inode& inode)
{
    Status s;
    if (has_block_map(volume_.geometry, inode))
        s = release_blocks(volume_, inode, 0);
    if (s.ok())
        s = release_xattr(inode);
    if (s.ok() && !inode.is_symlink())
        inode.set_size(0);
    // A deletion time below the inode count reads as an orphan list link to e2fsck.
    uint32_t now = volume_.now;
    inode.raw.delete_time = now >= volume_.geometry.inodes_count ? now : volume_.geometry.inodes_count;
    inode.raw.links_count = 0;
    Status stored = store_inode(volume_, inode);
    if (!s.ok())
        return s;
    if (!stored.ok())
        return stored;
    return free_inode(volume_, inode.number, inode.is_directory());
}

// ---------------------------------------------------------------------------
// New entries

Status FileSystem::initialise_node(Inode& node, uint32_t directory, const char* target)
{
    if (node.is_directory())
        return make_directory_block(volume_, node, directory);
    if (!node.is_symlink())
        return success();
    size_t length = strlen(target);
    if (length <= fast_symlink_max) {
        memcpy(node.raw.block, target, length);
    } else {
        BlockRef block;
        Status s = write_file_block(volume_, node, 0, true, block);
        if (!s.ok())
            return s;
        memcpy(block.data(), target, length);
        block.mark_dirty();
    }
    node.set_size(length);
    return success();
}

Result<uint32_t> FileSystem::make_node(uint32_t directory, const char* name, uint16_t mode_bits, const char* target)
{
    uint32_t length = 0;
    Status s = check_writable();
    if (s.ok())
        s = check_name(name, false, length);
    Inode parent;
    if (s.ok())
        s = load_directory(directory, parent);
    if (!s.ok())
        return s;
    bool is_directory = (mode_bits & mode::type_mask) == mode::directory;
    if (target != nullptr) {
        size_t target_length = strnlen(target, volume_.geometry.block_size);
        if (target_length == 0 || target_length >= volume_.geometry.block_size)
            return fail(Error::path_too_long);
    }
    EntryLocation existing;
    s = find_entry(volume_, parent, name, length, existing);
    if (s.ok())
        return fail(Error::exists);
    if (s.error != Error::not_found)
        return s;
    if (is_directory && parent.raw.links_count >= link_max)
        return fail(Error::too_many_links, directory);

    // Room for the entry first: it may add a block to the directory, which
    // is harmless if a later step fails.
    EntrySlot slot;
    s = reserve_entry(volume_, directory, length, slot);
    if (!s.ok())
        return s;
    auto number = allocate_inode(volume_, directory, is_directory);
    if (!number.ok())
        return number.status();
    Inode node;
    s = create_inode(volume_, *number, mode_bits, is_directory ? 2 : 1, node);
    if (!s.ok()) {
        (void)free_inode(volume_, *number, is_directory);
        return s;
    }
    s = initialise_node(node, directory, target);
    if (s.ok())
        s = store_inode(volume_, node);
    // A new directory's ".." counts for the parent.
    bool parent_counted = false;
    if (s.ok() && is_directory) {
        s = add_link(directory, +1);
        parent_counted = s.ok();
    }
    // The entry last: once it is written, the node is complete.
    if (s.ok())
        s = fill_entry(volume_, directory, slot, name, length, *number, node.file_type());
    if (!s.ok()) {
        if (parent_counted)
            (void)add_link(directory, -1);
        (void)destroy(node);        // nothing links to it
        return s;
    }
    return *number;
}

Result<uint32_t> FileSystem::create(uint32_t directory, const char* name, uint16_t permissions)
{
    return make_node(directory, name, mode::regular | (permissions & mode::permission_mask), nullptr);
}

Result<uint32_t> FileSystem::mkdir(uint32_t directory, const char* name, uint16_t permissions)
{
    return make_node(directory, name, mode::directory | (permissions & mode::permission_mask), nullptr);
}

Result<uint32_t> FileSystem::symlink(uint32_t directory, const char* name, const char* target)
{
    if (target == nullptr)
        return fail(Error::bad_name);
    return make_node(directory, name, mode::symlink | 0777, target);
}

// ---------------------------------------------------------------------------
// Removing and renaming

// The entry `name` of `directory` that unlink or rmdir is to remove, its
// directory and the inode it names.
Status FileSystem::find_to_remove(uint32_t directory, const char* name, Inode& parent, EntryLocation& where,
                                  Inode& target)
{
    uint32_t length = 0;
    Status s = check_writable();
    if (s.ok())
        s = check_name(name, false, length);
    if (s.ok())
        s = load_directory(directory, parent);
    if (s.ok())
        s = find_entry(volume_, parent, name, length, where);
    if (s.ok())
        s = load_live_inode(volume_, where.inode, target);
    return s;
}

Status FileSystem::unlink(uint32_t directory, const char* name)
{
    Inode parent, target;
    EntryLocation where;
    Status s = find_to_remove(directory, name, parent, where, target);
    if (s.ok() && target.is_directory())
        s = fail(Error::is_a_directory, where.inode);
    if (s.ok())
        s = remove_entry(volume_, directory, where);
    if (s.ok())
        s = drop_link(where.inode);
    return s;
}

Status FileSystem::rmdir(uint32_t directory, const char* name)
{
    Inode parent, target;
    EntryLocation where;
    Status s = find_to_remove(directory, name, parent, where, target);
    if (s.ok() && !target.is_directory())
        s = fail(Error::not_a_directory, where.inode);
    if (s.ok())
        s = check_empty(volume_, target);
    // The parent counts the child's "..": it has at least 3 links.
    if (s.ok() && parent.raw.links_count < 3)
        s = fail(Error::bad_inode, directory);
    if (s.ok())
        s = remove_entry(volume_, directory, where);
    if (s.ok())
        s = add_link(directory, -1);
    if (s.ok())
        s = load_live_inode(volume_, where.inode, target);
    if (s.ok())
        s = destroy(target);
    return s;
}

// moves_into_itself if `moving` is `directory` or one of its ancestors.
Status FileSystem::check_not_ancestor(uint32_t moving, uint32_t directory)
{
    uint32_t current = directory;
    for (uint32_t step = 0; step < max_directory_depth; ++step) {
        if (current == moving)
            return fail(Error::moves_into_itself, moving);
        if (current == root_inode)
            return success();
        uint32_t parent = 0;
        Status s = find_in(current, "..", 2, parent);
        if (!s.ok())
            return s;
        current = parent;
    }
    return fail(Error::bad_inode, directory);    // a ".." chain that never reaches the root
}

Status FileSystem::rename(uint32_t from_directory, const char* from_name, uint32_t to_directory, const char* to_name)
{
    uint32_t from_length = 0, to_length = 0;
    Status s = check_writable();
    if (s.ok())
        s = check_name(from_name, false, from_length);
    if (s.ok())
        s = check_name(to_name, false, to_length);
    Inode from_parent, to_parent, source;
    EntryLocation from_where;
    if (s.ok())
        s = load_directory(from_directory, from_parent);
    if (s.ok())
        s = load_directory(to_directory, to_parent);
    if (s.ok())
        s = find_entry(volume_, from_parent, from_name, from_length, from_where);
    if (s.ok())
        s = load_live_inode(volume_, from_where.inode, source);
    if (s.ok() && source.is_directory())
        s = check_not_ancestor(source.number, to_directory);
    if (!s.ok())
        return s;
    bool moves_directory = source.is_directory() && from_directory != to_directory;

    // The target: replaced if it exists and may be, else a new entry.
    EntryLocation to_where;
    Inode target;
    s = find_entry(volume_, to_parent, to_name, to_length, to_where);
    bool replacing = s.ok();
    if (replacing && to_where.inode == source.number)
        return success();                   // two names of one file: nothing to do
    if (!replacing && s.error != Error::not_found)
        return s;
    s = success();
    if (replacing) {
        s = load_live_inode(volume_, to_where.inode, target);
        if (s.ok() && source.is_directory() && !target.is_directory())
            s = fail(Error::not_a_directory, target.number);
        if (s.ok() && !source.is_directory() && target.is_directory())
            s = fail(Error::is_a_directory, target.number);
        if (s.ok() && target.is_directory())
            s = check_empty(volume_, target);
    } else if (moves_directory && to_parent.raw.links_count >= link_max) {
        s = fail(Error::too_many_links, to_directory);
    }
    if (!s.ok())
        return s;

    // The new name first, so that the file is never without one.
    if (replacing) {
        s = retarget_entry(volume_, to_directory, to_where, source.number, source.file_type());
    } else {
        EntrySlot slot;
        s = reserve_entry(volume_, to_directory, to_length, slot);
        if (s.ok())
            s = fill_entry(volume_, to_directory, slot, to_name, to_length, source.number, source.file_type());
    }
    // Then the old name; the new entry may have moved it within its block.
    if (s.ok())
        s = load_directory(from_directory, from_parent);
    if (s.ok())
        s = find_entry(volume_, from_parent, from_name, from_length, from_where);
    if (s.ok())
        s = remove_entry(volume_, from_directory, from_where);
    if (!s.ok())
        return s;

    // Link counts: a moved directory's ".." now counts for its new parent; a
    // replaced directory's ".." no longer counts.
    int from_delta = moves_directory ? -1 : 0;
    int to_delta = (moves_directory ? 1 : 0) - (replacing && target.is_directory() ? 1 : 0);
    if (moves_directory) {
        Inode moved;
        EntryLocation dot_dot;
        s = load_directory(source.number, moved);
        if (s.ok())
            s = find_entry(volume_, moved, "..", 2, dot_dot);
        if (s.ok())
            s = retarget_entry(volume_, source.number, dot_dot, to_directory, FileType::directory);
    }
    if (s.ok() && from_directory == to_directory && from_delta + to_delta != 0)
        s = add_link(to_directory, from_delta + to_delta);
    if (s.ok() && from_directory != to_directory && from_delta != 0)
        s = add_link(from_directory, from_delta);
    if (s.ok() && from_directory != to_directory && to_delta != 0)
        s = add_link(to_directory, to_delta);
    if (s.ok() && replacing) {
        if (target.is_directory()) {
            s = load_live_inode(volume_, target.number, target);
            if (s.ok())
                s = destroy(target);
        } else {
            s = drop_link(target.number);
        }
    }
    if (s.ok())
        s = add_link(source.number, 0);     // only its change time
    return s;
}

} // namespace ext2
