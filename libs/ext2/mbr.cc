// MBR partition table and whole-disk detection (see mbr.h). Reads at most
// sectors 0 and 2, each into a 512-byte buffer on the stack.
#include "ext2/mbr.h"
#include "ext2/format.h"

namespace ext2 {
namespace {

uint32_t u32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

bool has_mbr_signature(const uint8_t* sector)
{
    return sector[mbr_signature_offset] == 0x55 && sector[mbr_signature_offset + 1] == 0xAA;
}

// The superblock's magic lies at byte 1024 + 56 of the volume: sector 2, offset 56.
Result<bool> has_ext2_magic(BlockDevice& disk)
{
    constexpr uint32_t magic_offset = superblock_offset + 56;
    if (disk.sector_count() < (superblock_offset + superblock_size) / sector_size)
        return false;
    uint8_t sector[sector_size];
    Status s = disk.read(magic_offset / sector_size, 1, sector);
    if (!s.ok())
        return s;
    const uint8_t* p = sector + magic_offset % sector_size;
    return (p[0] | (p[1] << 8)) == magic;
}

} // namespace

Result<VolumeLocation> find_volume(BlockDevice& disk)
{
    if (disk.sector_count() == 0)
        return fail(Error::no_ext2_volume);
    uint8_t mbr[sector_size];
    Status s = disk.read(0, 1, mbr);
    if (!s.ok())
        return s;
    if (has_mbr_signature(mbr)) {
        for (uint32_t i = 0; i < mbr_entries; ++i) {
            const uint8_t* entry = mbr + mbr_table_offset + i * mbr_entry_size;
            uint64_t first = u32(entry + 8), count = u32(entry + 12);
            if (entry[4] != partition_type_linux || count == 0)
                continue;
            // Sector 0 is the table itself; a partition may not overlap it.
            if (first == 0 || first > disk.sector_count() || count > disk.sector_count() - first)
                return fail(Error::bad_partition, i);
            return VolumeLocation{first, count, static_cast<int8_t>(i)};
        }
    }
    auto whole = has_ext2_magic(disk);
    if (!whole.ok())
        return whole.status();
    if (!*whole)
        return fail(Error::no_ext2_volume);
    return VolumeLocation{0, disk.sector_count(), -1};
}

} // namespace ext2
