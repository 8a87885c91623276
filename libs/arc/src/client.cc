#include "arc/client.h"

namespace arc {

Status call(L4_ThreadId_t server, MessageWriter& request, L4_MsgTag_t* reply_tag, L4_Time_t timeout)
{
    if (request.overflowed())
        return Status::too_long;
    request.load();
    L4_MsgTag_t reply = L4_Call_Timeouts(server, L4_Never, timeout);
    if (reply_tag)
        *reply_tag = reply;
    return status_of(reply);
}

Status call(L4_ThreadId_t server, MessageWriter& request, L4_MsgTag_t* reply_tag)
{
    return call(server, request, reply_tag, L4_Never);
}

} // namespace arc
