// arc::fs::Client: attaching, and contents through a session or messages.
#include "arc/fs_client.h"
#include "arc/protocol/fs.h"
#include "rt/string.h"

namespace arc::fs {

Status Client::Attach(const char* spec, const char*& path)
{
    if (Attached())
        return Status::busy;
    L4_ThreadId_t server;
    Status s = locate(spec, server, path);
    return s == Status::ok ? Attach(server) : s;
}

Status Client::Attach(L4_ThreadId_t server)
{
    if (Attached())
        return Status::busy;
    server_ = server;
    // A server without sessions (ram) refuses the connect: messages then.
    session_.Connect(server, session_pages);
    return Status::ok;
}

void Client::Detach()
{
    if (session_.Connected())
        session_.Close();
    server_ = L4_nilthread;
}

Status Client::transfer(bool put, L4_Word_t handle, L4_Word_t offset, size_t length, size_t& count)
{
    L4_Word_t words[3];
    words[session_words::handle] = handle;
    words[session_words::offset] = offset;
    words[session_words::length] = static_cast<L4_Word_t>(length);
    L4_Word_t reply = 0;
    Status s = put ? session_.Put(words, 3, &reply, 1) : session_.Get(words, 3, &reply, 1);
    if (s == Status::ok && reply > length)
        s = Status::bad_request;          // more than asked: a broken server
    count = s == Status::ok ? reply : 0;
    return s;
}

Status Client::Read(L4_Word_t handle, L4_Word_t offset, void* buffer, size_t length, size_t& done)
{
    if (!Bulk())
        return read(server_, handle, offset, buffer, length, done);
    auto* out = static_cast<uint8_t*>(buffer);
    return in_pieces(length, session_.Size(), done, [&](size_t at, size_t wanted, size_t& got) {
        Status s = transfer(false, handle, offset + static_cast<L4_Word_t>(at), wanted, got);
        if (s == Status::ok)
            memcpy(out + at, session_.Base(), got);
        return s;
    });
}

Status Client::Write(L4_Word_t handle, L4_Word_t offset, const void* data, size_t length, size_t& done)
{
    if (!Bulk())
        return write(server_, handle, offset, data, length, done);
    auto* in = static_cast<const uint8_t*>(data);
    return in_pieces(length, session_.Size(), done, [&](size_t at, size_t wanted, size_t& wrote) {
        memcpy(session_.Base(), in + at, wanted);
        return transfer(true, handle, offset + static_cast<L4_Word_t>(at), wanted, wrote);
    });
}

} // namespace arc::fs
