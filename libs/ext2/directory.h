// Directories: the entries inside directory blocks, finding and listing them,
// adding one (in an entry's slack or in a new block) and removing one (merged
// into the entry before it). Internal to libs/ext2.
//
// Every entry is checked before it is used (parse_entry): its head inside the
// block, rec_len at least 12, a multiple of 4 and inside the block, the name
// inside rec_len, the inode number linkable. Walking a block moves forward by
// rec_len each step, so it ends within block_size / 12 steps.
//
// A directory that changes loses EXT2_INDEX_FL: this library keeps no hash
// index, and a stale index must not be trusted by the next reader (an indexed
// directory's blocks are ordinary directory blocks to a reader that ignores
// the index, which is what makes dir_index a compatible feature).
#pragma once
#include <stdint.h>
#include "ext2/cache.h"
#include "ext2/format.h"
#include "ext2/inode.h"
#include "ext2/status.h"
#include "ext2/volume.h"

namespace ext2 {

// One entry as read_dir hands it out.
struct DirEntry {
    uint32_t inode = 0;
    FileType type = FileType::unknown;
    uint8_t name_length = 0;
    char name[name_max + 1] = {};       // NUL-terminated
};

// A checked entry inside a pinned directory block.
struct EntryView {
    uint32_t offset = 0;                // in the block
    uint32_t inode = 0;
    uint32_t record_length = 0;
    uint32_t name_length = 0;
    uint8_t type = 0;                   // the file type byte (0 without the filetype feature)
    const char* name = nullptr;         // name_length bytes, not NUL-terminated
};

// Where find_entry found an entry.
struct EntryLocation {
    uint32_t logical = 0;               // the directory block
    uint32_t offset = 0;                // the entry in it
    uint32_t previous = 0;              // the entry before it in the block; == offset if first
    uint32_t inode = 0;
    uint8_t type = 0;
};

// Where a new entry goes: the entry at `offset` of block `logical`, either an
// unused one big enough, or (split) a used one whose slack is big enough.
struct EntrySlot {
    uint32_t logical = 0;
    uint32_t offset = 0;
    bool split = false;
};

// A name for an entry: 1..255 bytes, no '/', and (unless `dots_allowed`) not
// "." or "..". `length` gets its length.
Status check_name(const char* name, bool dots_allowed, uint32_t& length);

// Checks and reads the entry at `offset` of `block` (directory block `logical`
// of inode `directory`).
Status parse_entry(const Geometry& geometry, uint32_t directory, uint32_t logical, const uint8_t* block,
                   uint32_t offset, EntryView& out);

// The entry called `name` (length bytes) in `directory`, or not_found.
Status find_entry(Volume& volume, const Inode& directory, const char* name, uint32_t length, EntryLocation& out);

// The next used entry at or after byte `position` of `directory`; moves
// `position` past it. end_of_directory when there is none. A position that is
// not an entry boundary moves on to the next boundary.
Status next_entry(Volume& volume, const Inode& directory, uint64_t& position, DirEntry& out);

// Finds room for a name of `length` bytes in directory `directory`, adding a
// block to it if no block has room. The directory stays consistent either way.
Status reserve_entry(Volume& volume, uint32_t directory, uint32_t length, EntrySlot& out);

// Writes the entry into a slot reserve_entry found (nothing else may have
// changed the directory in between).
Status fill_entry(Volume& volume, uint32_t directory, const EntrySlot& slot, const char* name, uint32_t length,
                  uint32_t inode, FileType type);

// Removes the entry find_entry found.
Status remove_entry(Volume& volume, uint32_t directory, const EntryLocation& where);

// Points the entry find_entry found at another inode.
Status retarget_entry(Volume& volume, uint32_t directory, const EntryLocation& where, uint32_t inode,
                      FileType type);

// not_empty if `directory` has an entry other than "." and "..".
Status check_empty(Volume& volume, const Inode& directory);

// Gives the new directory `directory` (in memory, not yet stored) its first
// block with "." and "..".
Status make_directory_block(Volume& volume, Inode& directory, uint32_t parent);

} // namespace ext2
