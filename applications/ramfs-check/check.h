// What the parts of ramfs-check share: the result lines and the failure count.
#pragma once
#include "arc/status.h"
#include "l4/types.h"

namespace check {

// Every line starts with this, so the system test can pick them out.
constexpr const char* prefix = "ramfs-check:";

// Prints "ramfs-check: FAIL what" and counts it.
void fail(const char* what, arc::Status got, arc::Status wanted);
unsigned failures();

// Sends malformed and out-of-bounds requests to the ram server; each must
// get its own status and leave the server working.
void refusals(L4_ThreadId_t ram);

} // namespace check
