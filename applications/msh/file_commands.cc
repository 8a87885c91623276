// The file commands: ls, cat, stat, mkdir, rm, mv, cp, sync, and echo's
// "> FS:/path". They speak the file system protocol (protocol/fs.h) through
// arc::fs::Client, which moves contents through a session where the server
// takes one (ext2) and in messages where it does not (ram).
#include "arc/fs_client.h"
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
namespace open_mode = arc::fs::open_mode;

// Contents on their way through the shell (cat, cp): static, not on the stack.
char buffer[arc::fs::Client::session_pages * 4096];

// A FS:/path the user typed, its file system attached.
class Target {
public:
    ~Target() { fs.Detach(); }

    // False, after saying why ("ls: ext2:/x: no file system called 'ext2'").
    bool attach(const char* command, const char* text)
    {
        typed = text;
        PathError e = parse_path(text, where);
        if (e != PathError::none) {
            fail("%s: %s: %s", command, text, describe(e));
            return false;
        }
        L4_ThreadId_t server;
        Status s = arc::naming::lookup(where.fs, server);
        if (s == Status::not_found) {
            fail("%s: %s: no file system called '%s'", command, text, where.fs);
            return false;
        }
        if (s == Status::ok)
            s = fs.Attach(server);
        if (s != Status::ok) {
            refuse(command, s);
            return false;
        }
        return true;
    }

    // Says "COMMAND: TYPED: why" and returns failure.
    int refuse(const char* command, Status s) const { return fail("%s: %s: %s", command, typed, arc::describe(s)); }

    arc::fs::Client fs;
    FsPath where;
    const char* typed = "";
};

// The one FS:/path argument of ls, cat, stat, mkdir and rm.
bool single(Words& words, Target& t)
{
    if (words.count() != 2) {
        fail("%s: usage: %s FS:/path (e.g. %s ram:/)", words[0], words[0], words[0]);
        return false;
    }
    return t.attach(words[0], words[1]);
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

// The last part of a path.
const char* base_name(const char* path)
{
    const char* slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

// ls of a file shows the file itself, as ls does.
int list_file(Target& t)
{
    arc::fs::Info info;
    Status s = t.fs.Stat(t.where.path, info);
    if (s != Status::ok)
        return t.refuse("ls", s);
    static arc::fs::DirEntry entry;
    entry.type = info.type;
    entry.size = info.size;
    strlcpy(entry.name, base_name(t.where.path), sizeof entry.name);
    print_entry(entry);
    return success;
}

// mv and cp into a folder: the source's name is added to the target's path.
bool into_folder(Target& to, const char* source_path, const char* command)
{
    arc::fs::Info info;
    if (to.fs.Stat(to.where.path, info) != Status::ok || info.type != FileType::directory)
        return true;
    char joined[sizeof to.where.path];
    size_t n = rt::snprintf(joined, sizeof joined, "%s%s%s", to.where.path,
                            to.where.path[strlen(to.where.path) - 1] == '/' ? "" : "/", base_name(source_path));
    if (n >= sizeof joined) {
        to.refuse(command, Status::too_long);
        return false;
    }
    strlcpy(to.where.path, joined, sizeof to.where.path);
    return true;
}

// mkdir and rm: one request on the one FS:/path.
int change_one(Words& words, Status (arc::fs::Client::*change)(const char*))
{
    Target t;
    if (!single(words, t))
        return failure;
    Status s = (t.fs.*change)(t.where.path);
    return s == Status::ok ? success : t.refuse(words[0], s);
}

// Copies the open file `from` into the open file `to`; `copied` gets the bytes.
Status copy_contents(Target& from, L4_Word_t in, Target& to, L4_Word_t out, L4_Word_t& copied)
{
    for (copied = 0;;) {
        size_t got, wrote;
        Status s = from.fs.Read(in, copied, buffer, sizeof buffer, got);
        if (s != Status::ok || got == 0)
            return s;
        s = to.fs.Write(out, copied, buffer, got, wrote);
        if (s != Status::ok)
            return s;
        copied += static_cast<L4_Word_t>(wrote);
        if (wrote < got)
            return Status::no_space;
    }
}
} // namespace

int cmd_ls(Words& words)
{
    Target t;
    if (!single(words, t))
        return failure;
    static arc::fs::DirEntry entry;      // a path's worth of text: not on the stack
    for (L4_Word_t index = 0;; ++index) {
        Status s = t.fs.ReadDir(t.where.path, index, entry);
        if (s == Status::end_of_directory)
            return success;
        if (s == Status::not_a_directory && index == 0)
            return list_file(t);
        if (s != Status::ok)
            return t.refuse("ls", s);
        print_entry(entry);
    }
}

int cmd_cat(Words& words)
{
    Target t;
    if (!single(words, t))
        return failure;
    L4_Word_t handle = 0;
    arc::fs::Info info;
    Status s = t.fs.Open(t.where.path, handle, &info);
    if (s == Status::ok && info.type == FileType::directory) {
        t.fs.Close(handle);
        s = Status::is_a_directory;
    }
    if (s != Status::ok)
        return t.refuse("cat", s);
    char last = '\n';
    for (L4_Word_t offset = 0;;) {
        size_t length = 0;
        s = t.fs.Read(handle, offset, buffer, sizeof buffer, length);
        if (s != Status::ok || length == 0)
            break;
        rt_write(buffer, static_cast<unsigned>(length));
        last = buffer[length - 1];
        offset += static_cast<L4_Word_t>(length);
    }
    t.fs.Close(handle);
    // Keep the prompt at the start of a line after a file without a final newline.
    if (last != '\n')
        rt::print("\n");
    return s == Status::ok ? success : t.refuse("cat", s);
}

int cmd_stat(Words& words)
{
    Target t;
    if (!single(words, t))
        return failure;
    arc::fs::Info info;
    Status s = t.fs.Stat(t.where.path, info);
    if (s != Status::ok)
        return t.refuse("stat", s);
    char size[16];
    rt::print("%s: %s, %u bytes (%s)\n", t.typed, type_name(info.type), static_cast<unsigned>(info.size),
              format_size(info.size, size, sizeof size));
    return success;
}

int cmd_mkdir(Words& words) { return change_one(words, &arc::fs::Client::MakeDirectory); }
int cmd_rm(Words& words) { return change_one(words, &arc::fs::Client::Remove); }

int cmd_mv(Words& words)
{
    if (words.count() != 3)
        return fail("mv: usage: mv FS:/from FS:/to");
    Target from, to;
    if (!from.attach("mv", words[1]) || !to.attach("mv", words[2]))
        return failure;
    if (strcmp(from.where.fs, to.where.fs) != 0)
        return fail("mv: %s and %s are on different file systems (cp, then rm)", words[1], words[2]);
    if (!into_folder(to, from.where.path, "mv"))
        return failure;
    Status s = from.fs.Rename(from.where.path, to.where.path);
    return s == Status::ok ? success : from.refuse("mv", s);
}

int cmd_cp(Words& words)
{
    if (words.count() != 3)
        return fail("cp: usage: cp FS:/from FS:/to");
    Target from, to;
    if (!from.attach("cp", words[1]) || !to.attach("cp", words[2]) || !into_folder(to, from.where.path, "cp"))
        return failure;
    L4_Word_t in, out;
    arc::fs::Info info;
    Status s = from.fs.Open(from.where.path, in, &info);
    if (s == Status::ok && info.type == FileType::directory) {
        from.fs.Close(in);
        s = Status::is_a_directory;
    }
    if (s != Status::ok)
        return from.refuse("cp", s);
    s = to.fs.Open(to.where.path, out, nullptr, open_mode::write | open_mode::create | open_mode::truncate);
    if (s != Status::ok) {
        from.fs.Close(in);
        return to.refuse("cp", s);
    }
    L4_Word_t copied;
    s = copy_contents(from, in, to, out, copied);
    from.fs.Close(in);
    Status closed = to.fs.Close(out);          // brings the copy to the disk
    if (s == Status::ok)
        s = closed;
    return s == Status::ok ? success : fail("cp: %s to %s: %s", words[1], words[2], arc::describe(s));
}

// sync FS: brings one file system's changes to its disk; plain sync every one's.
int cmd_sync(Words& words)
{
    if (words.count() > 2)
        return fail("sync: usage: sync [FS:]");
    if (words.count() == 2) {
        Target t;
        if (!t.attach("sync", words[1]))
            return failure;
        Status s = t.fs.Sync();
        return s == Status::ok ? success : t.refuse("sync", s);
    }
    char name[arc::naming::max_name + 1];
    L4_ThreadId_t server;
    int result = success;
    for (L4_Word_t i = 0; arc::naming::list(i, server, name, sizeof name) == Status::ok; ++i) {
        Status s = arc::fs::sync(server);
        // Servers that are no file system, or a read-only one, have nothing to do.
        if (s != Status::ok && s != Status::bad_request && s != Status::not_permitted)
            result = fail("sync: %s: %s", name, arc::describe(s));
    }
    return result;
}

int write_text(const char* text, const char* typed, bool append)
{
    Target t;
    if (!t.attach("echo", typed))
        return failure;
    L4_Word_t mode = open_mode::write | open_mode::create | (append ? 0 : open_mode::truncate);
    L4_Word_t handle;
    arc::fs::Info info;
    Status s = t.fs.Open(t.where.path, handle, &info, mode);
    if (s != Status::ok)
        return t.refuse("echo", s);
    size_t length = strlen(text), done = 0;
    s = t.fs.Write(handle, append ? info.size : 0, text, length, done);
    if (s == Status::ok && done < length)
        s = Status::no_space;
    Status closed = t.fs.Close(handle);
    if (s == Status::ok)
        s = closed;
    return s == Status::ok ? success : t.refuse("echo", s);
}

} // namespace msh
