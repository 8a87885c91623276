// Bad requests to the ram server, each with the status the protocol gives
// it (and a few good ones at the edges: a read at the end, a close). Built with MessageWriter directly where arc/fs.h would not send such a
// request. After all of them, the server must still answer a good request.
#include "check.h"
#include "arc/client.h"
#include "arc/fs.h"
#include "rt/print.h"
#include "rt/string.h"

namespace check {

namespace {

using arc::MessageWriter;
using arc::Status;
using arc::fs::Op;

L4_Word_t label(Op op) { return static_cast<L4_Word_t>(op); }

// A label no protocol uses.
constexpr L4_Word_t unknown_label = 0x15ff;
constexpr L4_Word_t made_up_handle = 0xdeadbe00;

// "ramfs-check: ok: an unknown operation gets "bad request"".
void expect(const char* what, Status got, Status wanted)
{
    if (got == wanted)
        rt::print("%s ok: %s gets \"%s\"\n", prefix, what, arc::describe(got));
    else
        fail(what, got, wanted);
}

Status send(L4_ThreadId_t ram, MessageWriter& w) { return arc::call(ram, w); }

// A regular file to read past its end: the first one of the root.
bool any_file(L4_ThreadId_t ram, char (&path)[arc::fs::max_path + 1], L4_Word_t& size)
{
    static arc::fs::DirEntry entry;
    for (L4_Word_t i = 0; arc::fs::read_dir(ram, "/", i, entry) == Status::ok; ++i)
        if (entry.type == arc::fs::FileType::regular) {
            rt::snprintf(path, sizeof path, "/%s", entry.name);
            size = entry.size;
            return true;
        }
    return false;
}

void malformed_messages(L4_ThreadId_t ram)
{
    MessageWriter unknown(unknown_label);
    expect("an unknown operation", send(ram, unknown), Status::bad_request);

    MessageWriter short_read(label(Op::read));
    short_read.word(made_up_handle);                       // no offset, no length
    expect("a read without offset and length", send(ram, short_read), Status::bad_request);

    MessageWriter long_close(label(Op::close));
    long_close.word(made_up_handle).word(0);
    expect("a close with an extra word", send(ram, long_close), Status::bad_request);

    MessageWriter no_path(label(Op::stat));
    expect("a stat without a path", send(ram, no_path), Status::bad_request);

    MessageWriter nul(label(Op::stat));
    nul.bytes("/a\0b", 4);
    expect("a path with a NUL inside", send(ram, nul), Status::bad_path);

    static char long_path[arc::fs::max_path + 2];
    memset(long_path, 'a', arc::fs::max_path + 1);
    long_path[0] = '/';
    MessageWriter too_long(label(Op::open));
    too_long.word(0).string(long_path);     // mode: for reading
    expect("a path longer than max_path", send(ram, too_long), Status::too_long);
}

void bad_paths(L4_ThreadId_t ram)
{
    L4_Word_t handle;
    expect("a missing file", arc::fs::open(ram, "/no-such-file", handle), Status::not_found);
    expect("an empty path component", arc::fs::open(ram, "/a//b", handle), Status::bad_path);
    expect("a '..' component", arc::fs::open(ram, "/../x", handle), Status::bad_path);
    arc::fs::DirEntry entry;
    expect("read_dir past the last entry", arc::fs::read_dir(ram, "/", 0xffffffff, entry),
           Status::end_of_directory);
    static char buffer[16];
    size_t length;
    expect("read_file of a directory", arc::fs::read_file(ram, "/", buffer, sizeof buffer, length),
           Status::is_a_directory);
}

void bad_reads(L4_ThreadId_t ram)
{
    char path[arc::fs::max_path + 1];
    L4_Word_t size, handle;
    if (!any_file(ram, path, size))
        return fail("a regular file in ram:/", Status::not_found, Status::ok);
    arc::fs::DirEntry entry;
    expect("read_dir of a file", arc::fs::read_dir(ram, path, 0, entry), Status::not_a_directory);
    static char buffer[arc::fs::max_read + 1];
    size_t length;
    if (size > 0) {
        size_t small = size - 1 < sizeof buffer ? size - 1 : sizeof buffer;
        expect("read_file into a buffer too small", arc::fs::read_file(ram, path, buffer, small, length),
               Status::too_long);
    }
    Status s = arc::fs::open(ram, path, handle);
    if (s != Status::ok)
        return fail(path, s, Status::ok);

    MessageWriter past_end(label(Op::read));
    past_end.word(handle).word(size + 1).word(1);
    expect("a read past the end", send(ram, past_end), Status::bad_request);
    MessageWriter too_much(label(Op::read));
    too_much.word(handle).word(0).word(arc::fs::max_read + 1);
    expect("a read of more than max_read", send(ram, too_much), Status::bad_request);
    MessageWriter at_end(label(Op::read));
    at_end.word(handle).word(size).word(arc::fs::max_read);
    expect("a read at the end", send(ram, at_end), Status::ok);

    expect("a made-up handle", arc::fs::read(ram, made_up_handle, 0, buffer, 1, length), Status::bad_handle);
    expect("the first close", arc::fs::close(ram, handle), Status::ok);
    expect("a second close", arc::fs::close(ram, handle), Status::bad_handle);
    expect("a read after close", arc::fs::read(ram, handle, 0, buffer, 1, length), Status::bad_handle);
}

// The client's "fs:path" parsing, against the naming server.
void locate(L4_ThreadId_t ram)
{
    L4_ThreadId_t server = L4_nilthread;
    const char* path = nullptr;
    Status s = arc::fs::locate("ram:/policy", server, path);
    if (s != Status::ok || server != ram || !path || strcmp(path, "/policy") != 0)
        fail("locate ram:/policy", s == Status::ok ? Status::bad_request : s, Status::ok);
    expect("locate without a ':'", arc::fs::locate("ram", server, path), Status::bad_path);
    expect("locate with an empty name", arc::fs::locate(":/x", server, path), Status::bad_path);
    expect("locate of an unknown file system", arc::fs::locate("nofs:/", server, path), Status::not_found);
}

} // namespace

void refusals(L4_ThreadId_t ram)
{
    locate(ram);
    malformed_messages(ram);
    bad_paths(ram);
    bad_reads(ram);
    // Still serving after all that.
    arc::fs::Info info;
    expect("a stat of the root afterwards", arc::fs::stat(ram, "/", info), Status::ok);
}

} // namespace check
