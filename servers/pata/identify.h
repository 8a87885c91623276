// What a drive's IDENTIFY DEVICE data says about it (ATA/ATAPI-6, 8.15):
// whether it is an ATA disk at all, its size in 28- and 48-bit sectors, its
// model. Freestanding: tested on the host (tests/unit/pata).
#pragma once
#include <stdint.h>

namespace pata {

struct DriveInfo {
    bool lba48 = false;           // 48-bit commands supported (and needed past 2^28 sectors)
    uint64_t sectors = 0;         // addressable sectors
    char model[41] = {};          // trimmed
};

// false if the data is not an ATA disk's (word 0 bit 15: ATAPI or other),
// or names no LBA sectors.
bool parse_identify(const uint16_t (&words)[256], DriveInfo& info);

} // namespace pata
