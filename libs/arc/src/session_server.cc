// SessionServer: connect and disconnect, and the routing of Begin, End, Put
// and Get to the server with the session they name.
#include "arc/session_server.h"
#include "arc/art.h"
#include "arc/layout.h"
#include "arc/pager.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/string.h"

namespace arc {

namespace {

// Persistent, beside the request record (.pdata.arc, ahead of the server's
// own .pdata): kept across hot and warm restarts, empty after a cold one.
constinit SessionTable sessions __attribute__((section(".pdata.arc"))) = {};

// Differs from connect to connect (SessionTable's handle invariant).
L4_Word_t fresh_key() { return static_cast<L4_Word_t>(L4_KDB_Cycles()) & 0x00ffffff; }

bool is_live(L4_Word_t pid, const L4_Word_t* live, unsigned count)
{
    for (unsigned i = 0; i < count; ++i)
        if (live[i] == pid)
            return true;
    return false;
}

} // namespace

SessionTable& SessionServer::Sessions() { return sessions; }

Status SessionServer::Begin(SessionControlBlock&, MessageReader&, Reply&) { return Status::ok; }
Status SessionServer::End(SessionControlBlock&, MessageReader&, Reply&) { return Status::ok; }
Status SessionServer::Put(SessionControlBlock&, MessageReader&, Reply&) { return Status::bad_request; }
Status SessionServer::Get(SessionControlBlock&, MessageReader&, Reply&) { return Status::bad_request; }
Status SessionServer::Connected(SessionControlBlock&) { return Status::ok; }
void SessionServer::Disconnected(SessionControlBlock&) {}
Status SessionServer::Other(const Request&, Reply&) { return Status::bad_request; }

Status SessionServer::Service(const Request& in, Reply& out)
{
    using session::Op;
    if (!session::is_session_op(in.label()))
        return Other(in, out);
    if (static_cast<Op>(in.label()) == Op::connect)
        return connect(in, out);
    MessageReader r = in.reader();
    L4_Word_t handle;
    if (!r.word(handle))
        return Status::bad_request;
    SessionControlBlock* s = sessions.find(handle, in.client);
    switch (static_cast<Op>(in.label())) {
    case Op::disconnect:
        // Replayed after the slot was freed: it was done.
        return !s && Recovered() ? Status::ok : disconnect(s);
    case Op::begin: return s ? Begin(*s, r, out) : Status::bad_handle;
    case Op::end: return s ? End(*s, r, out) : Status::bad_handle;
    case Op::put: return s ? Put(*s, r, out) : Status::bad_handle;
    case Op::get: return s ? Get(*s, r, out) : Status::bad_handle;
    case Op::connect: break;
    }
    return Status::bad_request;
}

Status SessionServer::connect(const Request& in, Reply& out)
{
    MessageReader r = in.reader();
    L4_Word_t pid, pages;
    if (!r.word(pid) || !r.word(pages) || pages == 0 || pages > session::max_pages)
        return Status::bad_request;
    // A replayed connect that got as far as a session answers with it.
    SessionControlBlock* made = Recovered() ? sessions.made_by(in.sequence, in.client) : nullptr;
    Status s = made ? Status::ok : Status::busy;
    for (int attempt = 0; attempt < 2 && !made; ++attempt) {
        for (L4_Word_t slot = sessions.free_slot(0); slot < SessionTable::slots && !made;
             slot = sessions.free_slot(slot + 1)) {
            s = open_in(slot, in, pid, pages, made);
            if (s != Status::ok && s != Status::busy)
                return s;
        }
        if (!made)
            reclaim_abandoned();             // then once more
    }
    if (!made)
        return s;
    out.word(made->handle).word(startup()->pid).word(made->address()).word(made->pages);
    return Status::ok;
}

// Shares slot `slot`'s pages with `pid`: Status::busy if a client of an
// earlier session still maps one of them (it has not heard yet that the
// server restarted cold), and the caller tries the next slot.
Status SessionServer::open_in(L4_Word_t slot, const Request& in, L4_Word_t pid, L4_Word_t pages,
                              SessionControlBlock*& made)
{
    L4_Word_t base = SessionControlBlock::address_of(slot);
    for (L4_Word_t i = 0; i < pages; ++i) {
        Status s = pager::share(base + i * layout::page_size, pid, L4_ReadWriteOnly);
        if (s != Status::ok)
            return s;
    }
    memset(reinterpret_cast<void*>(base), 0, pages * layout::page_size);
    SessionControlBlock& b = sessions.open(slot, in.client, pid, pages, in.sequence, fresh_key());
    Status s = Connected(b);
    if (s != Status::ok) {
        sessions.close(b);
        return s == Status::busy ? Status::not_permitted : s;   // refused: not a reason to try elsewhere
    }
    made = &b;
    return Status::ok;
}

Status SessionServer::disconnect(SessionControlBlock* session)
{
    if (!session)
        return Status::bad_handle;
    Disconnected(*session);
    sessions.close(*session);
    return Status::ok;
}

// The table is full: sessions whose client has ended without disconnecting
// are taken back (ART's process table says who lives).
void SessionServer::reclaim_abandoned()
{
    constexpr unsigned max_live = 64;
    L4_Word_t live[max_live];
    unsigned count = 0;
    art::ProcessInfo info;
    for (L4_Word_t i = 0; count < max_live && art::process_info(i, info) == Status::ok; ++i)
        if (info.state != art::ProcessState::ended)
            live[count++] = info.pid;
    if (count == 0)
        return;                                // ART did not answer: take nothing back
    for (SessionControlBlock& b : sessions)
        if (b.used && !is_live(b.client_pid, live, count))
            disconnect(&b);
}

} // namespace arc
