// The state of a mounted file system that every part of the library shares:
// the device, the cache, the geometry, the in-memory superblock and the clock.
// FileSystem owns one; the helpers (groups, allocator, inodes, block map,
// directories) take it by reference. Internal to libs/ext2.
#pragma once
#include <stdint.h>
#include "ext2/block_device.h"
#include "ext2/cache.h"
#include "ext2/format.h"
#include "ext2/geometry.h"

namespace ext2 {

struct Volume {
    BlockDevice* device = nullptr;
    BlockCache* cache = nullptr;
    Geometry geometry;
    // The primary superblock. Its free counts are kept equal to the sums of
    // the group descriptors' (set at mount, then changed with them).
    Superblock super = {};
    bool writable = false;
    bool super_dirty = false;        // super differs from the device's copy
    uint32_t now = 0;                // seconds since 1970 for the times written

    bool mounted() const { return cache != nullptr; }
    Status read_block(uint32_t block, BlockRef& ref) const { return cache->read(block, ref); }
};

} // namespace ext2
