// Client side of the parallel port's protocol (protocol/parallel.h): the
// shell's lpr and the test client lprcheck.
#pragma once
#include <stddef.h>
#include "arc/status.h"
#include "l4/types.h"

namespace arc::parallel {

// Prints `length` bytes on the port of the driver `server`, in requests of
// at most max_print bytes; `printed`: how many the driver put out (all of
// them when the answer is Status::ok).
Status print(L4_ThreadId_t server, const void* data, size_t length, size_t& printed);

} // namespace arc::parallel
