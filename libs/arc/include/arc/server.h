// ArcServer: the restart framework's server side (004 section 4.5.1,
// listing 4.1). A server derives from arc::Server<Itself>, lists its
// handlers (arc/handlers.h), writes Initialize() and Exit(), and, to be
// recoverable, Recover() and IS_PERSISTENT for the state Recover() needs
// (docs/recovery.md says how).
//
// MainLoop() keeps the request being served, and its sender, in persistent
// memory until the reply is sent. When the server fails in the middle of
// it, its P3 restarts it (hot or warm: .pdata kept), MainLoop() calls
// Recover() and then serves that request again, with Recovered() true, and
// answers the client that has been waiting all along. Other clients' calls
// wait in the kernel meanwhile. After a cold restart (.pdata gone),
// Initialize() runs and the waiting client gets Status::restarted.
#pragma once
#include "arc/handlers.h"
#include "arc/message.h"
#include "arc/protocol/recovery.h"
#include "arc/status.h"

namespace arc {

// The request being served.
struct Request {
    L4_ThreadId_t client;
    L4_Word_t sequence;          // 1, 2, ... over the server's life (kept across hot and warm restarts)
    MessageBuffer message;

    L4_Word_t label() const { return L4_Label(message.tag); }
    MessageReader reader() const { return MessageReader(message); }
};

// The reply a handler writes: words and byte runs, as MessageWriter; the
// handler's status becomes its label.
class Reply : public MessageWriter {
public:
    explicit Reply(MessageBuffer& buffer) : MessageWriter(0, buffer) {}
};

class ArcServer {
public:
    // The first start, and after a cold restart: set up from nothing.
    virtual Status Initialize() = 0;
    // Before the server ends in order (a handler called Stop()).
    virtual Status Exit() = 0;
    // After a hot or warm restart, before the interrupted request is served
    // again: rebuild what the restart dropped from what .pdata kept. The
    // default says it cannot, and the P3 restarts the server colder.
    virtual Status Recover();

    // Serves requests until a handler calls Stop(); returns Stop()'s code.
    int MainLoop();

    // True while the request being served is the replay of one a failure
    // interrupted (004 listing 5.2 needs to know).
    bool Recovered() const { return replaying_; }
    // Why the server was last restarted (Failure::group: a server it uses
    // restarted cold and lost what this one had asked of it); 0 at first.
    recovery::Failure RestartCause() const;

protected:
    // The request's handler: arc::Server<S> looks it up in S::handlers.
    virtual Status Service(const Request& in, Reply& out) = 0;
    // Called whenever the heartbeat period passes without a request.
    virtual void Idle() {}

    // Declared before MainLoop(): the P3 restarts the server when a request
    // takes longer than `ms` (0: no deadline), or when, idle, it misses a
    // heartbeat of `ms` (0: none).
    void SetDeadline(L4_Word_t ms) { deadline_ms_ = ms; }
    void SetHeartbeat(L4_Word_t ms) { heartbeat_ms_ = ms; }
    // The request being served may take up to `ms` instead: for a command
    // the hardware is entitled to take long over (a disk flushing its write
    // cache waits for the medium). The next request has the usual deadline.
    void ExtendDeadline(L4_Word_t ms);
    // Ends MainLoop() after the current request is answered.
    void Stop(int code)
    {
        stop_ = true;
        exit_code_ = code;
    }

private:
    Status serve(Request& request, MessageBuffer& reply);
    void recover_and_replay();
    void start_cold();
    bool replay(MessageBuffer& reply);

    L4_Word_t deadline_ms_ = 0;
    L4_Word_t heartbeat_ms_ = 0;
    bool replaying_ = false;
    bool stop_ = false;
    int exit_code_ = 0;
};

// The base to derive from: dispatches through the handler table
// `static constexpr arc::Handler<S> handlers[]` of the server S.
template <typename S>
class Server : public ArcServer {
protected:
    Status Service(const Request& in, Reply& out) override
    {
        return dispatch(static_cast<S&>(*this), S::handlers, in.label(), in, out);
    }
};

} // namespace arc
