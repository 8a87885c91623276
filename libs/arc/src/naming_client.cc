#include "arc/naming.h"
#include "arc/client.h"
#include "arc/startup.h"
#include "arc/protocol/naming.h"

namespace arc::naming {

namespace {
L4_ThreadId_t server()
{
    const Startup* s = startup();
    return s ? s->naming : L4_nilthread;
}

Status ask(Op op, const char* name, L4_ThreadId_t* result, L4_Word_t extra, bool with_extra,
           L4_Time_t timeout = L4_Never)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(static_cast<L4_Word_t>(op));
    w.string(name);
    if (with_extra)
        w.word(extra);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply, timeout);
    if (s == Status::ok && result) {
        MessageReader r(reply);
        if (!r.thread(*result))
            return Status::bad_request;
    }
    return s;
}
} // namespace

Status register_name(const char* name) { return ask(Op::register_name, name, nullptr, 0, false); }
Status lookup(const char* name, L4_ThreadId_t& server) { return ask(Op::lookup, name, &server, 0, false); }
// The naming server keeps a waiter until the name appears; the timeout is
// ours: past it the reply is not awaited any more (Status::not_found).
Status wait_for(const char* name, L4_ThreadId_t& server, L4_Word_t timeout_ms)
{
    L4_Time_t timeout = timeout_ms ? L4_TimePeriod(L4_Word64_t(timeout_ms) * 1000) : L4_Never;
    Status s = ask(Op::wait_for, name, &server, timeout_ms, true, timeout);
    return s == Status::unavailable && timeout_ms ? Status::not_found : s;
}

Status list(L4_Word_t index, L4_ThreadId_t& server_thread, char* name, size_t capacity)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(static_cast<L4_Word_t>(Op::list));
    w.word(index);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    L4_Word_t clients;
    return r.thread(server_thread) && r.word(clients) && r.string(name, capacity) ? Status::ok : Status::bad_request;
}

} // namespace arc::naming
