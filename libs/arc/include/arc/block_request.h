// A block device server's reading of a Get or Put (protocol/block.h): the
// sector range, checked against the session's pages and the device's size.
#pragma once
#include <stdint.h>
#include "arc/message.h"
#include "arc/protocol/block.h"
#include "arc/status.h"

namespace arc::block {

struct Range {
    uint64_t first = 0;
    L4_Word_t count = 0;
};

// Status::ok with the range in `range`, or why the request is refused.
inline Status read_range(MessageReader& in, size_t session_bytes, uint64_t device_sectors, Range& range)
{
    L4_Word_t low, high, count;
    if (!in.word(low) || !in.word(high) || !in.word(count) || count == 0 || count > session_bytes / sector_size)
        return Status::bad_request;
    range.first = static_cast<uint64_t>(high) << 32 | low;
    range.count = count;
    if (range.first >= device_sectors || count > device_sectors - range.first)
        return Status::out_of_range;
    return Status::ok;
}

} // namespace arc::block
