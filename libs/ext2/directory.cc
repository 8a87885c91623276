// Directory blocks (see directory.h).
#include "ext2/directory.h"
#include "ext2/block_map.h"
#include "rt/string.h"

namespace ext2 {
namespace {

DirectoryEntryHead head_at(const uint8_t* block, uint32_t offset)
{
    DirectoryEntryHead head;
    memcpy(&head, block + offset, sizeof head);
    return head;
}

void put_head(uint8_t* block, uint32_t offset, const DirectoryEntryHead& head)
{
    memcpy(block + offset, &head, sizeof head);
}

uint8_t type_byte(const Geometry& g, FileType type) { return g.filetype ? static_cast<uint8_t>(type) : 0; }

// The byte position of an entry in the directory, for error messages.
uint32_t position_of(const Geometry& g, uint32_t logical, uint32_t offset) { return (logical << g.block_shift) + offset; }

// Pins directory block `logical`; a hole in a directory is corruption.
Status read_directory_block(Volume& v, const Inode& directory, uint32_t logical, BlockRef& block)
{
    Status s = read_file_block(v, directory, logical, block);
    if (s.ok() && !block.valid())
        return fail(Error::bad_directory_entry, directory.number, position_of(v.geometry, logical, 0));
    return s;
}

uint32_t block_count(const Geometry& g, const Inode& directory) { return static_cast<uint32_t>(directory.size() >> g.block_shift); }

// Calls visit(entry) for each entry of a pinned block, in order, until it
// returns true (found) or the block ends. `found` tells which.
template <typename Visit>
Status walk_block(const Geometry& g, uint32_t directory, uint32_t logical, const uint8_t* block, Visit visit,
                  bool& found)
{
    found = false;
    for (uint32_t offset = 0; offset < g.block_size;) {
        EntryView entry;
        Status s = parse_entry(g, directory, logical, block, offset, entry);
        if (!s.ok())
            return s;
        if (visit(entry)) {
            found = true;
            return success();
        }
        offset += entry.record_length;
    }
    return success();
}

// Updates a directory after one of its entries changed: times, and the hash
// index flag (see directory.h).
Status touch_directory(Volume& v, uint32_t number)
{
    Inode directory;
    Status s = load_live_inode(v, number, directory);
    if (!s.ok())
        return s;
    directory.raw.modify_time = directory.raw.change_time = v.now;
    directory.raw.flags &= ~inode_flag::index;
    return store_inode(v, directory);
}

// Re-reads an entry of directory `number` found earlier and checks it is
// still the same one.
Status reread_entry(Volume& v, uint32_t number, const EntryLocation& where, BlockRef& block, EntryView& entry)
{
    Inode directory;
    Status s = load_live_inode(v, number, directory);
    if (s.ok())
        s = read_directory_block(v, directory, where.logical, block);
    if (s.ok())
        s = parse_entry(v.geometry, directory.number, where.logical, block.data(), where.offset, entry);
    if (s.ok() && entry.inode != where.inode)
        s = fail(Error::bad_directory_entry, directory.number, position_of(v.geometry, where.logical, where.offset));
    return s;
}

bool is_dot_or_dot_dot(const EntryView& e)
{
    return (e.name_length == 1 && e.name[0] == '.') || (e.name_length == 2 && e.name[0] == '.' && e.name[1] == '.');
}

Status add_directory_block(Volume& v, Inode& directory, EntrySlot& out)
{
    const Geometry& g = v.geometry;
    uint32_t logical = block_count(g, directory);
    if (directory.size() + g.block_size > UINT32_MAX)
        return fail(Error::file_too_large, directory.number);
    BlockRef block;
    Status s = write_file_block(v, directory, logical, true, block);
    if (s.ok()) {
        DirectoryEntryHead empty{0, static_cast<uint16_t>(g.block_size), 0, 0};
        put_head(block.data(), 0, empty);
        block.mark_dirty();
        directory.set_size(directory.size() + g.block_size);
        out = EntrySlot{logical, 0, false};
    }
    // Stored either way: a failed allocation may have added indirect blocks.
    Status stored = store_inode(v, directory);
    return s.ok() ? stored : s;
}

} // namespace

Status check_name(const char* name, bool dots_allowed, uint32_t& length)
{
    if (name == nullptr)
        return fail(Error::bad_name);
    size_t n = strnlen(name, name_max + 1);
    bool dots = (n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.');
    if (n == 0 || n > name_max || memchr(name, '/', n) != nullptr || (!dots_allowed && dots))
        return fail(Error::bad_name);
    length = static_cast<uint32_t>(n);
    return success();
}

Status parse_entry(const Geometry& g, uint32_t directory, uint32_t logical, const uint8_t* block, uint32_t offset,
                   EntryView& out)
{
    Status bad = fail(Error::bad_directory_entry, directory, position_of(g, logical, offset));
    if (offset % 4 != 0 || offset + sizeof(DirectoryEntryHead) > g.block_size)
        return bad;
    DirectoryEntryHead head = head_at(block, offset);
    uint32_t length = head.record_length;
    // Without the filetype feature the type byte is name_len's high byte: names stay < 256.
    if (length < min_record_length || length % 4 != 0 || length > g.block_size - offset ||
        record_length_for(head.name_length) > length || (!g.filetype && head.file_type != 0))
        return bad;
    if (head.inode != 0 && (head.name_length == 0 || !g.is_linkable_inode(head.inode)))
        return bad;
    out.offset = offset;
    out.inode = head.inode;
    out.record_length = length;
    out.name_length = head.name_length;
    out.type = g.filetype ? head.file_type : 0;
    out.name = reinterpret_cast<const char*>(block + offset + sizeof head);
    return success();
}

Status find_entry(Volume& v, const Inode& directory, const char* name, uint32_t length, EntryLocation& out)
{
    const Geometry& g = v.geometry;
    uint32_t blocks = block_count(g, directory);
    for (uint32_t logical = 0; logical < blocks; ++logical) {
        BlockRef block;
        Status s = read_directory_block(v, directory, logical, block);
        if (!s.ok())
            return s;
        uint32_t previous = 0;
        bool found = false;
        s = walk_block(g, directory.number, logical, block.data(), [&](const EntryView& e) {
            if (e.inode != 0 && e.name_length == length && memcmp(e.name, name, length) == 0) {
                out = EntryLocation{logical, e.offset, e.offset == 0 ? 0 : previous, e.inode, e.type};
                return true;
            }
            previous = e.offset;
            return false;
        }, found);
        if (!s.ok() || found)
            return s;
    }
    return fail(Error::not_found);
}

Status next_entry(Volume& v, const Inode& directory, uint64_t& position, DirEntry& out)
{
    const Geometry& g = v.geometry;
    uint64_t size = directory.size();
    while (position < size) {
        uint32_t logical = static_cast<uint32_t>(position >> g.block_shift);
        uint32_t start = static_cast<uint32_t>(position & (g.block_size - 1));
        BlockRef block;
        Status s = read_directory_block(v, directory, logical, block);
        if (!s.ok())
            return s;
        EntryView found_entry;
        bool found = false;
        s = walk_block(g, directory.number, logical, block.data(), [&](const EntryView& e) {
            if (e.offset < start || e.inode == 0)
                return false;
            found_entry = e;
            return true;
        }, found);
        if (!s.ok())
            return s;
        if (found) {
            out.inode = found_entry.inode;
            out.type = static_cast<FileType>(found_entry.type <= file_type_max ? found_entry.type : 0);
            out.name_length = static_cast<uint8_t>(found_entry.name_length);
            memcpy(out.name, found_entry.name, found_entry.name_length);
            out.name[found_entry.name_length] = '\0';
            position = (uint64_t{logical} << g.block_shift) + found_entry.offset + found_entry.record_length;
            return success();
        }
        position = uint64_t{logical + 1} << g.block_shift;
    }
    return fail(Error::end_of_directory);
}

Status reserve_entry(Volume& v, uint32_t number, uint32_t length, EntrySlot& out)
{
    const Geometry& g = v.geometry;
    Inode directory;
    Status s = load_live_inode(v, number, directory);
    if (!s.ok())
        return s;
    uint32_t needed = record_length_for(length);
    uint32_t blocks = block_count(g, directory);
    for (uint32_t logical = 0; logical < blocks; ++logical) {
        BlockRef block;
        s = read_directory_block(v, directory, logical, block);
        if (!s.ok())
            return s;
        bool found = false;
        s = walk_block(g, number, logical, block.data(), [&](const EntryView& e) {
            uint32_t used = e.inode == 0 ? 0 : record_length_for(e.name_length);
            if (e.record_length - used < needed)
                return false;
            out = EntrySlot{logical, e.offset, e.inode != 0};
            return true;
        }, found);
        if (!s.ok() || found)
            return s;
    }
    return add_directory_block(v, directory, out);
}

Status fill_entry(Volume& v, uint32_t number, const EntrySlot& slot, const char* name, uint32_t length,
                  uint32_t inode, FileType type)
{
    const Geometry& g = v.geometry;
    Inode directory;
    Status s = load_live_inode(v, number, directory);
    BlockRef block;
    EntryView e;
    if (s.ok())
        s = read_directory_block(v, directory, slot.logical, block);
    if (s.ok())
        s = parse_entry(g, number, slot.logical, block.data(), slot.offset, e);
    if (!s.ok())
        return s;
    uint32_t used = slot.split ? record_length_for(e.name_length) : 0;
    if ((e.inode != 0) != slot.split || e.record_length - used < record_length_for(length))
        return fail(Error::bad_directory_entry, number, position_of(g, slot.logical, slot.offset));
    uint32_t offset = slot.offset + used;
    if (slot.split) {
        DirectoryEntryHead shrunk = head_at(block.data(), slot.offset);
        shrunk.record_length = static_cast<uint16_t>(used);
        put_head(block.data(), slot.offset, shrunk);
    }
    DirectoryEntryHead head{inode, static_cast<uint16_t>(e.record_length - used), static_cast<uint8_t>(length),
                            type_byte(g, type)};
    put_head(block.data(), offset, head);
    memcpy(block.data() + offset + sizeof head, name, length);
    block.mark_dirty();
    return touch_directory(v, number);
}

Status remove_entry(Volume& v, uint32_t number, const EntryLocation& where)
{
    const Geometry& g = v.geometry;
    BlockRef block;
    EntryView entry;
    Status s = reread_entry(v, number, where, block, entry);
    if (!s.ok())
        return s;
    DirectoryEntryHead head = head_at(block.data(), where.offset);
    head.inode = 0;
    put_head(block.data(), where.offset, head);
    if (where.previous != where.offset) {
        EntryView before;
        s = parse_entry(g, number, where.logical, block.data(), where.previous, before);
        if (!s.ok())
            return s;
        if (before.offset + before.record_length != where.offset)
            return fail(Error::bad_directory_entry, number, position_of(g, where.logical, where.previous));
        DirectoryEntryHead merged = head_at(block.data(), where.previous);
        merged.record_length = static_cast<uint16_t>(merged.record_length + entry.record_length);
        put_head(block.data(), where.previous, merged);
    }
    block.mark_dirty();
    return touch_directory(v, number);
}

Status retarget_entry(Volume& v, uint32_t number, const EntryLocation& where, uint32_t inode, FileType type)
{
    BlockRef block;
    EntryView entry;
    Status s = reread_entry(v, number, where, block, entry);
    if (!s.ok())
        return s;
    DirectoryEntryHead head = head_at(block.data(), where.offset);
    head.inode = inode;
    head.file_type = type_byte(v.geometry, type);
    put_head(block.data(), where.offset, head);
    block.mark_dirty();
    return touch_directory(v, number);
}

Status check_empty(Volume& v, const Inode& directory)
{
    const Geometry& g = v.geometry;
    uint32_t blocks = block_count(g, directory);
    for (uint32_t logical = 0; logical < blocks; ++logical) {
        BlockRef block;
        Status s = read_directory_block(v, directory, logical, block);
        if (!s.ok())
            return s;
        bool found = false;
        s = walk_block(g, directory.number, logical, block.data(),
                       [&](const EntryView& e) { return e.inode != 0 && !is_dot_or_dot_dot(e); }, found);
        if (!s.ok())
            return s;
        if (found)
            return fail(Error::not_empty, directory.number);
    }
    return success();
}

Status make_directory_block(Volume& v, Inode& directory, uint32_t parent)
{
    const Geometry& g = v.geometry;
    BlockRef block;
    Status s = write_file_block(v, directory, 0, true, block);
    if (!s.ok())
        return s;
    uint8_t type = type_byte(g, FileType::directory);
    DirectoryEntryHead dot{directory.number, min_record_length, 1, type};
    DirectoryEntryHead dot_dot{parent, static_cast<uint16_t>(g.block_size - min_record_length), 2, type};
    put_head(block.data(), 0, dot);
    memcpy(block.data() + sizeof dot, ".", 1);
    put_head(block.data(), min_record_length, dot_dot);
    memcpy(block.data() + min_record_length + sizeof dot_dot, "..", 2);
    block.mark_dirty();
    directory.set_size(g.block_size);
    return success();
}

} // namespace ext2
