// The ext2 file system server (004 section 5.1.6): the file system `ext2:`
// on a block device (the pata driver, or memdisk), through a session.
//
//   ext2 [DEVICE]     DEVICE: the block server's name (default "pata")
//
// It finds the ext2 volume on the device (the first Linux partition of its
// MBR, or the whole device), mounts it with libs/ext2 and answers the file
// system protocol (arc/protocol/fs.h). It is a SessionServer too: a client
// that connects moves file contents through the session's pages (Get, Put).
//
// Recovery. Persistent (kept across hot and warm restarts): the session
// with the device, the mounted volume (cache, dirty blocks, superblock: see
// volume.h), the open files, the clients' sessions and the outcome of the
// last change. Every request that changes the file system runs as a
// transaction of the block cache (libs/ext2/cache.h):
//   - a crash before its commit: Recover() rolls the half-done change back
//     and the replayed request does it again, once;
//   - a crash after its commit, before the reply: the replay finds the
//     request's outcome and answers it without doing it again.
// Writes are split into transactions of a few blocks; each names its offset,
// so a replayed write that partly committed writes the same bytes again.
// What reached the cache reaches the disk on close of a file that wrote, on
// sync, and when the cache needs the slot. A cold restart forgets all of it:
// changes not yet on the disk are lost, and clients hear Status::restarted.
#include "volume.h"
#include "arc/fs.h"
#include "arc/injection.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/session_server.h"
#include "arc/startup.h"
#include "ext2/mbr.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using ext2_server::Volume;
namespace fs = arc::fs;

constexpr char service_name[] = "ext2";
constexpr unsigned max_open = 64;
constexpr L4_Word_t disk_session_pages = 16;

struct OpenFile {
    bool used;
    bool writable;
    bool wrote;                 // has changes that close must bring to the disk
    L4_ThreadId_t client;
    uint32_t inode;
    L4_Word_t opened_by;        // the open request's sequence number (its replay finds it)
};

// The reply words of a change, kept with its sequence number: the answer
// for its replay once it has committed.
struct Outcome {
    L4_Word_t sequence;         // 0: none
    L4_Word_t words[3];
    unsigned count;

    void word(L4_Word_t w)
    {
        if (count < 3)
            words[count++] = w;
    }
};

// Persistent: kept across hot and warm restarts.
struct State {
    char device[32];
    arc::Session disk;
    Volume* volume;             // in the persistent heap; nullptr until mounted
    OpenFile files[max_open];
    Outcome outcome;            // written inside the transaction it reports
};
constinit State state IS_PERSISTENT = {};

// `log`: say on the console which structure is damaged, if one is.
Status to_status(const ext2::Status& s, bool log = true)
{
    switch (s.error) {
    case ext2::Error::none: return Status::ok;
    case ext2::Error::not_found: return Status::not_found;
    case ext2::Error::not_a_directory: return Status::not_a_directory;
    case ext2::Error::is_a_directory: return Status::is_a_directory;
    case ext2::Error::exists: return Status::exists;
    case ext2::Error::not_empty: return Status::not_empty;
    case ext2::Error::bad_name:
    case ext2::Error::moves_into_itself:
    case ext2::Error::symlink_in_path: return Status::bad_path;
    case ext2::Error::path_too_long:
    case ext2::Error::file_too_large: return Status::too_long;
    case ext2::Error::no_space:
    case ext2::Error::no_inodes: return Status::no_space;
    case ext2::Error::read_only: return Status::not_permitted;
    case ext2::Error::end_of_directory: return Status::end_of_directory;
    case ext2::Error::not_a_regular_file: return Status::is_a_directory;
    case ext2::Error::io_error:
    case ext2::Error::outside_device:
    case ext2::Error::cache_full: return Status::io_error;
    default: break;
    }
    // A damaged structure: the client hears "corrupt", the console which
    // one (the request fails; nothing else is touched).
    char why[128];
    if (log)
        rt::print("%s\n", s.describe(why, sizeof why));     // "ext2: inode 13: ..."

    return Status::corrupt;
}

fs::FileType type_of(ext2::FileType t)
{
    switch (t) {
    case ext2::FileType::regular: return fs::FileType::regular;
    case ext2::FileType::directory: return fs::FileType::directory;
    case ext2::FileType::symlink: return fs::FileType::symlink;
    default: return fs::FileType::unknown;
    }
}

// "/a/b/name" -> the inode of "/a/b" and "name" (pointing into `path`, which
// is cut at its last '/'). bad_path for the root itself or a trailing '/'.
Status split_path(ext2::FileSystem& fs, char* path, uint32_t& directory, const char*& name)
{
    char* slash = strrchr(path, '/');
    name = slash ? slash + 1 : path;
    if (*name == '\0')
        return Status::bad_path;
    if (!slash || slash == path) {
        directory = ext2::root_inode;
        return Status::ok;
    }
    *slash = '\0';
    auto found = fs.lookup(path);
    if (found.ok())
        directory = *found;
    return found.ok() ? Status::ok : to_status(found.status());
}

class Ext2Server final : public arc::SessionServer {
public:
    static constexpr L4_Word_t deadline_ms = 2000;
    static constexpr L4_Word_t bulk_blocks = ext2::BlockCache::transaction_data_blocks;

    Ext2Server() { SetDeadline(deadline_ms); }

    Status Initialize() override
    {
        // main() has mounted it at a first start; after a cold restart nothing is.
        Status s = state.volume ? Status::ok : mount();
        if (s == Status::ok)
            s = arc::naming::register_name(service_name);
        if (s == Status::ok)
            report_mount();            // last: once it is said, ext2: can be used
        return s;
    }
    Status Exit() override { return Status::ok; }

    // The volume survived in persistent memory: forget the pins of the dead
    // process's block references and take back a change its crash cut short.
    Status Recover() override
    {
        if (!state.volume || !arc::persistent::contains(state.volume))
            return mount();
        ext2::FileSystem& fs = state.volume->fs;
        fs.reattach(state.volume->partition);
        if (fs.in_transaction()) {
            state.outcome.sequence = 0;        // it reported a change that is now undone
            fs.rollback();
            rt::print("ext2: a change the failure interrupted is taken back, to be done again\n");
        }
        return Status::ok;
    }

    // Connects to the device (unless the session survived) and mounts the
    // volume on it, writable if the library can keep it consistent. Says why
    // not on the console.
    Status mount()
    {
        Status s = Status::ok;
        if (!state.disk.Connected()) {
            L4_ThreadId_t server;
            s = arc::naming::wait_for(state.device, server, 5000);
            if (s == Status::ok)
                s = state.disk.Connect(server, disk_session_pages);
        }
        L4_Word_t size[2] = {};
        if (s == Status::ok)
            s = state.disk.Begin(nullptr, 0, size, 2);
        if (s == Status::ok && !state.volume)
            state.volume = arc::persistent::make<Volume>(state.disk, state.device, disk_session_pages,
                                                         uint64_t{size[1]} << 32 | size[0]);
        if (s == Status::ok && !state.volume)
            s = Status::no_memory;
        if (s != Status::ok) {
            rt::print("ext2: %s: %s\n", state.device, arc::describe(s));
            return s;
        }
        ext2::Status mounted = mount_volume(*state.volume);
        if (!mounted.ok()) {
            char why[128];
            rt::print("ext2: cannot mount %s: %s\n", state.device, mounted.describe(why, sizeof(why)));
            return to_status(mounted, false);
        }
        return Status::ok;
    }

private:
    static ext2::Status mount_volume(Volume& v)
    {
        auto found = ext2::find_volume(v.disk);
        if (!found.ok())
            return found.status();
        v.partition = ext2::PartitionDevice(v.disk, found->first_sector, found->sector_count);
        ext2::Status s = v.fs.mount(v.partition, v.cache, ext2::Access::read_write);
        if (s.error == ext2::Error::read_only_feature)
            s = v.fs.mount(v.partition, v.cache, ext2::Access::read_only);
        return s;
    }

    static void report_mount()
    {
        const ext2::FileSystem& fs = state.volume->fs;
        ext2::Usage u = fs.usage();
        rt::print("ext2: %s mounted%s: %u blocks of %u bytes, %u free; %u inodes, %u free\n", state.device,
                  fs.writable() ? "" : " read-only", u.blocks, u.block_size, u.free_blocks, u.inodes, u.free_inodes);
    }

    static ext2::FileSystem& files() { return state.volume->fs; }

    // --- Changes as transactions ---------------------------------------------

    // Runs `change` (Status(Outcome&)) as one transaction: all of it or none.
    // Replayed after its commit, the request gets the answer it had.
    template <typename Change>
    Status transaction(const arc::Request& in, arc::Reply& out, Change&& change)
    {
        Outcome& done = state.outcome;
        if (!(Recovered() && done.sequence == in.sequence)) {
            Outcome made{};
            files().begin();
            Status s = change(made);
            if (s != Status::ok) {
                files().rollback();
                return s;
            }
            made.sequence = in.sequence;
            done = made;                       // inside the transaction: a rollback voids it
            files().commit();
            // The recovery tests fail the server here too: between a commit
            // and its reply, where only the recorded outcome can answer.
            arc::injection_point();
        }
        for (unsigned i = 0; i < done.count; ++i)
            out.word(done.words[i]);
        return Status::ok;
    }

    // Writes `length` bytes at `offset`, a few blocks per transaction (the
    // cache holds a transaction's changes until it commits). Each names its
    // offset, so writing again what committed before a crash changes nothing.
    static Status write_bytes(OpenFile& f, uint64_t offset, const uint8_t* data, size_t length, size_t& done)
    {
        ext2::FileSystem& fs = files();
        const size_t piece = bulk_blocks * fs.geometry().block_size;
        for (done = 0; done < length;) {
            size_t wanted = length - done < piece ? length - done : piece;
            fs.begin();
            auto wrote = fs.write(f.inode, offset + done, data + done, wanted);
            if (!wrote.ok()) {
                fs.rollback();
                return done > 0 ? Status::ok : to_status(wrote.status());
            }
            f.wrote = true;
            fs.commit();
            done += *wrote;
            if (*wrote < wanted)
                break;                          // the disk is full
        }
        return Status::ok;
    }

    // --- Requests --------------------------------------------------------------

    // The path string of a request, looked up.
    static Status lookup(arc::MessageReader& r, uint32_t& inode, ext2::Stat& st)
    {
        char path[fs::max_path + 1];
        Status s = fs::read_path(r, path);
        if (s != Status::ok)
            return s;
        auto found = files().lookup(path);
        if (!found.ok())
            return to_status(found.status());
        inode = *found;
        auto info = files().stat(inode);
        if (!info.ok())
            return to_status(info.status());
        st = *info;
        return Status::ok;
    }

    static OpenFile* file_of(L4_Word_t handle, L4_ThreadId_t client)
    {
        if (handle == 0 || handle > max_open)
            return nullptr;
        OpenFile& f = state.files[handle - 1];
        return f.used && f.client == client ? &f : nullptr;
    }

    // A handle for `inode`; a replayed open gets the one it got before.
    L4_Word_t new_handle(const arc::Request& in, uint32_t inode, bool writable)
    {
        for (unsigned i = 0; Recovered() && i < max_open; ++i)
            if (state.files[i].used && state.files[i].client == in.client && state.files[i].opened_by == in.sequence)
                return i + 1;
        for (unsigned i = 0; i < max_open; ++i)
            if (!state.files[i].used) {
                state.files[i] = {false, writable, false, in.client, inode, in.sequence};
                state.files[i].used = true;               // last: the entry is whole
                return i + 1;
            }
        return 0;
    }

    // Finds the file (with create, makes it if missing; with truncate,
    // empties it). Mode 0 only finds it.
    static Status prepare(char* path, L4_Word_t mode, uint32_t& inode)
    {
        ext2::FileSystem& fs = files();
        auto found = fs.lookup(path);
        if (!found.ok() && found.status().error == ext2::Error::not_found && (mode & fs::open_mode::create)) {
            uint32_t directory;
            const char* name;
            Status s = split_path(fs, path, directory, name);
            if (s != Status::ok)
                return s;
            found = fs.create(directory, name, 0644);
        }
        if (!found.ok())
            return to_status(found.status());
        inode = *found;
        if (mode & fs::open_mode::truncate)
            return to_status(fs.truncate(inode, 0));
        return Status::ok;
    }

    Status open(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t mode;
        char path[fs::max_path + 1];
        if (!r.word(mode) || (mode & ~fs::open_mode::all) != 0)
            return Status::bad_request;
        Status s = fs::read_path(r, path);
        if (s != Status::ok)
            return s;
        bool writing = mode != 0;
        if (writing && !files().writable())
            return Status::not_permitted;
        auto answer = [&](Outcome& o) {
            uint32_t inode = 0;
            Status made = prepare(path, mode, inode);
            if (made != Status::ok)
                return made;
            auto info = files().stat(inode);
            if (!info.ok())
                return to_status(info.status());
            if (writing && info->type == ext2::FileType::directory)
                return Status::is_a_directory;
            L4_Word_t handle = new_handle(in, inode, writing);
            if (handle == 0)
                return Status::busy;
            o.word(handle);
            o.word(static_cast<L4_Word_t>(type_of(info->type)));
            o.word(static_cast<L4_Word_t>(info->size));
            return Status::ok;
        };
        if (writing)
            return transaction(in, out, answer);
        Outcome o{};
        s = answer(o);
        for (unsigned i = 0; s == Status::ok && i < o.count; ++i)
            out.word(o.words[i]);
        return s;
    }

    Status read(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t handle, offset, length;
        if (!r.word(handle) || !r.word(offset) || !r.word(length) || length > fs::max_read)
            return Status::bad_request;
        OpenFile* f = file_of(handle, in.client);
        if (!f)
            return Status::bad_handle;
        uint8_t data[fs::max_read];
        auto got = files().read(f->inode, offset, data, length);
        if (!got.ok())
            return to_status(got.status());
        out.bytes(data, *got);
        return Status::ok;
    }

    Status write(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t handle, offset;
        uint8_t data[fs::max_write];
        size_t length;
        if (!r.word(handle) || !r.word(offset) || !r.bytes(data, sizeof data, length))
            return Status::bad_request;
        OpenFile* f = file_of(handle, in.client);
        if (!f)
            return Status::bad_handle;
        if (!f->writable)
            return Status::not_permitted;
        size_t done;
        Status s = write_bytes(*f, offset, data, length, done);
        if (s == Status::ok)
            out.word(static_cast<L4_Word_t>(done));
        return s;
    }

    // A file that wrote is on the disk before its handle goes.
    Status close(const arc::Request& in, arc::Reply&)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t handle;
        if (!r.word(handle))
            return Status::bad_request;
        OpenFile* f = file_of(handle, in.client);
        if (!f)
            return Recovered() ? Status::ok : Status::bad_handle;   // closed before the restart
        if (f->wrote) {
            Status s = to_status(files().sync());
            if (s != Status::ok)
                return s;
        }
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
            ext2::Status e = files().read_dir(directory, position, entry);
            if (!e.ok())
                return to_status(e);
            if (strcmp(entry.name, ".") == 0 || strcmp(entry.name, "..") == 0)
                continue;
            if (seen++ == index)
                break;
        }
        auto info = files().stat(entry.inode);
        if (!info.ok())
            return to_status(info.status());
        out.word(static_cast<L4_Word_t>(type_of(info->type))).word(static_cast<L4_Word_t>(info->size));
        out.string(entry.name);
        return Status::ok;
    }

    // make_directory and remove: a path, split into its folder and name.
    template <typename Change>
    Status change_path(const arc::Request& in, arc::Reply& out, Change&& change)
    {
        arc::MessageReader r = in.reader();
        char path[fs::max_path + 1];
        Status s = fs::read_path(r, path);
        if (s != Status::ok)
            return s;
        if (!files().writable())
            return Status::not_permitted;
        return transaction(in, out, [&](Outcome&) {
            uint32_t directory;
            const char* name;
            Status split = split_path(files(), path, directory, name);
            return split == Status::ok ? change(directory, name) : split;
        });
    }

    Status make_directory(const arc::Request& in, arc::Reply& out)
    {
        return change_path(in, out, [](uint32_t directory, const char* name) {
            return to_status(files().mkdir(directory, name, 0755).status());
        });
    }

    // A file, a symlink or an empty directory.
    Status remove(const arc::Request& in, arc::Reply& out)
    {
        return change_path(in, out, [](uint32_t directory, const char* name) {
            auto target = files().lookup(directory, name);
            if (!target.ok())
                return to_status(target.status());
            auto info = files().stat(*target);
            if (!info.ok())
                return to_status(info.status());
            bool folder = info->type == ext2::FileType::directory;
            return to_status(folder ? files().rmdir(directory, name) : files().unlink(directory, name));
        });
    }

    Status rename(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        char from[fs::max_path + 1], to[fs::max_path + 1];
        Status s = fs::read_path(r, from);
        if (s == Status::ok)
            s = fs::read_path(r, to);
        if (s != Status::ok)
            return s;
        if (!files().writable())
            return Status::not_permitted;
        return transaction(in, out, [&](Outcome&) {
            uint32_t from_directory, to_directory;
            const char *from_name, *to_name;
            Status split = split_path(files(), from, from_directory, from_name);
            if (split == Status::ok)
                split = split_path(files(), to, to_directory, to_name);
            if (split != Status::ok)
                return split;
            return to_status(files().rename(from_directory, from_name, to_directory, to_name));
        });
    }

    Status sync(const arc::Request&, arc::Reply&) { return to_status(files().sync()); }

    // --- Sessions: file contents in bulk ------------------------------------

    struct Bulk {
        OpenFile* file;
        L4_Word_t offset;
        L4_Word_t length;
    };

    static Status bulk_request(arc::SessionControlBlock& s, arc::MessageReader& in, Bulk& b)
    {
        L4_Word_t handle;
        if (!in.word(handle) || !in.word(b.offset) || !in.word(b.length) || b.length > s.size())
            return Status::bad_request;
        b.file = file_of(handle, s.client);
        return b.file ? Status::ok : Status::bad_handle;
    }

    Status Get(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply& out) override
    {
        Bulk b;
        Status st = bulk_request(s, in, b);
        if (st != Status::ok)
            return st;
        auto got = files().read(b.file->inode, b.offset, s.base(), b.length);
        if (!got.ok())
            return to_status(got.status());
        out.word(static_cast<L4_Word_t>(*got));
        return Status::ok;
    }

    Status Put(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply& out) override
    {
        Bulk b;
        Status st = bulk_request(s, in, b);
        if (st != Status::ok)
            return st;
        if (!b.file->writable)
            return Status::not_permitted;
        size_t done;
        st = write_bytes(*b.file, b.offset, s.base(), b.length, done);
        if (st == Status::ok)
            out.word(static_cast<L4_Word_t>(done));
        return st;
    }

    Status Other(const arc::Request& in, arc::Reply& out) override
    {
        return arc::dispatch(*this, handlers, in.label(), in, out);
    }

public:
    static constexpr arc::Handler<Ext2Server> handlers[] = {
        {fs::Op::open, &Ext2Server::open},
        {fs::Op::read, &Ext2Server::read},
        {fs::Op::write, &Ext2Server::write},
        {fs::Op::close, &Ext2Server::close},
        {fs::Op::stat, &Ext2Server::stat},
        {fs::Op::read_dir, &Ext2Server::read_dir},
        {fs::Op::make_directory, &Ext2Server::make_directory},
        {fs::Op::remove, &Ext2Server::remove},
        {fs::Op::rename, &Ext2Server::rename},
        {fs::Op::sync, &Ext2Server::sync},
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
    auto started = static_cast<arc::recovery::Temperature>(arc::startup()->temperature);
    if (!arc::recovery::keeps_persistent(started))       // fresh or cold: .pdata is new
        strlcpy(state.device, argc == 2 ? argv[1] : "pata", sizeof(state.device));
    // At the first start, a device or volume that is not there is said so,
    // and the server ends (a failing Initialize() would be restarted).
    if (started == arc::recovery::Temperature::fresh && server.mount() != Status::ok)
        return 1;
    return server.MainLoop();
}
