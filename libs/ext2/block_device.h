// The storage under the file system: a device of 512-byte sectors. The ext2
// server implements BlockDevice over the disk driver's protocol; the host tests
// over an image file; the fuzzer over bytes in memory (MemoryDevice).
//
// PartitionDevice presents one partition of a bigger device as a device of its
// own, so nothing above it knows about partition tables.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "ext2/format.h"
#include "ext2/status.h"

namespace ext2 {

class BlockDevice {
public:
    // Reads `count` sectors starting at `sector` into `out` (count * 512 bytes).
    virtual Status read(uint64_t sector, uint32_t count, void* out) = 0;
    // Writes `count` sectors from `data`.
    virtual Status write(uint64_t sector, uint32_t count, const void* data) = 0;
    // The number of sectors; nothing at or past it may be read or written.
    virtual uint64_t sector_count() const = 0;

protected:
    // Never destroyed through this interface (there is no heap to delete from).
    ~BlockDevice() = default;
};

// Sectors [first, first + count) of `disk`, renumbered from 0. Requests that
// would reach past the partition are refused before they reach the disk.
class PartitionDevice final : public BlockDevice {
public:
    PartitionDevice(BlockDevice& disk, uint64_t first_sector, uint64_t sector_count)
        : disk_(&disk), first_(first_sector), count_(sector_count) {}

    Status read(uint64_t sector, uint32_t count, void* out) override;
    Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return count_; }

private:
    BlockDevice* disk_;
    uint64_t first_;
    uint64_t count_;
};

// A device over bytes the caller owns (a ram disk, the fuzzer's input). The
// last partial sector, if any, is not part of the device.
class MemoryDevice final : public BlockDevice {
public:
    MemoryDevice(void* bytes, size_t size) : bytes_(static_cast<uint8_t*>(bytes)), size_(size) {}

    Status read(uint64_t sector, uint32_t count, void* out) override;
    Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return size_ / sector_size; }

private:
    uint8_t* bytes_;
    size_t size_;
};

// True if [sector, sector + count) lies inside a device of `total` sectors
// (written so that no sum can wrap).
constexpr bool sectors_inside(uint64_t sector, uint32_t count, uint64_t total)
{
    return sector <= total && count <= total - sector;
}

} // namespace ext2
