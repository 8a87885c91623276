// Client side of the file system protocol (protocol/fs.h): one function per
// request, data in the messages. Every call names the server's thread;
// locate() finds it from a "fs:path" string ("ram:/hello") through the
// naming server. arc::fs::Client (arc/fs_client.h) builds on these and moves
// file contents through a session where the server offers one.
//
//     L4_ThreadId_t ram;
//     const char* path;
//     if (arc::fs::locate("ram:/policy", ram, path) == arc::Status::ok)
//         arc::fs::read_file(ram, path, buffer, sizeof buffer, length);
#pragma once
#include <stddef.h>
#include "arc/message.h"
#include "arc/protocol/fs.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc::fs {

struct Info {
    FileType type = FileType::unknown;
    L4_Word_t size = 0;
};

struct DirEntry {
    FileType type = FileType::unknown;
    L4_Word_t size = 0;
    char name[max_path + 1] = {};     // the entry's own name, without its folder
};

// Splits "fs:path" at its first ':' and looks the file system's name up:
// `server` gets its thread, `path` points into `spec` after the ':'.
// bad_path without a ':' or with an empty or too long name; not_found if no
// server has that name.
Status locate(const char* spec, L4_ThreadId_t& server, const char*& path);

// `mode`: bits of open_mode (0: for reading).
Status open(L4_ThreadId_t server, const char* path, L4_Word_t& handle, Info* info = nullptr, L4_Word_t mode = 0);
Status close(L4_ThreadId_t server, L4_Word_t handle);

// Reads `length` bytes at `offset` into `buffer`, in as many requests of at
// most max_read bytes as it takes; `done` gets the count, which is smaller
// only at the end of the file.
Status read(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, void* buffer, size_t length,
            size_t& done);

// Writes `length` bytes at `offset`, in requests of at most max_write bytes;
// `done` gets the count, smaller only when the disk filled up.
Status write(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, const void* data, size_t length,
             size_t& done);

Status stat(L4_ThreadId_t server, const char* path, Info& info);
Status make_directory(L4_ThreadId_t server, const char* path);
Status remove(L4_ThreadId_t server, const char* path);
// too_long if both paths together pass max_rename_paths.
Status rename(L4_ThreadId_t server, const char* from, const char* to);
Status sync(L4_ThreadId_t server);

// Entry `index` (0, 1, ...) of the directory at `path`;
// Status::end_of_directory past the last one.
Status read_dir(L4_ThreadId_t server, const char* path, L4_Word_t index, DirEntry& entry);

// The whole file at `path` into `buffer`: open, read, close. `length` gets
// its size. too_long (and nothing read) if it is larger than `capacity`;
// is_a_directory for a directory.
Status read_file(L4_ThreadId_t server, const char* path, void* buffer, size_t capacity, size_t& length);

// Moves `length` bytes in pieces of at most `piece`: `move(at, wanted, got)`
// moves bytes [at, at + wanted) and says how many it moved in `got`. Stops
// at the first failure, or after a short piece (the end of a file, a full
// disk); `done` gets the bytes moved. Every read and write loop of the
// protocol's clients (here and arc/fs_client.h) is this one.
template <typename Move>
Status in_pieces(size_t length, size_t piece, size_t& done, Move&& move)
{
    for (done = 0; done < length;) {
        size_t wanted = length - done < piece ? length - done : piece;
        size_t got = 0;
        Status s = move(done, wanted, got);
        if (s != Status::ok)
            return s;
        done += got;
        if (got < wanted)
            break;
    }
    return Status::ok;
}

// Server side: the path string of a request (open, stat, read_dir).
// bad_request if there is none, too_long past max_path, bad_path with a NUL
// inside.
Status read_path(MessageReader& r, char (&path)[max_path + 1]);

} // namespace arc::fs
