#include "file_server.h"

namespace ram {

using arc::Status;
using arc::fs::FileType;
namespace ramfs = arc::ramfs;

// The archive's types are ext2's numbers, as the protocol's are.
static_assert(static_cast<L4_Word_t>(FileType::regular) == static_cast<uint32_t>(ramfs::Type::regular));
static_assert(static_cast<L4_Word_t>(FileType::directory) == static_cast<uint32_t>(ramfs::Type::directory));

Status status_of(ramfs::Error error)
{
    switch (error) {
    case ramfs::Error::none: return Status::ok;
    case ramfs::Error::not_found: return Status::not_found;
    case ramfs::Error::not_a_directory: return Status::not_a_directory;
    case ramfs::Error::end_of_directory: return Status::end_of_directory;
    case ramfs::Error::bad_path: return Status::bad_path;
    default: return Status::io_error;      // validation errors: not from a lookup in a valid archive
    }
}

FileType type_of(const ramfs::File& file)
{
    return file.is_directory() ? FileType::directory : FileType::regular;
}

namespace {
Info info_of(const ramfs::File& file) { return Info{type_of(file), file.size, file.base_name()}; }
} // namespace

Status FileServer::open(L4_ThreadId_t client, const char* path, L4_Word_t& handle, Info& info)
{
    auto found = archive_.find(path);
    if (!found)
        return status_of(found.error());
    for (unsigned i = 0; i < max_handles; ++i) {
        Slot& s = slots_[i];
        if (s.used)
            continue;
        s.used = true;
        s.generation = (s.generation + 1) & ((1u << (32 - slot_bits)) - 1);
        if (s.generation == 0)
            s.generation = 1;             // handle words are never 0
        s.owner = client;
        s.file = *found;
        handle = (s.generation << slot_bits) | i;
        info = info_of(*found);
        return Status::ok;
    }
    return Status::busy;
}

const FileServer::Slot* FileServer::slot_of(L4_ThreadId_t client, L4_Word_t handle) const
{
    L4_Word_t index = handle & ((1u << slot_bits) - 1);
    if (index >= max_handles)
        return nullptr;
    const Slot& s = slots_[index];
    if (!s.used || s.generation != handle >> slot_bits || s.owner != client)
        return nullptr;
    return &s;
}

Status FileServer::close(L4_ThreadId_t client, L4_Word_t handle)
{
    const Slot* s = slot_of(client, handle);
    if (!s)
        return Status::bad_handle;
    Slot& slot = slots_[s - slots_];
    slot.used = false;
    slot.owner = L4_nilthread;
    return Status::ok;
}

Status FileServer::read(L4_ThreadId_t client, L4_Word_t handle, L4_Word_t offset, L4_Word_t length,
                        const uint8_t*& data, size_t& count) const
{
    const Slot* s = slot_of(client, handle);
    if (!s)
        return Status::bad_handle;
    if (s->file.is_directory())
        return Status::is_a_directory;
    // The protocol's bound: a longer request is a client's mistake, not a
    // short read (a short read means the end of the file).
    if (length > arc::fs::max_read || offset > s->file.size)
        return Status::bad_request;
    L4_Word_t left = s->file.size - offset;
    data = s->file.data + offset;
    count = length < left ? length : left;
    return Status::ok;
}

Status FileServer::stat(const char* path, Info& info) const
{
    auto found = archive_.find(path);
    if (!found)
        return status_of(found.error());
    info = info_of(*found);
    return Status::ok;
}

Status FileServer::read_dir(const char* path, L4_Word_t index, Info& info) const
{
    auto entry = archive_.child(path, index);
    if (!entry)
        return status_of(entry.error());
    info = info_of(*entry);
    return Status::ok;
}

unsigned FileServer::open_count() const
{
    unsigned n = 0;
    for (const Slot& s : slots_)
        n += s.used ? 1 : 0;
    return n;
}

} // namespace ram
