// Client side of the console server (protocol/console.h). The server is
// found through the naming server when first needed, and again after a call
// that could not reach it (the console was restarted with a new thread).
#pragma once
#include <stddef.h>
#include "arc/status.h"

namespace arc::console {

// Waits until the console server has registered (timeout_ms 0: forever).
Status connect(unsigned timeout_ms = 0);
// Writes all of `text`, in as many messages as it takes.
Status write(const char* text, size_t length);
// Waits for typed input and copies at least one and at most `capacity`
// characters of it to `buffer`; `length` gets their number.
Status read(char* buffer, size_t capacity, size_t& length);
// Hands typed characters to the console, as if typed on its serial line
// (for the keyboard driver).
Status input(const char* text, size_t length);

} // namespace arc::console
