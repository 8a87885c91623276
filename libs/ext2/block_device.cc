// PartitionDevice and MemoryDevice (see block_device.h).
#include "ext2/block_device.h"
#include "rt/string.h"

namespace ext2 {

Status PartitionDevice::read(uint64_t sector, uint32_t count, void* out)
{
    if (!sectors_inside(sector, count, count_))
        return fail(Error::outside_device, static_cast<uint32_t>(sector));
    return disk_->read(first_ + sector, count, out);
}

Status PartitionDevice::write(uint64_t sector, uint32_t count, const void* data)
{
    if (!sectors_inside(sector, count, count_))
        return fail(Error::outside_device, static_cast<uint32_t>(sector));
    return disk_->write(first_ + sector, count, data);
}

Status MemoryDevice::read(uint64_t sector, uint32_t count, void* out)
{
    if (!sectors_inside(sector, count, sector_count()))
        return fail(Error::outside_device, static_cast<uint32_t>(sector));
    memcpy(out, bytes_ + sector * sector_size, size_t{count} * sector_size);
    return success();
}

Status MemoryDevice::write(uint64_t sector, uint32_t count, const void* data)
{
    if (!sectors_inside(sector, count, sector_count()))
        return fail(Error::outside_device, static_cast<uint32_t>(sector));
    memcpy(bytes_ + sector * sector_size, data, size_t{count} * sector_size);
    return success();
}

} // namespace ext2
