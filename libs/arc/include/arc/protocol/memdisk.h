// The memdisk server's protocol (servers/memdisk): a disk in persistent
// memory, read and written through a session's shared pages (arc/session.h).
// The session library's test and example server, and the shape the pata
// driver's protocol takes: a client that knows what it wrote checks every
// block it reads back across the server's restarts (memdisk-check).
//
// Session requests (words after the handle):
//   Put  in: first block, count   the client's pages 0 .. count-1 become
//        blocks first .. first+count-1
//   Get  in: first block, count   the blocks come into the pages
//   both out: -   Status::bad_request beyond the disk or the session's pages
#pragma once
#include "l4/types.h"

namespace arc::memdisk {

constexpr char name[] = "memdisk";
constexpr L4_Word_t block_size = 4096;
constexpr L4_Word_t blocks = 64;            // 256 KiB

} // namespace arc::memdisk
