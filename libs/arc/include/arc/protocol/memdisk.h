// The memdisk server (servers/memdisk): a disk in persistent memory that
// speaks the block-device protocol (protocol/block.h). The session
// library's test and example server: blockcheck writes and reads it while
// it fails, and checks every sector.
#pragma once
#include "arc/protocol/block.h"

namespace arc::memdisk {

constexpr char name[] = "memdisk";
constexpr L4_Word_t sectors = 512;          // 256 KiB

} // namespace arc::memdisk
