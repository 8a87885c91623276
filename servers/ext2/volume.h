// The mounted volume: everything the ext2 server knows about its file
// system, in one object in the persistent heap, so that it outlives hot and
// warm restarts whole: the device under it, the block cache with its dirty
// blocks and open transaction, and the in-memory superblock.
//
// Invariant (persistent state never points into memory a restart drops):
// every pointer in here points into this object or at the persistent disk
// session in .pdata.
#pragma once
#include "session_device.h"
#include "arc/session.h"
#include "ext2/block_device.h"
#include "ext2/cache.h"
#include "ext2/file_system.h"

namespace ext2_server {

struct Volume {
    Volume(arc::Session& session, const char* name, L4_Word_t pages, uint64_t sectors)
        : disk(session, name, pages, sectors), partition(disk, 0, sectors) {}

    SessionDevice disk;                  // the whole block device
    ext2::PartitionDevice partition;     // the ext2 volume on it
    ext2::BlockCache cache;
    ext2::FileSystem fs;
};

} // namespace ext2_server
