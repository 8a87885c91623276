// The ext2 file system server (004 section 5.1.6): the file system `ext2:`
// on a block device (the pata driver, or memdisk), through a session.
//
//   ext2 [DEVICE]     DEVICE: the block server's name (default "pata")
//
// It finds the ext2 volume on the device (the first Linux partition of its
// MBR, or the whole device), mounts it with libs/ext2 and answers the file
// system protocol (arc/protocol/fs.h) that msh's ls, cat and friends speak.
//
// Persistent: the session with the device, the device's name and the open
// files (handle -> inode). After a hot or warm restart Recover() mounts the
// volume again (the block cache is not kept: what it held is on the disk,
// this server writes nothing yet) and the interrupted request is replayed;
// clients keep their handles. A cold restart forgets the open files.
#include "session_device.h"
#include "arc/fs.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/protocol/block.h"
#include "arc/server.h"
#include "arc/startup.h"
#include "ext2/file_system.h"
#include "ext2/mbr.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;

constexpr char service_name[] = "ext2";
constexpr unsigned max_open = 64;
constexpr L4_Word_t session_pages = 16;

struct OpenFile {
    bool used;
    L4_ThreadId_t client;
    uint32_t inode;
    L4_Word_t opened_by;      // the open request's sequence number (its replay finds it)
};

// Persistent: kept across hot and warm restarts.
struct State {
    char device[32];
    arc::Session disk;
    OpenFile files[max_open];
};
constinit State state IS_PERSISTENT = {};

// Not persistent: rebuilt by every mount.
ext2::BlockCache cache;

Status to_status(const ext2::Status& s)
{
    switch (s.error) {
    case ext2::Error::none: return Status::ok;
    case ext2::Error::not_found: return Status::not_found;
    case ext2::Error::not_a_directory: return Status::not_a_directory;
    case ext2::Error::is_a_directory: return Status::is_a_directory;
    case ext2::Error::exists: return Status::exists;
    case ext2::Error::bad_name:
    case ext2::Error::symlink_in_path: return Status::bad_path;
    case ext2::Error::path_too_long: return Status::too_long;
    case ext2::Error::no_space:
    case ext2::Error::no_inodes: return Status::no_memory;
    case ext2::Error::read_only: return Status::not_permitted;
    case ext2::Error::end_of_directory: return Status::end_of_directory;
    default: return Status::io_error;
    }
}

arc::fs::FileType type_of(ext2::FileType t)
{
    switch (t) {
    case ext2::FileType::regular: return arc::fs::FileType::regular;
    case ext2::FileType::directory: return arc::fs::FileType::directory;
    case ext2::FileType::symlink: return arc::fs::FileType::symlink;
    default: return arc::fs::FileType::unknown;
    }
}

class Ext2Server final : public arc::Server<Ext2Server> {
public:
    static constexpr L4_Word_t deadline_ms = 2000;

    Ext2Server() { SetDeadline(deadline_ms); }

    Status Initialize() override
    {
        // main() has mounted it at a first start; after a cold restart nothing is.
        Status s = fs_.mounted() ? Status::ok : mount();
        if (s == Status::ok)
            s = arc::naming::register_name(service_name);
        if (s == Status::ok)
            report_mount();            // last: once it is said, ext2: can be used
        return s;
    }
    Status Exit() override { return Status::ok; }
    Status Recover() override { return mount(); }

    // Connects to the device (unless the session survived) and mounts the
    // volume on it, read-only for now. Says why not on the console.
    Status mount()
    {
        Status s = Status::ok;
        if (!state.disk.Connected()) {
            L4_ThreadId_t server;
            s = arc::naming::wait_for(state.device, server, 5000);
            if (s == Status::ok)
                s = state.disk.Connect(server, session_pages);
        }
        L4_Word_t size[2] = {};
        if (s == Status::ok)
            s = state.disk.Begin(nullptr, 0, size, 2);
        if (s != Status::ok) {
            rt::print("ext2: %s: %s\n", state.device, arc::describe(s));
            return s;
        }
        device_ = ext2_server::SessionDevice(state.disk, static_cast<uint64_t>(size[1]) << 32 | size[0]);
        auto volume = ext2::find_volume(device_);
        ext2::Status mounted = volume.status();
        if (volume.ok()) {
            partition_ = ext2::PartitionDevice(device_, volume->first_sector, volume->sector_count);
            mounted = fs_.mount(partition_, cache, ext2::Access::read_only);
        }
        if (!mounted.ok()) {
            char why[128];
            rt::print("ext2: cannot mount %s: %s\n", state.device, mounted.describe(why, sizeof(why)));
            return to_status(mounted);
        }
        return Status::ok;
    }

    void report_mount() const
    {
        ext2::Usage u = fs_.usage();
        rt::print("ext2: %s mounted read-only: %u blocks of %u bytes, %u free; %u inodes, %u free\n", state.device,
                  u.blocks, u.block_size, u.free_blocks, u.inodes, u.free_inodes);
    }

private:
    // The path of a request (a string), looked up.
    Status lookup(arc::MessageReader& r, uint32_t& inode, ext2::Stat& st)
    {
        char path[arc::fs::max_path + 1];
        Status s = arc::fs::read_path(r, path);
        if (s != Status::ok)
            return s;
        auto found = fs_.lookup(path);
        if (!found.ok())
            return to_status(found.status());
        inode = *found;
        auto info = fs_.stat(inode);
        if (!info.ok())
            return to_status(info.status());
        st = *info;
        return Status::ok;
    }

    OpenFile* file_of(L4_Word_t handle, L4_ThreadId_t client)
    {
        if (handle == 0 || handle > max_open)
            return nullptr;
        OpenFile& f = state.files[handle - 1];
        return f.used && f.client == client ? &f : nullptr;
    }

    Status open(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        uint32_t inode;
        ext2::Stat st;
        Status s = lookup(r, inode, st);
        if (s != Status::ok)
            return s;
        // A replayed open that got as far as a handle answers with that one.
        unsigned slot = max_open;
        for (unsigned i = 0; Recovered() && i < max_open && slot == max_open; ++i)
            if (state.files[i].used && state.files[i].client == in.client && state.files[i].opened_by == in.sequence)
                slot = i;
        for (unsigned i = 0; i < max_open && slot == max_open; ++i)
            if (!state.files[i].used) {
                state.files[i] = {false, in.client, inode, in.sequence};
                state.files[i].used = true;               // last: the entry is whole
                slot = i;
            }
        if (slot < max_open) {
            out.word(slot + 1).word(static_cast<L4_Word_t>(type_of(st.type))).word(static_cast<L4_Word_t>(st.size));
            return Status::ok;
        }
        return Status::busy;
    }

    Status read(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t handle, offset, length;
        if (!r.word(handle) || !r.word(offset) || !r.word(length) || length > arc::fs::max_read)
            return Status::bad_request;
        OpenFile* f = file_of(handle, in.client);
        if (!f)
            return Status::bad_handle;
        uint8_t data[arc::fs::max_read];
        auto got = fs_.read(f->inode, offset, data, length);
        if (!got.ok())
            return to_status(got.status());
        out.bytes(data, *got);
        return Status::ok;
    }

    Status close(const arc::Request& in, arc::Reply&)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t handle;
        if (!r.word(handle))
            return Status::bad_request;
        OpenFile* f = file_of(handle, in.client);
        if (!f)
            return Recovered() ? Status::ok : Status::bad_handle;   // closed before the restart
        f->used = false;
        return Status::ok;
    }

    Status stat(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        uint32_t inode;
        ext2::Stat st;
        Status s = lookup(r, inode, st);
        if (s == Status::ok)
            out.word(static_cast<L4_Word_t>(type_of(st.type))).word(static_cast<L4_Word_t>(st.size));
        return s;
    }

    // Entry `index` of a directory, "." and ".." left out.
    Status read_dir(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        uint32_t directory;
        ext2::Stat st;
        L4_Word_t index;
        Status s = lookup(r, directory, st);
        if (s != Status::ok)
            return s;
        if (!r.word(index))
            return Status::bad_request;
        uint64_t position = 0;
        ext2::DirEntry entry;
        for (L4_Word_t seen = 0;;) {
            ext2::Status e = fs_.read_dir(directory, position, entry);
            if (!e.ok())
                return to_status(e);
            if (strcmp(entry.name, ".") == 0 || strcmp(entry.name, "..") == 0)
                continue;
            if (seen++ == index)
                break;
        }
        auto info = fs_.stat(entry.inode);
        if (!info.ok())
            return to_status(info.status());
        out.word(static_cast<L4_Word_t>(type_of(info->type))).word(static_cast<L4_Word_t>(info->size));
        out.string(entry.name);
        return Status::ok;
    }

    ext2_server::SessionDevice device_{state.disk, 0};
    ext2::PartitionDevice partition_{device_, 0, 0};
    ext2::FileSystem fs_;

public:
    static constexpr arc::Handler<Ext2Server> handlers[] = {
        {arc::fs::Op::open, &Ext2Server::open},   {arc::fs::Op::read, &Ext2Server::read},
        {arc::fs::Op::close, &Ext2Server::close}, {arc::fs::Op::stat, &Ext2Server::stat},
        {arc::fs::Op::read_dir, &Ext2Server::read_dir},
    };
};

} // namespace

int main(int argc, char** argv)
{
    if (argc > 2 || (argc == 2 && strlen(argv[1]) >= sizeof(state.device))) {
        rt::print("usage: ext2 [DEVICE]   (a block device server, default pata)\n");
        return 2;
    }
    static Ext2Server server;
    bool fresh = arc::startup()->temperature == static_cast<L4_Word_t>(arc::recovery::Temperature::fresh);
    if (fresh) {
        strlcpy(state.device, argc == 2 ? argv[1] : "pata", sizeof(state.device));
        // A device or volume that is not there is said so, and the server
        // ends (a failing Initialize() would be restarted).
        if (server.mount() != Status::ok)
            return 1;
    }
    return server.MainLoop();
}
