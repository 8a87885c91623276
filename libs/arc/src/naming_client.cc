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

Status ask(Op op, const char* name, L4_ThreadId_t* result, L4_Word_t extra, bool with_extra)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(static_cast<L4_Word_t>(op));
    w.string(name);
    if (with_extra)
        w.word(extra);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply);
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
Status wait_for(const char* name, L4_ThreadId_t& server, L4_Word_t timeout_ms)
{
    return ask(Op::wait_for, name, &server, timeout_ms, true);
}

} // namespace arc::naming
