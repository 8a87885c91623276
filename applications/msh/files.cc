#include "files.h"
#include "arc/client.h"
#include "arc/naming.h"

namespace msh::files {

namespace {
using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using arc::fs::Op;

L4_Word_t label(Op op) { return static_cast<L4_Word_t>(op); }

// Reads "FileType, size" from a reply.
bool read_type_and_size(MessageReader& r, Entry& entry)
{
    L4_Word_t type = 0;
    if (!(r.word(type) && r.word(entry.size)))
        return false;
    entry.type = static_cast<arc::fs::FileType>(type);
    return true;
}
} // namespace

Status find(const char* fs, L4_ThreadId_t& server) { return arc::naming::lookup(fs, server); }

Status stat(L4_ThreadId_t server, const char* path, Entry& entry)
{
    entry = Entry{};
    MessageWriter w(label(Op::stat));
    w.string(path);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return read_type_and_size(r, entry) ? s : Status::bad_request;
}

Status read_dir(L4_ThreadId_t server, const char* path, L4_Word_t index, Entry& entry)
{
    entry = Entry{};
    MessageWriter w(label(Op::read_dir));
    w.string(path).word(index);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    bool ok = read_type_and_size(r, entry) && r.string(entry.name, sizeof entry.name);
    return ok ? s : Status::bad_request;
}

Status open(L4_ThreadId_t server, const char* path, L4_Word_t& handle, Entry& entry)
{
    entry = Entry{};
    MessageWriter w(label(Op::open));
    w.string(path);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return (r.word(handle) && read_type_and_size(r, entry)) ? s : Status::bad_request;
}

Status read(L4_ThreadId_t server, L4_Word_t handle, L4_Word_t offset, char* out, size_t& length)
{
    length = 0;
    MessageWriter w(label(Op::read));
    w.word(handle).word(offset).word(arc::fs::max_read);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s != Status::ok)
        return s;
    return MessageReader(reply).bytes(out, arc::fs::max_read, length) ? s : Status::bad_request;
}

Status close(L4_ThreadId_t server, L4_Word_t handle)
{
    MessageWriter w(label(Op::close));
    w.word(handle);
    return arc::call(server, w);
}

} // namespace msh::files
