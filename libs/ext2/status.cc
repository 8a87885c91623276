// The text of ext2 errors (see status.h).
#include "ext2/status.h"
#include "rt/message_template.h"

namespace ext2 {

const char* message_template(Error error)
{
    switch (error) {
    case Error::none: return "ext2: no error";
    case Error::io_error: return "ext2: the device failed to transfer sector #";
    case Error::outside_device: return "ext2: sector # lies past the end of the device";
    case Error::cache_full: return "ext2: every block cache slot is in use";
    case Error::no_ext2_volume: return "ext2: no Linux partition and no ext2 superblock on the disk";
    case Error::bad_partition: return "ext2: partition # does not fit the disk";
    case Error::not_mounted: return "ext2: the file system is not mounted";
    case Error::bad_magic: return "ext2: not an ext2 file system (bad superblock magic)";
    case Error::unsupported_revision: return "ext2: unsupported revision #";
    case Error::unsupported_block_size: return "ext2: unsupported block size (log2 # above 1 KiB)";
    case Error::bad_geometry: return "ext2: the superblock's counts contradict each other (#)";
    case Error::bad_inode_size: return "ext2: bad inode size #";
    case Error::device_too_small: return "ext2: the file system has # blocks, more than the device holds";
    case Error::unsupported_feature: return "ext2: unsupported incompatible features 0x#";
    case Error::read_only_feature: return "ext2: read-only compatible features 0x# forbid writing";
    case Error::bad_group_descriptor: return "ext2: group descriptor # is corrupt";
    case Error::bad_root: return "ext2: the root inode is not a directory in use";
    case Error::bad_inode_number: return "ext2: inode #: refers to an invalid inode @";
    case Error::bad_block_number: return "ext2: inode #: block pointer @ is outside the data area";
    case Error::bad_inode: return "ext2: inode # is corrupt (type, size, links or block count)";
    case Error::bad_directory_entry: return "ext2: directory inode #: bad entry at byte @";
    case Error::bad_symlink: return "ext2: symlink inode # is corrupt";
    case Error::bad_bitmap: return "ext2: the bitmap of group # disagrees with the group (at @)";
    case Error::block_already_free: return "ext2: inode #: block @ is already free";
    case Error::inode_already_free: return "ext2: inode # is already free";
    case Error::bad_xattr_block: return "ext2: inode #: bad extended attribute block @";
    case Error::read_only: return "ext2: the file system is mounted read-only";
    case Error::not_found: return "ext2: no such file or directory";
    case Error::not_a_directory: return "ext2: inode # is not a directory";
    case Error::is_a_directory: return "ext2: inode # is a directory";
    case Error::not_a_regular_file: return "ext2: inode # is not a regular file";
    case Error::not_a_symlink: return "ext2: inode # is not a symlink";
    case Error::symlink_in_path: return "ext2: the path goes through symlink inode # (not followed)";
    case Error::exists: return "ext2: the name exists already";
    case Error::not_empty: return "ext2: directory inode # is not empty";
    case Error::bad_name: return "ext2: bad file name";
    case Error::path_too_long: return "ext2: the path is too long";
    case Error::buffer_too_small: return "ext2: the buffer is too small (# bytes needed)";
    case Error::file_too_large: return "ext2: inode #: the file would exceed the largest size";
    case Error::too_many_links: return "ext2: inode # has the most links it may have";
    case Error::no_space: return "ext2: no free blocks";
    case Error::no_inodes: return "ext2: no free inodes";
    case Error::moves_into_itself: return "ext2: directory inode # cannot move into its own subtree";
    case Error::end_of_directory: return "ext2: end of directory";
    }
    return "ext2: unknown error";
}

const char* Status::describe(char* buffer, size_t size) const
{
    return rt::fill_message_template(buffer, size, message_template(error), subject, detail);
}

} // namespace ext2
