// arc::fs::Client: a file system as a program uses it (the shell's file
// commands, the wave player, test clients). It finds the server from a
// "fs:/path" name and, when the server takes a session (ext2 does, ram does
// not), moves file contents through the session's pages, up to Size()
// bytes a request; otherwise through messages (arc/fs.h), 192 bytes each.
//
//   arc::fs::Client fs;
//   const char* path;
//   if (fs.Attach("ext2:/tmp/a.txt", path) == arc::Status::ok) {
//       L4_Word_t file;
//       size_t done;
//       using namespace arc::fs::open_mode;
//       if (fs.Open(path, file, nullptr, write | create | truncate) == arc::Status::ok) {
//           fs.Write(file, 0, "hello\n", 6, done);
//           fs.Close(file);            // on the disk once this answers
//       }
//       fs.Detach();
//   }
//
// No destructor (it may live in persistent memory): Detach() when done.
// After a cold restart of the server the calls answer Status::restarted:
// its handles are gone; Attach again to go on.
#pragma once
#include <stddef.h>
#include "arc/fs.h"
#include "arc/session.h"

namespace arc::fs {

class Client {
public:
    static constexpr L4_Word_t session_pages = 8;

    constexpr Client() = default;

    // Finds the server of `spec` ("ext2:/a/b"); `path` points into spec
    // after the ':'. Connects a session if the server takes one.
    Status Attach(const char* spec, const char*& path);
    // The same with the server's thread known (the shell looks names up itself).
    Status Attach(L4_ThreadId_t server);
    void Detach();
    bool Attached() const { return !L4_IsNilThread(server_); }
    L4_ThreadId_t Server() const { return server_; }
    // True when contents move through a session.
    bool Bulk() const { return session_.Connected(); }

    Status Open(const char* path, L4_Word_t& handle, Info* info = nullptr, L4_Word_t mode = 0)
    {
        return open(server_, path, handle, info, mode);
    }
    Status Close(L4_Word_t handle) { return close(server_, handle); }
    // As arc/fs.h's read and write: `done` is short only at the end of the
    // file (read) or when the disk filled up (write).
    Status Read(L4_Word_t handle, L4_Word_t offset, void* buffer, size_t length, size_t& done);
    Status Write(L4_Word_t handle, L4_Word_t offset, const void* data, size_t length, size_t& done);
    Status Stat(const char* path, Info& info) { return stat(server_, path, info); }
    Status ReadDir(const char* path, L4_Word_t index, DirEntry& entry) { return read_dir(server_, path, index, entry); }
    Status MakeDirectory(const char* path) { return make_directory(server_, path); }
    Status Remove(const char* path) { return remove(server_, path); }
    Status Rename(const char* from, const char* to) { return rename(server_, from, to); }
    Status Sync() { return sync(server_); }

private:
    // One session Get or Put of at most Size() bytes.
    Status transfer(bool put, L4_Word_t handle, L4_Word_t offset, size_t length, size_t& count);

    L4_ThreadId_t server_ = L4_nilthread;
    Session session_;
};

} // namespace arc::fs
