#include "arc/fs.h"
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/protocol/naming.h"
#include "rt/string.h"

namespace arc::fs {

namespace {

L4_Word_t label(Op op) { return static_cast<L4_Word_t>(op); }

// "FileType, size": the start of the open, stat and read_dir replies.
bool read_info(MessageReader& r, Info& info)
{
    L4_Word_t type = 0;
    if (!r.word(type) || !r.word(info.size))
        return false;
    info.type = static_cast<FileType>(type);
    return true;
}

// One read request: at most max_read bytes.
Status read_once(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, void* out, size_t wanted,
                 size_t& got)
{
    got = 0;
    MessageWriter w(label(Op::read));
    w.word(handle).word(offset).word(static_cast<L4_Word_t>(wanted));
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    // A server that sends more than was asked for is broken: refuse the reply.
    return MessageReader(reply).bytes(out, wanted, got) ? Status::ok : Status::bad_request;
}

// One write request: at most max_write bytes.
Status write_once(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, const void* data, size_t length,
                  size_t& written)
{
    written = 0;
    MessageWriter w(label(Op::write));
    w.word(handle).word(offset).bytes(data, length);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    L4_Word_t count;
    if (!MessageReader(reply).word(count) || count > length)
        return Status::bad_request;
    written = count;
    return Status::ok;
}

// A request whose only argument is a path.
Status path_request(Op op, L4_ThreadId_t server, const char* path)
{
    MessageWriter w(label(op));
    w.string(path);
    return call(server, w);
}

} // namespace

constexpr L4_Word_t locate_wait_ms = 2000;

Status locate(const char* spec, L4_ThreadId_t& server, const char*& path)
{
    const char* colon = spec ? strchr(spec, ':') : nullptr;
    if (!colon || colon == spec || static_cast<size_t>(colon - spec) > naming::max_name)
        return Status::bad_path;
    char name[naming::max_name + 1];
    size_t length = static_cast<size_t>(colon - spec);
    memcpy(name, spec, length);
    name[length] = '\0';
    // A file system server that is still starting (at boot) gets a moment.
    Status s = naming::wait_for(name, server, locate_wait_ms);
    if (s == Status::ok)
        path = colon + 1;
    return s;
}

Status open(L4_ThreadId_t server, const char* path, L4_Word_t& handle, Info* info, L4_Word_t mode)
{
    MessageWriter w(label(Op::open));
    w.word(mode).string(path);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    Info ignored;
    return r.word(handle) && read_info(r, info ? *info : ignored) ? Status::ok : Status::bad_request;
}

Status close(L4_ThreadId_t server, L4_Word_t handle)
{
    MessageWriter w(label(Op::close));
    w.word(handle);
    return call(server, w);
}

Status read(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, void* buffer, size_t length, size_t& done)
{
    auto* out = static_cast<char*>(buffer);
    return in_pieces(length, max_read, done, [&](size_t at, size_t wanted, size_t& got) {
        return read_once(server, handle, offset + static_cast<L4_Word_t>(at), out + at, wanted, got);
    });
}

Status write(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, const void* data, size_t length,
             size_t& done)
{
    auto* in = static_cast<const char*>(data);
    return in_pieces(length, max_write, done, [&](size_t at, size_t wanted, size_t& written) {
        return write_once(server, handle, offset + static_cast<L4_Word_t>(at), in + at, wanted, written);
    });
}

Status make_directory(L4_ThreadId_t server, const char* path) { return path_request(Op::make_directory, server, path); }
Status remove(L4_ThreadId_t server, const char* path) { return path_request(Op::remove, server, path); }

Status rename(L4_ThreadId_t server, const char* from, const char* to)
{
    if (strlen(from) + strlen(to) > max_rename_paths)
        return Status::too_long;
    MessageWriter w(label(Op::rename));
    w.string(from).string(to);
    return call(server, w);
}

Status sync(L4_ThreadId_t server)
{
    MessageWriter w(label(Op::sync));
    return call(server, w);
}

Status stat(L4_ThreadId_t server, const char* path, Info& info)
{
    MessageWriter w(label(Op::stat));
    w.string(path);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return read_info(r, info) ? Status::ok : Status::bad_request;
}

Status read_dir(L4_ThreadId_t server, const char* path, L4_Word_t index, DirEntry& entry)
{
    MessageWriter w(label(Op::read_dir));
    w.string(path).word(index);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    Info info;
    if (!read_info(r, info) || !r.string(entry.name, sizeof entry.name))
        return Status::bad_request;
    entry.type = info.type;
    entry.size = info.size;
    return Status::ok;
}

Status read_file(L4_ThreadId_t server, const char* path, void* buffer, size_t capacity, size_t& length)
{
    length = 0;
    L4_Word_t handle;
    Info info;
    Status s = open(server, path, handle, &info);
    if (s != Status::ok)
        return s;
    if (info.type == FileType::directory)
        s = Status::is_a_directory;
    else if (info.size > capacity)
        s = Status::too_long;
    size_t done = 0;
    if (s == Status::ok)
        s = read(server, handle, 0, buffer, info.size, done);
    // The file shrank under us: a read-only file system never does that.
    if (s == Status::ok && done != info.size)
        s = Status::io_error;
    close(server, handle);
    if (s == Status::ok)
        length = done;
    return s;
}

Status read_path(MessageReader& r, char (&path)[max_path + 1])
{
    char bytes[max_message_words * sizeof(L4_Word_t)];
    size_t length;
    if (!r.bytes(bytes, sizeof bytes, length))
        return Status::bad_request;
    if (length > max_path)
        return Status::too_long;
    if (memchr(bytes, '\0', length))
        return Status::bad_path;
    memcpy(path, bytes, length);
    path[length] = '\0';
    return Status::ok;
}

} // namespace arc::fs
