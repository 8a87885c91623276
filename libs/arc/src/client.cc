#include "arc/client.h"

namespace arc {

Status call(L4_ThreadId_t server, MessageWriter& request, L4_MsgTag_t* reply_tag)
{
    if (request.overflowed())
        return Status::too_long;
    request.load();
    L4_MsgTag_t reply = L4_Call(server);
    if (reply_tag)
        *reply_tag = reply;
    return status_of(reply);
}

} // namespace arc
