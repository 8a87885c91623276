#include "arc/parallel.h"
#include "arc/client.h"
#include "arc/protocol/parallel.h"

namespace arc::parallel {

namespace {

// One request: at most max_print bytes.
Status print_once(L4_ThreadId_t server, const uint8_t* data, size_t length, size_t& printed)
{
    printed = 0;
    MessageWriter w(static_cast<L4_Word_t>(Op::print));
    w.bytes(data, length);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    L4_Word_t count;
    if (s != Status::ok && s != Status::io_error)
        return s;
    // More than was sent: a broken driver.
    if (!MessageReader(reply).word(count) || count > length)
        return Status::bad_request;
    printed = count;
    return s;
}

} // namespace

Status print(L4_ThreadId_t server, const void* data, size_t length, size_t& printed)
{
    const auto* bytes = static_cast<const uint8_t*>(data);
    for (printed = 0; printed < length;) {
        size_t piece = length - printed < max_print ? length - printed : max_print;
        size_t done;
        Status s = print_once(server, bytes + printed, piece, done);
        printed += done;
        if (s != Status::ok)
            return s;
    }
    return Status::ok;
}

} // namespace arc::parallel
