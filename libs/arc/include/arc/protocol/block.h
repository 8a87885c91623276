// The block-device protocol: sectors read and written through a session's
// shared pages (arc/session.h). The pata driver (servers/pata) and the
// memdisk server (servers/memdisk) speak it; the ext2 server and blockcheck
// are its clients.
//
// Session requests (words after the handle):
//   Begin  out: sectors (low word), sectors (high word)   the device's size
//   Get    in: first sector (low), first sector (high), count
//          the sectors come into the session's pages, from the first byte on
//   Put    in: the same   the pages' first count sectors go to the device
//   End    out: -   everything Put before is on the medium (a drive's write
//          cache is flushed)
// Errors: Status::bad_request (count 0, or more than the pages hold),
// Status::out_of_range (past the device's end), Status::io_error (the
// device reported an error).
//
// A Get or Put may be done twice (replayed after the server's restart): it
// reads or writes the same sectors with the same bytes again.
#pragma once
#include "l4/types.h"

namespace arc::block {

constexpr L4_Word_t sector_size = 512;

// Word positions in Get and Put requests, after the handle.
enum RequestWord : unsigned { first_low = 0, first_high = 1, count = 2, words = 3 };

} // namespace arc::block
