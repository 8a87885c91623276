// ls and cat: the file-system protocol (protocol/fs.h) on FS:/path names.
#include "arc/fs.h"
#include "arc/naming.h"
#include "commands.h"
#include "rt/hooks.h"
#include "rt/print.h"
#include "rt/string.h"
#include "shell.h"

namespace msh {

namespace {
using arc::Status;
using arc::fs::FileType;

// Reads the one FS:/path argument of ls and cat and finds its server.
bool target(Words& words, const char* command, FsPath& where, L4_ThreadId_t& server)
{
    if (words.count() != 2) {
        fail("%s: usage: %s FS:/path (e.g. %s ram:/)", command, command, command);
        return false;
    }
    PathError e = parse_path(words[1], where);
    if (e != PathError::none) {
        fail("%s: %s: %s", command, words[1], describe(e));
        return false;
    }
    Status s = arc::naming::lookup(where.fs, server);
    if (s == Status::not_found) {
        fail("%s: %s: no file system called '%s'", command, words[1], where.fs);
        return false;
    }
    if (s != Status::ok) {
        fail("%s: %s: %s", command, words[1], arc::describe(s));
        return false;
    }
    return true;
}

const char* type_name(FileType t)
{
    switch (t) {
    case FileType::regular: return "file";
    case FileType::directory: return "dir";
    case FileType::symlink: return "link";
    case FileType::unknown: break;
    }
    return "?";
}

// One line of ls: "hello        file   12 KiB", "system/      dir".
void print_entry(const arc::fs::DirEntry& e)
{
    char name[sizeof e.name + 1];
    rt::snprintf(name, sizeof name, "%s%s", e.name, e.type == FileType::directory ? "/" : "");
    char size[16] = "";
    if (e.type != FileType::directory)
        format_size(e.size, size, sizeof size);
    rt::print("%-24s %-5s %s\n", name, type_name(e.type), size);
}

// The last part of a path, for ls of a single file.
const char* base_name(const char* path)
{
    const char* slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

// ls of a file shows the file itself, as ls does.
int list_file(L4_ThreadId_t server, const char* path, const char* typed)
{
    arc::fs::Info info;
    Status s = arc::fs::stat(server, path, info);
    if (s != Status::ok)
        return fail("ls: %s: %s", typed, arc::describe(s));
    static arc::fs::DirEntry entry;
    entry.type = info.type;
    entry.size = info.size;
    strlcpy(entry.name, base_name(path), sizeof entry.name);
    print_entry(entry);
    return success;
}
} // namespace

int cmd_ls(Words& words)
{
    FsPath where;
    L4_ThreadId_t server;
    if (!target(words, "ls", where, server))
        return failure;
    static arc::fs::DirEntry entry;      // a path's worth of text: not on the stack
    for (L4_Word_t index = 0;; ++index) {
        Status s = arc::fs::read_dir(server, where.path, index, entry);
        if (s == Status::end_of_directory)
            return success;
        if (s == Status::not_a_directory && index == 0)
            return list_file(server, where.path, words[1]);
        if (s != Status::ok)
            return fail("ls: %s: %s", words[1], arc::describe(s));
        print_entry(entry);
    }
}

int cmd_cat(Words& words)
{
    FsPath where;
    L4_ThreadId_t server;
    if (!target(words, "cat", where, server))
        return failure;
    L4_Word_t handle = 0;
    arc::fs::Info info;
    Status s = arc::fs::open(server, where.path, handle, &info);
    if (s == Status::ok && info.type == FileType::directory) {
        arc::fs::close(server, handle);
        s = Status::is_a_directory;
    }
    if (s != Status::ok)
        return fail("cat: %s: %s", words[1], arc::describe(s));
    static char data[arc::fs::max_read];
    char last = '\n';
    L4_Word_t offset = 0;
    for (;;) {
        size_t length = 0;
        s = arc::fs::read(server, handle, offset, data, sizeof data, length);
        if (s != Status::ok || length == 0)
            break;
        rt_write(data, static_cast<unsigned>(length));
        last = data[length - 1];
        offset += static_cast<L4_Word_t>(length);
    }
    arc::fs::close(server, handle);
    // Keep the prompt at the start of a line after a file without a final newline.
    if (last != '\n')
        rt::print("\n");
    return s == Status::ok ? success : fail("cat: %s: %s", words[1], arc::describe(s));
}

} // namespace msh
