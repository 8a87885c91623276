// Session: connecting, the four calls, and what a call learns when the
// server restarted cold.
#include "arc/session.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/startup.h"

namespace arc {

namespace {
Status disconnect(L4_ThreadId_t server, L4_Word_t handle)
{
    MessageWriter w(static_cast<L4_Word_t>(session::Op::disconnect));
    w.word(handle);
    return call(server, w);
}
} // namespace

Status Session::Connect(const char* name, L4_Word_t pages)
{
    L4_ThreadId_t server;
    Status s = naming::lookup(name, server);     // the lookup also tells who uses whom (group restarts)
    return s == Status::ok ? Connect(server, pages) : s;
}

Status Session::Connect(L4_ThreadId_t server, L4_Word_t pages)
{
    if (Connected())
        return Status::busy;
    if (pages == 0 || pages > session::max_pages)
        return Status::bad_request;
    MessageWriter w(static_cast<L4_Word_t>(session::Op::connect));
    w.word(startup()->pid).word(pages);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s != Status::ok)
        return s;
    L4_Word_t handle, owner, owner_address, granted, address;
    MessageReader r(reply);
    if (!r.word(handle) || !r.word(owner) || !r.word(owner_address) || !r.word(granted) || granted != pages)
        return Status::bad_request;
    s = pager::map_session(owner, owner_address, pages, address);
    if (s != Status::ok) {
        disconnect(server, handle);                  // the server takes the session back
        return s;
    }
    server_ = server;
    handle_ = handle;
    pages_ = pages;
    address_ = address;
    return Status::ok;
}

Status Session::Close()
{
    if (!Connected())
        return Status::bad_handle;
    Status s = disconnect(server_, handle_);
    forget();
    return s == Status::bad_handle ? Status::ok : s;   // a server that forgot it has let it go
}

size_t Session::Size() const { return pages_ * layout::page_size; }

Status Session::Begin(const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount)
{
    return call(session::Op::begin, send, scount, recv, rcount);
}
Status Session::End(const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount)
{
    return call(session::Op::end, send, scount, recv, rcount);
}
Status Session::Put(const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount)
{
    return call(session::Op::put, send, scount, recv, rcount);
}
Status Session::Get(const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount)
{
    return call(session::Op::get, send, scount, recv, rcount);
}

Status Session::call(session::Op op, const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount)
{
    if (!Connected())
        return Status::bad_handle;
    if (scount > session::max_words || rcount > session::max_words)
        return Status::bad_request;
    MessageWriter w(static_cast<L4_Word_t>(op));
    w.word(handle_);
    for (size_t i = 0; i < scount; ++i)
        w.word(send[i]);
    L4_MsgTag_t reply;
    Status s = arc::call(server_, w, &reply);
    if (s == Status::bad_handle || s == Status::restarted) {
        // We had a session, so the server lost it: it restarted cold
        // (before this call, or while serving it).
        forget();
        return Status::restarted;
    }
    MessageReader r(reply);
    for (size_t i = 0; i < rcount; ++i)
        if (s != Status::ok || !r.word(recv[i]))
            recv[i] = 0;
    return s;
}

void Session::forget()
{
    pager::unmap_session(address_);
    server_ = L4_nilthread;
    handle_ = pages_ = address_ = 0;
}

} // namespace arc
