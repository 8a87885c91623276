// fscheck [--dir=FS:/path] [--fail=NAME] ROUNDS [EVERY KINDS SEED]
//
// A mixed file workload on a writable file system (ext2), checked byte by
// byte, while a server under it is made to fail. In folder DIR (default
// ext2:/fscheck, made if missing) it keeps `file_count` files and, each
// round, does one of:
//   write    a new version of a file: created or emptied, then 1 B..48 KiB
//   patch    bytes at an offset inside the file or just past its end
//   read     the whole file, compared with the model
//   rename   fN <-> fN.moved
//   remove   the file goes (a later write makes it again)
// keeping its own model of every file's bytes. EVERY KINDS SEED: every
// EVERY rounds ART arms a fault (arc/fault_plan.h) in the server NAME (by
// default the file system's own; `--fail=pata2` the disk driver's), at a
// random injection point inside the requests that follow.
//
// Under hot and warm restarts nothing may show: no call fails, every read
// matches the model. At the end every file is read back and compared, the
// file system synced, and one line printed per file,
//   fscheck: ext2:/fscheck/f3 size 1234 fnv1a 89abcdef
// which the host compares with the disk image (tests/system/storage), then
// a summary line. Exit code 0 only if everything was right.
#include "arc/fault_plan.h"
#include "arc/fs_client.h"
#include "arc/naming.h"
#include "l4/l4.h"
#include "rt/checksum.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
namespace open_mode = arc::fs::open_mode;

constexpr unsigned file_count = 6;
constexpr size_t max_file = 64 * 1024;
constexpr size_t max_write = 48 * 1024;
// Injection points a round passes, about: MainLoop's per request, one per
// device request of the file system.
constexpr uint32_t points_per_round = 6;

struct File {
    bool exists;
    bool moved;                 // named "fN.moved" rather than "fN"
    size_t size;
    uint8_t bytes[max_file];    // what the file holds (the model)
};

File files[file_count];
uint8_t scratch[max_file];      // what a read returned

class Workload {
public:
    Workload(arc::fs::Client& fs, const char* dir, arc::FaultPlan& faults) : fs_(fs), dir_(dir), faults_(faults) {}

    Status round(uint32_t i)
    {
        File& f = files[faults_.random() % file_count];
        unsigned n = static_cast<unsigned>(&f - files);
        switch (faults_.random() % 8) {
        case 0:
        case 1:
        case 2: return write(f, n, i);
        case 3:
        case 4: return f.exists ? patch(f, n, i) : write(f, n, i);
        case 5: return f.exists ? check(f, n) : Status::ok;
        case 6: return f.exists ? rename(f, n) : Status::ok;
        default: return f.exists ? remove(f, n) : Status::ok;
        }
    }

    // Every file as the model says: present ones read back, absent ones not there.
    Status check_all()
    {
        for (unsigned n = 0; n < file_count; ++n) {
            Status s = files[n].exists ? check(files[n], n) : absent(n);
            if (s != Status::ok)
                return s;
        }
        return Status::ok;
    }

    void report() const
    {
        for (unsigned n = 0; n < file_count; ++n)
            if (files[n].exists) {
                char path[arc::fs::max_path + 1];
                name(n, files[n].moved, path);
                rt::print("fscheck: %s size %u fnv1a %08x\n", path, static_cast<unsigned>(files[n].size),
                          rt::fnv1a(files[n].bytes, files[n].size));
            }
    }

    // The typed spelling of file n's path ("ext2:/fscheck/f3.moved").
    void name(unsigned n, bool moved, char (&out)[arc::fs::max_path + 1]) const
    {
        rt::snprintf(out, sizeof out, "%s/f%u%s", dir_, n, moved ? ".moved" : "");
    }

private:
    // File n's path on its file system (after the "fs:").
    void path(unsigned n, bool moved, char (&out)[arc::fs::max_path + 1]) const
    {
        name(n, moved, out);
        const char* colon = strchr(out, ':');
        memmove(out, colon + 1, strlen(colon + 1) + 1);
    }

    void fill(uint8_t* out, size_t n, uint32_t seed)
    {
        uint32_t x = seed * 2654435761u + 1;
        for (size_t i = 0; i < n; ++i) {
            x = x * 1103515245u + 12345u;
            out[i] = static_cast<uint8_t>(x >> 16);
        }
    }

    // Writes `length` bytes of `data` at `offset` of file n (opened with `mode`).
    Status put(unsigned n, const File& f, L4_Word_t mode, size_t offset, const uint8_t* data, size_t length)
    {
        char p[arc::fs::max_path + 1];
        path(n, f.moved, p);
        L4_Word_t handle;
        Status s = fs_.Open(p, handle, nullptr, mode);
        if (s != Status::ok)
            return said("open", n, s);
        size_t done = 0;
        s = fs_.Write(handle, static_cast<L4_Word_t>(offset), data, length, done);
        if (s == Status::ok && done != length)
            s = Status::no_space;
        Status closed = fs_.Close(handle);
        return said("write", n, s != Status::ok ? s : closed);
    }

    Status write(File& f, unsigned n, uint32_t i)
    {
        size_t length = 1 + faults_.random() % max_write;
        fill(scratch, length, i);
        Status s = put(n, f, open_mode::write | open_mode::create | open_mode::truncate, 0, scratch, length);
        if (s == Status::ok) {
            memcpy(f.bytes, scratch, length);
            f.size = length;
            f.exists = true;
        }
        return s;
    }

    // Over the middle of the file or past its end: a gap (if any) reads as zeros.
    Status patch(File& f, unsigned n, uint32_t i)
    {
        size_t offset = faults_.random() % (f.size + 512);
        size_t length = 1 + faults_.random() % 8192;
        if (offset + length > max_file)
            length = max_file - offset;
        fill(scratch, length, i);
        Status s = put(n, f, open_mode::write, offset, scratch, length);
        if (s == Status::ok) {
            if (offset > f.size)
                memset(f.bytes + f.size, 0, offset - f.size);
            memcpy(f.bytes + offset, scratch, length);
            if (offset + length > f.size)
                f.size = offset + length;
        }
        return s;
    }

    Status check(const File& f, unsigned n)
    {
        char p[arc::fs::max_path + 1];
        path(n, f.moved, p);
        L4_Word_t handle;
        arc::fs::Info info;
        Status s = fs_.Open(p, handle, &info);
        if (s != Status::ok)
            return said("open", n, s);
        size_t got = 0;
        s = fs_.Read(handle, 0, scratch, sizeof scratch, got);
        fs_.Close(handle);
        if (s != Status::ok)
            return said("read", n, s);
        if (info.size != f.size || got != f.size || memcmp(scratch, f.bytes, f.size) != 0) {
            rt::print("fscheck: f%u: %u bytes (stat %u) where %u were written, or different ones\n", n,
                      static_cast<unsigned>(got), static_cast<unsigned>(info.size), static_cast<unsigned>(f.size));
            return Status::io_error;
        }
        checked_ += got;
        return Status::ok;
    }

    // Neither fN nor fN.moved.
    Status absent(unsigned n)
    {
        char p[arc::fs::max_path + 1];
        arc::fs::Info info;
        for (int moved = 0; moved < 2; ++moved) {
            path(n, moved, p);
            if (fs_.Stat(p, info) != Status::not_found) {
                rt::print("fscheck: f%u%s: still there after it was removed\n", n, moved ? ".moved" : "");
                return Status::exists;
            }
        }
        return Status::ok;
    }

    Status rename(File& f, unsigned n)
    {
        char from[arc::fs::max_path + 1], to[arc::fs::max_path + 1];
        path(n, f.moved, from);
        path(n, !f.moved, to);
        Status s = fs_.Rename(from, to);
        if (s == Status::ok)
            f.moved = !f.moved;
        return said("rename", n, s);
    }

    Status remove(File& f, unsigned n)
    {
        char p[arc::fs::max_path + 1];
        path(n, f.moved, p);
        Status s = fs_.Remove(p);
        if (s == Status::ok) {
            f.exists = f.moved = false;
            f.size = 0;
        }
        return said("remove", n, s);
    }

    // Says which operation on which file failed, and passes the status on.
    Status said(const char* what, unsigned n, Status s) const
    {
        if (s != Status::ok)
            rt::print("fscheck: %s f%u: %s\n", what, n, arc::describe(s));
        return s;
    }

public:
    uint32_t checked() const { return checked_; }

private:
    arc::fs::Client& fs_;
    const char* dir_;
    arc::FaultPlan& faults_;
    uint32_t checked_ = 0;
};

int usage()
{
    rt::print("usage: fscheck [--dir=FS:/path] [--fail=NAME] ROUNDS [EVERY KINDS SEED]\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

// The folder to work in, made if it is not there; files of an earlier run
// in it are removed (the model starts with none).
Status prepare(arc::fs::Client& fs, const char* path)
{
    arc::fs::Info info;
    Status s = fs.Stat(path, info);
    if (s == Status::not_found)
        return fs.MakeDirectory(path);
    if (s == Status::ok && info.type != arc::fs::FileType::directory)
        return Status::not_a_directory;
    char file[arc::fs::max_path + 1];
    for (unsigned n = 0; s == Status::ok && n < 2 * file_count; ++n) {
        rt::snprintf(file, sizeof file, "%s/f%u%s", path, n / 2, n % 2 ? ".moved" : "");
        s = fs.Remove(file);
        if (s == Status::not_found)
            s = Status::ok;
    }
    return s;
}

// The server the faults go to: the file system's, or the one named.
Status aim(arc::FaultPlan& faults, arc::fs::Client& fs, const char* name)
{
    L4_ThreadId_t server = fs.Server();
    Status s = name ? arc::naming::lookup(name, server) : Status::ok;
    return s == Status::ok ? faults.aim_at(server) : s;
}

} // namespace

int main(int argc, char** argv)
{
    const char* dir = "ext2:/fscheck";
    const char* fail = nullptr;
    if (const char* d = rt::take_option(argc, argv, "--dir="))
        dir = d;
    if (const char* f = rt::take_option(argc, argv, "--fail="))
        fail = f;
    uint32_t rounds;
    arc::FaultPlan faults;
    if ((argc != 2 && argc != 5) || !rt::parse_number(argv[1], rounds) || strlen(dir) > arc::fs::max_path - 16)
        return usage();
    if (argc == 5 && !faults.parse(argv[2], argv[3], argv[4]))
        return usage();

    arc::fs::Client fs;
    const char* path;
    Status s = fs.Attach(dir, path);
    if (s == Status::ok)
        s = prepare(fs, path);
    if (s == Status::ok && faults.active())
        s = aim(faults, fs, fail);
    Workload work(fs, dir, faults);
    for (uint32_t i = 1; i <= rounds && s == Status::ok; ++i) {
        faults.before(i, points_per_round);
        s = work.round(i);
        L4_Yield();                       // clients started together take turns
    }
    if (s == Status::ok)
        s = work.check_all();
    if (s == Status::ok)
        s = fs.Sync();
    if (s != Status::ok) {
        rt::print("fscheck: %s: %s\n", dir, arc::describe(s));
        return 1;
    }
    fs.Detach();
    work.report();
    rt::print("fscheck: %u rounds, %u faults injected, every byte right (%u read back)\n", rounds, faults.injected(),
              work.checked());
    return 0;
}
