// The ATA (IDE) register interface of a PATA channel, PIO only: register
// offsets, commands and status bits (ATA/ATAPI-6, section 7; the legacy
// ISA addresses of the two channels of a PC). Constants only.
#pragma once
#include <stdint.h>

namespace pata {

struct ChannelPorts {
    uint16_t command_block;   // data .. status/command: 8 ports
    uint16_t control_block;   // alternate status / device control: 1 port
    uint8_t irq;
};

// Disks 0..3: primary master, primary slave, secondary master, secondary slave.
constexpr unsigned max_disks = 4;
constexpr ChannelPorts channels[2] = {{0x1f0, 0x3f6, 14}, {0x170, 0x376, 15}};
constexpr const ChannelPorts& channel_of(unsigned disk) { return channels[disk / 2]; }
constexpr bool is_slave(unsigned disk) { return disk % 2 == 1; }

// Offsets from command_block.
namespace reg {
constexpr uint16_t data = 0;          // 16-bit PIO data
constexpr uint16_t error = 1;         // read
constexpr uint16_t features = 1;      // write
constexpr uint16_t sector_count = 2;
constexpr uint16_t lba_low = 3;
constexpr uint16_t lba_mid = 4;
constexpr uint16_t lba_high = 5;
constexpr uint16_t device = 6;
constexpr uint16_t status = 7;        // read (clears the drive's interrupt)
constexpr uint16_t command = 7;       // write
} // namespace reg

namespace status {
constexpr uint8_t error = 0x01;
constexpr uint8_t data_request = 0x08;
constexpr uint8_t device_fault = 0x20;
constexpr uint8_t ready = 0x40;
constexpr uint8_t busy = 0x80;
} // namespace status

// Device control register (control_block, write).
namespace control {
constexpr uint8_t interrupts_off = 0x02;   // nIEN
constexpr uint8_t reset = 0x04;            // SRST
} // namespace control

// Device register: LBA addressing, and which drive of the channel.
constexpr uint8_t device_lba = 0x40;
constexpr uint8_t device_legacy = 0xa0;    // bits 7 and 5: set on old drives, harmless on new
constexpr uint8_t device_slave = 0x10;

namespace command {
constexpr uint8_t read_sectors = 0x20;
constexpr uint8_t read_sectors_ext = 0x24;
constexpr uint8_t write_sectors = 0x30;
constexpr uint8_t write_sectors_ext = 0x34;
constexpr uint8_t flush_cache = 0xe7;
constexpr uint8_t flush_cache_ext = 0xea;
constexpr uint8_t identify = 0xec;
} // namespace command

constexpr unsigned sector_words = 256;
// 28-bit commands move up to 256 sectors (count 0 means 256); 48-bit ones 65536.
constexpr uint64_t lba28_limit = 1ull << 28;

} // namespace pata
