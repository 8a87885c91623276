// The ram file system's operations over a validated archive, one method per
// protocol/fs.h operation, without IPC: main.cc decodes a request, calls one
// of these and encodes the answer. Each method validates its arguments first
// and acts after; a bad argument gets a Status, never a crash. Host-tested
// (tests/unit/ramfs/file_server_test.cc).
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/protocol/fs.h"
#include "arc/ramfs.h"
#include "arc/status.h"
#include "l4/types.h"

namespace ram {

// What open, stat and read_dir report about a file. Directories have size 0.
struct Info {
    arc::fs::FileType type = arc::fs::FileType::unknown;
    L4_Word_t size = 0;
    const char* name = "";            // read_dir: the entry's own name (in the archive)
};

class FileServer {
public:
    // Open files at once over all clients; a client that opens more gets Status::busy.
    static constexpr unsigned max_handles = 32;

    explicit FileServer(const arc::ramfs::Archive& archive) : archive_(archive) {}

    // `path` is NUL-terminated and at most fs::max_path bytes (main.cc checks).
    arc::Status open(L4_ThreadId_t client, const char* path, L4_Word_t& handle, Info& info);
    arc::Status close(L4_ThreadId_t client, L4_Word_t handle);
    // `data` gets `count` bytes of the file at `offset`, at most `length`
    // (<= fs::max_read); count is smaller only at the end of the file.
    arc::Status read(L4_ThreadId_t client, L4_Word_t handle, L4_Word_t offset, L4_Word_t length,
                     const uint8_t*& data, size_t& count) const;
    arc::Status stat(const char* path, Info& info) const;
    arc::Status read_dir(const char* path, L4_Word_t index, Info& info) const;

    const arc::ramfs::Archive& archive() const { return archive_; }
    unsigned open_count() const;

private:
    // A handle word: slot number in the low bits, the slot's generation above,
    // so a closed handle stays invalid after its slot is reused.
    static constexpr unsigned slot_bits = 8;
    static_assert(max_handles <= (1u << slot_bits));

    struct Slot {
        bool used = false;
        uint32_t generation = 0;
        L4_ThreadId_t owner = L4_nilthread;   // only the opener may read or close
        arc::ramfs::File file;
    };

    const Slot* slot_of(L4_ThreadId_t client, L4_Word_t handle) const;

    arc::ramfs::Archive archive_;
    Slot slots_[max_handles];
};

// The protocol's status for a lookup error of the archive reader.
arc::Status status_of(arc::ramfs::Error error);
arc::fs::FileType type_of(const arc::ramfs::File& file);

} // namespace ram
