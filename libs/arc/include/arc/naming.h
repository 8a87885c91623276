// Client side of the naming server (protocol/naming.h).
#pragma once
#include <stddef.h>
#include "arc/status.h"
#include "l4/types.h"

namespace arc::naming {
Status register_name(const char* name);
Status lookup(const char* name, L4_ThreadId_t& server);
// Waits until `name` is registered (timeout_ms 0: forever); Status::not_found
// when it did not appear in time.
Status wait_for(const char* name, L4_ThreadId_t& server, L4_Word_t timeout_ms = 0);
// The `index`th registered name (0, 1, ...) and its server;
// Status::end_of_directory past the last.
Status list(L4_Word_t index, L4_ThreadId_t& server, char* name, size_t capacity);
} // namespace arc::naming
