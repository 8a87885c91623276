// The line the shell prints when a program ends, from what ART's wait
// replied. Freestanding, host-tested (tests/unit/msh).
#pragma once
#include <stdint.h>
#include "arc/status.h"
#include "rt/types.h"

namespace msh {

// Writes into `out` what to say about program `name` that ended with status
// `s`, exit code `code` and ART's `reason` (empty after a normal exit):
//   status ok, code 0, no reason   "" (nothing to say)
//   status ok, code N              "ram:exitcode: exited with 3"
//   status ok with a reason        "ram:x: <reason>"
//   another status                 "ram:crash: crashed: page fault at 0x00000000 ..."
//                                  "ram:badelf: not an executable: ELF: ..."
//                                  "ram:nosuch: not found"
// Returns true only for a normal exit with code 0.
bool describe_exit(const char* name, arc::Status s, int32_t code, const char* reason, char* out,
                   size_t capacity);

} // namespace msh
