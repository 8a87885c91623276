// The file-system calls the shell makes (protocol/fs.h), by file system
// name: "ram" is looked up with the naming server on every call, so a file
// system that restarts or appears later (ext2) is found.
#pragma once
#include <stddef.h>
#include "arc/protocol/fs.h"
#include "arc/status.h"
#include "l4/types.h"

namespace msh::files {

struct Entry {
    arc::fs::FileType type = arc::fs::FileType::unknown;
    L4_Word_t size = 0;
    char name[arc::fs::max_path + 1] = {};
};

// The server of file system `fs`; Status::not_found if no such name.
arc::Status find(const char* fs, L4_ThreadId_t& server);

arc::Status stat(L4_ThreadId_t server, const char* path, Entry& entry);
// Entry `index` of directory `path`; Status::end_of_directory past the last.
arc::Status read_dir(L4_ThreadId_t server, const char* path, L4_Word_t index, Entry& entry);
arc::Status open(L4_ThreadId_t server, const char* path, L4_Word_t& handle, Entry& entry);
// Up to fs::max_read bytes at `offset`; `length` gets how many (0 at the end).
arc::Status read(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, char* out,
                 size_t& length);
arc::Status close(L4_ThreadId_t server, L4_Word_t handle);

} // namespace msh::files
