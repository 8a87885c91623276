// The parallel port's protocol (servers/parallel, docs/devices.md): a client
// sends bytes, the driver puts them out on the printer port one at a time,
// in order. The recovery-friendly driver puts out each byte exactly once,
// also when it fails and is restarted hot or warm in the middle of a
// request; the naive one (parallel-naive) starts the request over and
// prints its first bytes again (004 section 5.1.2).
#pragma once
#include "arc/message.h"
#include "l4/types.h"

namespace arc::parallel {

constexpr char name[] = "lpt";                // the recovery-friendly driver
constexpr char naive_name[] = "lpt-naive";    // the naive one

// Bytes one print request carries at most.
constexpr unsigned max_print = 192;
static_assert(max_print <= max_message_bytes, "a print request must fit one message");

enum class Op : L4_Word_t {
    // in: bytes (1 .. max_print)   out: how many of them are out on the port
    //   (all of them when the status is ok; Status::io_error: the printer
    //   stayed busy, and only that many went out)
    print = 0x1701,
};

} // namespace arc::parallel
