// SessionServer: an ArcServer whose clients hold sessions (004 listing 4.5).
// The framework answers connect and disconnect itself: it shares a slot's
// pages with the client through the P3s and keeps the session control
// block in persistent memory. The server writes what Begin, End, Put and
// Get mean for it, each given the client's session:
//
//   class Disk final : public arc::SessionServer {
//       Status Put(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply& out) override
//       { ... the client wrote s.base() .. s.base() + s.size() ... }
//   };
//
// Across a hot or warm restart the sessions, their pages and the pages'
// contents stay, and a replayed Put finds what the client wrote. A cold
// restart forgets every session: the clients' next calls answer
// Status::restarted (arc/session.h).
#pragma once
#include "arc/server.h"
#include "arc/session_table.h"

namespace arc {

class SessionServer : public ArcServer {
protected:
    // The session requests (protocol/session.h). `in` reads the words after
    // the handle. A server without units of work leaves Begin and End alone
    // (they answer ok); one that moves no data leaves Put or Get alone (they
    // answer Status::bad_request).
    virtual Status Begin(SessionControlBlock& session, MessageReader& in, Reply& out);
    virtual Status End(SessionControlBlock& session, MessageReader& in, Reply& out);
    virtual Status Put(SessionControlBlock& session, MessageReader& in, Reply& out);
    virtual Status Get(SessionControlBlock& session, MessageReader& in, Reply& out);
    // A client connected (the pages are shared and zeroed): any status but
    // ok refuses it. And one left, or its session was taken back.
    virtual Status Connected(SessionControlBlock& session);
    virtual void Disconnected(SessionControlBlock& session);
    // A request outside the session protocol: the server's own labels.
    virtual Status Other(const Request& in, Reply& out);

    // Every session (for Recover(); Initialize() starts with none).
    SessionTable& Sessions();

    Status Service(const Request& in, Reply& out) final;

private:
    Status connect(const Request& in, Reply& out);
    Status disconnect(SessionControlBlock* session);
    Status open_in(L4_Word_t slot, const Request& in, L4_Word_t pid, L4_Word_t pages, SessionControlBlock*& made);
    void reclaim_abandoned();
};

} // namespace arc
