#include "arc/console.h"
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/protocol/console.h"

namespace arc::console {

namespace {
// The console's thread once found (not persistent: found again after a restart).
L4_ThreadId_t server = L4_nilthread;

Status find()
{
    if (!L4_IsNilThread(server))
        return Status::ok;
    return naming::lookup("console", server);
}

// Calls the console; if it is not there (any more), looks it up once again.
Status call_console(MessageWriter& request, L4_MsgTag_t* reply)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        Status s = find();
        if (s != Status::ok)
            return s;
        s = call(server, request, reply);
        if (s != Status::unavailable)
            return s;
        server = L4_nilthread;
    }
    return Status::unavailable;
}

// Sends `text` in pieces that fit one message each, with operation `op`.
Status send_text(Op op, const char* text, size_t length)
{
    do {
        size_t n = length < max_message_bytes ? length : max_message_bytes;
        MessageWriter w(static_cast<L4_Word_t>(op));
        w.bytes(text, n);
        Status s = call_console(w, nullptr);
        if (s != Status::ok)
            return s;
        text += n;
        length -= n;
    } while (length > 0);
    return Status::ok;
}
} // namespace

Status connect(unsigned timeout_ms)
{
    if (!L4_IsNilThread(server))
        return Status::ok;
    return naming::wait_for("console", server, timeout_ms);
}

Status write(const char* text, size_t length) { return send_text(Op::write, text, length); }

Status input(const char* text, size_t length) { return send_text(Op::input, text, length); }

Status read(char* buffer, size_t capacity, size_t& length)
{
    if (capacity == 0)
        return Status::bad_request;
    MessageWriter w(static_cast<L4_Word_t>(Op::read));
    w.word(static_cast<L4_Word_t>(capacity));
    L4_MsgTag_t reply;
    Status s = call_console(w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    if (!r.bytes(buffer, capacity, length) || length == 0)
        return Status::bad_request;
    return Status::ok;
}

} // namespace arc::console
