// Why an ext2 operation failed: an error code and up to two numbers it is
// about (an inode, a block, a group, a byte offset), with describe() for the
// text. Results, not exceptions: every fallible function returns a Status or
// a Result<T>, and both are [[nodiscard]].
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "rt/result.h"

namespace ext2 {

enum class Error : uint8_t {
    none,
    // The device and the cache.
    io_error,                 // the device failed a read or write
    outside_device,           // a sector range past the end of the device
    cache_full,               // every cache slot is pinned
    // Finding the volume.
    no_ext2_volume,           // no Linux partition, and no ext2 superblock at byte 1024
    bad_partition,            // a partition entry that does not fit the disk
    // The superblock and group descriptors (mount).
    not_mounted,
    bad_magic,
    unsupported_revision,
    unsupported_block_size,
    bad_geometry,             // counts that contradict each other
    bad_inode_size,
    device_too_small,         // the file system claims more blocks than the device has
    unsupported_feature,      // an incompat feature this library does not implement
    read_only_feature,        // an ro_compat feature that forbids a writable mount
    bad_group_descriptor,
    bad_root,                 // inode 2 is not a directory in use
    // Structures found while working.
    bad_inode_number,
    bad_block_number,         // a block pointer outside the data area or into metadata
    bad_inode,                // an inode's type, size, links or block count make no sense
    bad_directory_entry,
    bad_symlink,
    bad_bitmap,               // a bitmap disagrees with the metadata or the free counts
    block_already_free,
    inode_already_free,
    bad_xattr_block,
    // The caller's request.
    read_only,
    not_found,
    not_a_directory,
    is_a_directory,
    not_a_regular_file,
    not_a_symlink,
    symlink_in_path,          // lookup does not follow symlinks
    exists,
    not_empty,
    bad_name,                 // empty, too long, contains '/', or "." / ".." where not allowed
    path_too_long,
    buffer_too_small,
    file_too_large,
    too_many_links,
    no_space,
    no_inodes,
    moves_into_itself,        // rename of a directory into its own subtree
    end_of_directory,         // read_dir: no more entries (not a failure)
};

// The message for an error, with '#' where `subject` goes and '@' where
// `detail` goes (describe() fills them in).
const char* message_template(Error error);

struct [[nodiscard]] Status {
    Error error = Error::none;
    uint32_t subject = 0;   // usually the inode, block or group the error is about
    uint32_t detail = 0;    // a second number: a block, an offset, a feature mask

    constexpr bool ok() const { return error == Error::none; }
    constexpr explicit operator bool() const { return ok(); }

    // Writes the message, e.g. "ext2: inode 12: bad directory entry at byte
    // 1036", into buffer (NUL-terminated, cut to size) and returns buffer.
    const char* describe(char* buffer, size_t size) const;
};

constexpr Status fail(Error error, uint32_t subject = 0, uint32_t detail = 0)
{
    return Status{error, subject, detail};
}
constexpr Status success() { return Status{}; }

// A value or the Status saying why there is none.
template <typename T>
using Result = rt::Result<T, Status>;

} // namespace ext2
