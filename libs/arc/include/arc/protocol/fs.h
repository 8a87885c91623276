// The file system protocol, spoken by the ram file system now and by ext2
// later. Paths are strings without the "fs:" prefix ("/" is the root).
#pragma once
#include "l4/types.h"

namespace arc::fs {

// Bytes one read returns at most (fits in a message beside its words).
constexpr unsigned max_read = 192;
constexpr unsigned max_path = 192;

// As ext2's directory entry file types.
enum class FileType : L4_Word_t { unknown = 0, regular = 1, directory = 2, symlink = 7 };

enum class Op : L4_Word_t {
    // in: string path   out: handle, FileType, size
    open = 0x1501,
    // in: handle, offset, length (<= max_read)   out: bytes (fewer at the end)
    read = 0x1502,
    // in: handle
    close = 0x1503,
    // in: string path   out: FileType, size
    stat = 0x1504,
    // in: string path of a directory, index   out: FileType, size, string name;
    //   Status::end_of_directory past the last entry
    read_dir = 0x1505,
};

} // namespace arc::fs
