// fssum FS:/folder
//
// Walks the folder depth first and prints one line per regular file,
//   fssum: /docs/readme.txt size 1234 fnv1a 89abcdef
// and one per symlink and folder (`fssum: /a/b dir`, `fssum: /l link`), then
// `fssum: N files, M bytes`. The host compares every line with the tree it
// made the image from (tests/system/storage/ext2_test.py). Exit code 0 if
// every file could be read whole.
#include "arc/fs_client.h"
#include "rt/checksum.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::fs::FileType;

constexpr unsigned max_depth = 16;
uint8_t buffer[arc::fs::Client::session_pages * 4096];

struct Totals {
    uint32_t files = 0;
    uint64_t bytes = 0;
};

Status sum_file(arc::fs::Client& fs, const char* path, Totals& totals)
{
    L4_Word_t handle;
    arc::fs::Info info;
    Status s = fs.Open(path, handle, &info);
    if (s != Status::ok)
        return s;
    uint32_t h = rt::fnv1a_start;
    L4_Word_t at = 0;
    for (;;) {
        size_t got = 0;
        s = fs.Read(handle, at, buffer, sizeof buffer, got);
        if (s != Status::ok || got == 0)
            break;
        h = rt::fnv1a(buffer, got, h);
        at += static_cast<L4_Word_t>(got);
    }
    fs.Close(handle);
    if (s == Status::ok && at != info.size)
        s = Status::io_error;            // shorter than stat says
    if (s == Status::ok) {
        rt::print("fssum: %s size %u fnv1a %08x\n", path, static_cast<unsigned>(at), h);
        totals.files++;
        totals.bytes += at;
    }
    return s;
}

// `path` has room for max_path bytes; it is extended and restored per entry.
Status walk(arc::fs::Client& fs, char* path, unsigned depth, Totals& totals)
{
    if (depth > max_depth)
        return Status::too_long;
    size_t length = strlen(path);
    static arc::fs::DirEntry entry;          // one at a time: not on the stack
    for (L4_Word_t i = 0;; ++i) {
        Status s = fs.ReadDir(length ? path : "/", i, entry);
        if (s == Status::end_of_directory)
            return Status::ok;
        if (s != Status::ok)
            return s;
        if (length + 1 + strlen(entry.name) > arc::fs::max_path)
            return Status::too_long;
        FileType type = entry.type;
        path[length] = '/';
        strlcpy(path + length + 1, entry.name, arc::fs::max_path + 1 - length - 1);
        if (type == FileType::directory) {
            rt::print("fssum: %s dir\n", path);
            s = walk(fs, path, depth + 1, totals);
        } else if (type == FileType::regular) {
            s = sum_file(fs, path, totals);
        } else {
            rt::print("fssum: %s link\n", path);
        }
        if (s != Status::ok) {
            rt::print("fssum: %s: %s\n", path, arc::describe(s));
            return s;
        }
        path[length] = '\0';
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        rt::print("usage: fssum FS:/folder\n");
        return 2;
    }
    arc::fs::Client fs;
    const char* where;
    Status s = fs.Attach(argv[1], where);
    static char path[arc::fs::max_path + 1];
    if (s == Status::ok) {
        strlcpy(path, where, sizeof path);
        size_t n = strlen(path);
        while (n > 0 && path[n - 1] == '/')
            path[--n] = '\0';                // "/" walks as ""
    }
    Totals totals;
    if (s == Status::ok)
        s = walk(fs, path, 0, totals);
    fs.Detach();
    if (s != Status::ok) {
        rt::print("fssum: %s: %s\n", argv[1], arc::describe(s));
        return 1;
    }
    rt::print("fssum: %u files, %u KiB\n", totals.files, static_cast<unsigned>(totals.bytes / 1024));
    return 0;
}
