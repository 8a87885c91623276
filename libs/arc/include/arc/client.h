// Calling a server: load a request with MessageWriter, call, read the reply
// with MessageReader. The reply's label is an arc::Status.
#pragma once
#include "arc/message.h"
#include "arc/status.h"
#include "l4/syscalls.h"

namespace arc {

// Sends the request in `request` to `server` and waits for the reply.
// Status::too_long if the request did not fit, Status::unavailable if the
// IPC failed (no such server); otherwise the reply's status. The reply's
// words stay in the message registers for a MessageReader(reply_tag).
Status call(L4_ThreadId_t server, MessageWriter& request, L4_MsgTag_t* reply_tag = nullptr);
// The same, giving up on the reply after `timeout` (Status::unavailable).
Status call(L4_ThreadId_t server, MessageWriter& request, L4_MsgTag_t* reply_tag, L4_Time_t timeout);

// The status a reply carries (Status::unavailable for a failed IPC).
inline Status status_of(L4_MsgTag_t reply)
{
    return L4_IpcFailed(reply) ? Status::unavailable : static_cast<Status>(L4_Label(reply));
}

} // namespace arc
