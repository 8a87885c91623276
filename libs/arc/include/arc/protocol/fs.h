// The file system protocol, spoken by the ram file system (read-only) and by
// ext2. Paths are strings without the "fs:" prefix ("/" is the root).
//
// Every request fits one message. A server that also speaks the session
// protocol (ext2) moves file contents in bulk through a session's pages:
// Get and Put below; arc::fs::Client (arc/fs_client.h) uses them when the
// server takes a session and plain read and write when it does not.
#pragma once
#include "l4/types.h"

namespace arc::fs {

// Bytes one read or write message carries at most (beside its words).
constexpr unsigned max_read = 192;
constexpr unsigned max_write = 192;
constexpr unsigned max_path = 192;
// A rename carries both paths in one message: together at most this many bytes.
constexpr unsigned max_rename_paths = 232;

// As ext2's directory entry file types.
enum class FileType : L4_Word_t { unknown = 0, regular = 1, directory = 2, symlink = 7 };

// Bits of open's mode word. 0 opens for reading only.
namespace open_mode {
constexpr L4_Word_t write = 1;       // the handle may write
constexpr L4_Word_t create = 2;      // a missing regular file is made (its folder must exist)
constexpr L4_Word_t truncate = 4;    // the file is emptied first
constexpr L4_Word_t all = write | create | truncate;
} // namespace open_mode

enum class Op : L4_Word_t {
    // in: mode, string path   out: handle, FileType, size.
    //   create and truncate imply write; a read-only server answers
    //   Status::not_permitted to any of them.
    open = 0x1501,
    // in: handle, offset, length (<= max_read)   out: bytes (fewer at the end)
    read = 0x1502,
    // in: handle. What the handle wrote is on the disk before the reply.
    close = 0x1503,
    // in: string path   out: FileType, size
    stat = 0x1504,
    // in: string path of a directory, index   out: FileType, size, string name;
    //   Status::end_of_directory past the last entry
    read_dir = 0x1505,
    // in: handle, offset, bytes (<= max_write)   out: count written (fewer
    //   only when the disk filled up)
    write = 0x1506,
    // in: string path   (Status::exists if the name is taken)
    make_directory = 0x1507,
    // in: string path of a file, a symlink or an empty directory
    //   (Status::not_empty for a directory with entries)
    remove = 0x1508,
    // in: string from, string to   (an existing `to` is replaced as rename(2) does)
    rename = 0x1509,
    // Everything written so far reaches the disk.
    sync = 0x150a,
};

// The session requests of a file system server (protocol/session.h's Get and
// Put), on a handle from open. Words:
//   Get: handle, offset, length (<= the session's size)   out: count read,
//        the bytes at the start of the session's pages (fewer at the end)
//   Put: handle, offset, length (<= the session's size)   out: count written,
//        the bytes taken from the start of the session's pages
// Both may be replayed: they name the offset, so doing one twice does it once.
namespace session_words {
constexpr unsigned handle = 0, offset = 1, length = 2, count = 3;
} // namespace session_words

} // namespace arc::fs
