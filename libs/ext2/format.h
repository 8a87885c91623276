// The ext2 on-disk format: the superblock, group descriptors, inodes and
// directory entries, with the constants that give their fields meaning.
//
// Every structure here is the exact byte image of its on-disk form (ext2 is
// little-endian, and so are IA-32 and the hosts the tests run on). Code never
// points a structure at cached bytes: it copies bytes in and out with memcpy,
// so nothing depends on the alignment of a field inside a block.
//
// Nothing read from disk is trusted: file_system.cc and its helpers check
// every value before they use it (see docs/ext2.md, "Bad input").
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace ext2 {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the on-disk structures are read as little-endian native structs");

// ---------------------------------------------------------------------------
// Sizes and fixed places.
constexpr uint32_t sector_size = 512;
constexpr uint32_t superblock_offset = 1024;   // bytes from the start of the volume
constexpr uint32_t superblock_size = 1024;
constexpr uint16_t magic = 0xEF53;
constexpr uint32_t min_block_size = 1024;      // s_log_block_size 0
constexpr uint32_t max_block_size = 4096;      // s_log_block_size 2: the largest supported
constexpr uint32_t max_log_block_size = 2;
constexpr uint32_t group_descriptor_size = 32;  // without the 64bit feature
constexpr uint32_t good_old_inode_size = 128;   // revision 0, and the base of every inode
constexpr uint32_t good_old_first_inode = 11;   // the first non-reserved inode in revision 0
constexpr uint32_t new_inode_extra_size = 32;   // i_extra_isize that mke2fs gives new large inodes
constexpr uint32_t revision_good_old = 0;
constexpr uint32_t revision_dynamic = 1;

// Reserved inode numbers.
constexpr uint32_t bad_blocks_inode = 1;
constexpr uint32_t root_inode = 2;

// The block map of an inode: i_block[0..11] point at data, [12] at a block of
// pointers to data, [13] at a block of pointers to such blocks, [14] one more level.
constexpr uint32_t direct_blocks = 12;
constexpr uint32_t indirect_slot = 12;
constexpr uint32_t double_indirect_slot = 13;
constexpr uint32_t triple_indirect_slot = 14;
constexpr uint32_t block_slots = 15;
constexpr uint32_t max_indirection = 3;
constexpr uint32_t fast_symlink_max = block_slots * 4 - 1;   // target bytes kept in i_block

constexpr uint32_t name_max = 255;        // bytes in a directory entry's name
constexpr uint32_t link_max = 32000;      // EXT2_LINK_MAX: i_links_count limit without dir_nlink
constexpr uint32_t max_small_file = 0x7FFFFFFF;   // largest size without ro_compat large_file

// ---------------------------------------------------------------------------
// Feature flags. A mount refuses any incompat flag it does not know; a
// writable mount also refuses unknown ro_compat flags; compat flags never matter.
namespace feature {
constexpr uint32_t compat_dir_prealloc = 0x0001;
constexpr uint32_t compat_has_journal = 0x0004;
constexpr uint32_t compat_ext_attr = 0x0008;
constexpr uint32_t compat_resize_inode = 0x0010;   // s_reserved_gdt_blocks follow each GDT copy
constexpr uint32_t compat_dir_index = 0x0020;

constexpr uint32_t incompat_compression = 0x0001;
constexpr uint32_t incompat_filetype = 0x0002;     // directory entries carry a file type byte
constexpr uint32_t incompat_recover = 0x0004;
constexpr uint32_t incompat_journal_dev = 0x0008;
constexpr uint32_t incompat_meta_bg = 0x0010;
constexpr uint32_t incompat_extents = 0x0040;
constexpr uint32_t incompat_64bit = 0x0080;
constexpr uint32_t incompat_flex_bg = 0x0200;

constexpr uint32_t ro_compat_sparse_super = 0x0001;  // superblock backups only in groups 0, 1, 3^n, 5^n, 7^n
constexpr uint32_t ro_compat_large_file = 0x0002;    // regular files may be >= 2 GiB (i_size_high)
constexpr uint32_t ro_compat_btree_dir = 0x0004;     // never used by any implementation

// What this library reads, and what it keeps consistent when it writes.
constexpr uint32_t supported_incompat = incompat_filetype;
constexpr uint32_t writable_ro_compat = ro_compat_sparse_super | ro_compat_large_file | ro_compat_btree_dir;
} // namespace feature

// ---------------------------------------------------------------------------
// i_mode: the file type in the top four bits, permissions below.
namespace mode {
constexpr uint16_t type_mask = 0xF000;
constexpr uint16_t fifo = 0x1000;
constexpr uint16_t character_device = 0x2000;
constexpr uint16_t directory = 0x4000;
constexpr uint16_t block_device = 0x6000;
constexpr uint16_t regular = 0x8000;
constexpr uint16_t symlink = 0xA000;
constexpr uint16_t socket = 0xC000;
constexpr uint16_t permission_mask = 0x0FFF;   // rwx for user/group/other, setuid, setgid, sticky
} // namespace mode

// i_flags this library acts on.
namespace inode_flag {
constexpr uint32_t index = 0x1000;   // EXT2_INDEX_FL: hashed directory; cleared when a directory changes
} // namespace inode_flag

// The file type of a directory entry (the byte after name_len with the
// filetype feature), also used for the type of an inode in general.
enum class FileType : uint8_t {
    unknown = 0,
    regular = 1,
    directory = 2,
    character_device = 3,
    block_device = 4,
    fifo = 5,
    socket = 6,
    symlink = 7,
};
constexpr uint8_t file_type_max = 7;

// ---------------------------------------------------------------------------
// The superblock: 1024 bytes at byte 1024 of the volume. Fields past
// s_reserved_gdt_blocks are kept as bytes and written back unchanged.
struct Superblock {
    uint32_t inodes_count;
    uint32_t blocks_count;
    uint32_t reserved_blocks_count;
    uint32_t free_blocks_count;
    uint32_t free_inodes_count;
    uint32_t first_data_block;       // 1 with 1 KiB blocks (block 0 holds the boot sectors), else 0
    uint32_t log_block_size;         // block size = 1024 << log_block_size
    uint32_t log_fragment_size;
    uint32_t blocks_per_group;
    uint32_t fragments_per_group;
    uint32_t inodes_per_group;
    uint32_t mount_time;
    uint32_t write_time;
    uint16_t mount_count;
    uint16_t max_mount_count;
    uint16_t magic;
    uint16_t state;
    uint16_t errors;
    uint16_t minor_revision;
    uint32_t last_check;
    uint32_t check_interval;
    uint32_t creator_os;
    uint32_t revision;
    uint16_t default_reserved_uid;
    uint16_t default_reserved_gid;
    // Revision 1 (dynamic) only; zero in revision 0.
    uint32_t first_inode;
    uint16_t inode_size;
    uint16_t block_group_number;
    uint32_t feature_compat;
    uint32_t feature_incompat;
    uint32_t feature_ro_compat;
    uint8_t uuid[16];
    char volume_name[16];
    char last_mounted[64];
    uint32_t algorithm_bitmap;
    uint8_t prealloc_blocks;
    uint8_t prealloc_dir_blocks;
    uint16_t reserved_gdt_blocks;    // with compat_resize_inode: blocks after each GDT copy
    uint8_t rest[1024 - 208];
};
static_assert(sizeof(Superblock) == superblock_size);
static_assert(offsetof(Superblock, magic) == 56);
static_assert(offsetof(Superblock, revision) == 76);
static_assert(offsetof(Superblock, first_inode) == 84);
static_assert(offsetof(Superblock, feature_compat) == 92);
static_assert(offsetof(Superblock, volume_name) == 120);
static_assert(offsetof(Superblock, reserved_gdt_blocks) == 206);

// One entry of the group descriptor table, which starts in the block after
// the superblock's (first_data_block + 1).
struct GroupDescriptor {
    uint32_t block_bitmap;       // block numbers
    uint32_t inode_bitmap;
    uint32_t inode_table;
    uint16_t free_blocks_count;
    uint16_t free_inodes_count;
    uint16_t used_dirs_count;
    uint16_t flags;
    uint8_t reserved[12];
};
static_assert(sizeof(GroupDescriptor) == group_descriptor_size);
static_assert(offsetof(GroupDescriptor, free_blocks_count) == 12);

// The first 128 bytes of every inode (large inodes have more after these; a
// rewrite of an existing inode keeps them).
struct InodeRecord {
    uint16_t mode;
    uint16_t uid;
    uint32_t size;               // low 32 bits of the size
    uint32_t access_time;
    uint32_t change_time;
    uint32_t modify_time;
    uint32_t delete_time;
    uint16_t gid;
    uint16_t links_count;
    uint32_t blocks;             // 512-byte sectors in use: data, indirect and xattr blocks
    uint32_t flags;
    uint32_t os1;
    uint32_t block[block_slots];
    uint32_t generation;
    uint32_t file_acl;           // the extended attribute block, or 0
    uint32_t size_high;          // high 32 bits of a regular file's size (i_dir_acl otherwise)
    uint32_t fragment_address;
    uint8_t os2[12];
};
static_assert(sizeof(InodeRecord) == good_old_inode_size);
static_assert(offsetof(InodeRecord, links_count) == 26);
static_assert(offsetof(InodeRecord, block) == 40);
static_assert(offsetof(InodeRecord, file_acl) == 104);
static_assert(offsetof(InodeRecord, size_high) == 108);

// Bytes of a large inode past the base record that new inodes fill in.
constexpr uint32_t extra_isize_offset = 128;    // uint16_t i_extra_isize
constexpr uint32_t creation_time_offset = 144;  // uint32_t i_crtime

// The fixed head of a directory entry; the name (not NUL-terminated) follows,
// and rec_len covers head, name and padding up to the next entry.
struct DirectoryEntryHead {
    uint32_t inode;              // 0: an unused entry
    uint16_t record_length;
    uint8_t name_length;
    uint8_t file_type;           // with incompat_filetype; otherwise the high byte of name_length
};
static_assert(sizeof(DirectoryEntryHead) == 8);
constexpr uint32_t min_record_length = 12;   // an entry with a 1..4-byte name, as e2fsck requires

// The space an entry with a name of `name_length` bytes needs: head, name, padding to 4.
constexpr uint32_t record_length_for(uint32_t name_length) { return (8 + name_length + 3) & ~3u; }

// The header of an extended attribute block (the fields this library needs to
// release one when its last user goes away).
constexpr uint32_t xattr_magic = 0xEA020000;
constexpr uint32_t xattr_refcount_offset = 4;

} // namespace ext2
