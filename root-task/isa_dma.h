// The PC's ISA DMA controllers (two Intel 8237s): what ART writes to which
// port to start or stop one channel (docs/processes.md, "DMA"). Drivers
// never get these ports: the mask, mode and flip-flop registers are shared
// by four channels each, and a driver that wrote them could stop another
// driver's transfers. ART programs a channel the policy grants a program,
// for a buffer that program's P3 holds.
//
// Freestanding and pure: it only computes the writes (tests/unit/art runs
// it on the host); isa_dma.cc performs them.
//
// Channels 0-3 are the first controller's (8-bit: byte addresses, byte
// counts, a transfer may not cross a 64 KiB boundary); 4-7 the second's
// (16-bit: word addresses and counts, a 128 KiB boundary, the page
// register's lowest bit ignored). Channel 4 cascades the first controller
// and is never a device's. Both see only the first 16 MiB.
#pragma once
#include <stdint.h>

namespace art::isa_dma {

constexpr uint32_t channels = 8;
constexpr uint32_t cascade_channel = 4;
constexpr uint32_t reach = 16u << 20;              // 24 address lines

// One controller's registers.
struct Controller {
    uint16_t address_base;    // channel c's address register: base + stride * (c % 4)
    uint16_t count_base;      // its count register: count_base + stride * (c % 4)
    uint16_t stride;
    uint16_t single_mask;     // mask or unmask one channel
    uint16_t mode;
    uint16_t clear_flip_flop; // the next address or count byte is the low one
    uint32_t boundary;        // a transfer's bytes lie within one such block
    uint8_t shift;            // 0: bytes, 1: 16-bit words
};

constexpr Controller first_controller{0x00, 0x01, 2, 0x0a, 0x0b, 0x0c, 64u << 10, 0};
constexpr Controller second_controller{0xc0, 0xc2, 4, 0xd4, 0xd6, 0xd8, 128u << 10, 1};

// Page registers (address bits 16..23), by channel; 0: none (channel 4).
constexpr uint16_t page_register[channels] = {0x87, 0x83, 0x81, 0x82, 0, 0x8b, 0x89, 0x8a};

// Single mask register: the channel number's low two bits, and this bit to mask.
constexpr uint8_t mask_bit = 0x04;
// Mode register: the channel's low two bits, and
constexpr uint8_t mode_read = 0x08;        // memory to the device (a "read" transfer)
constexpr uint8_t mode_auto_init = 0x10;   // start over at the end of the buffer
constexpr uint8_t mode_single = 0x40;      // one unit per request of the device

constexpr const Controller& controller_of(uint32_t channel)
{
    return channel < 4 ? first_controller : second_controller;
}

// Why a transfer cannot be programmed (checked before any port is touched).
enum class Refusal : uint8_t {
    none = 0,
    no_such_channel,       // past 7, or the cascade
    empty,
    too_far,               // not all below 16 MiB
    crosses_boundary,
    misaligned,            // a 16-bit channel's buffer must start and end on words
};

constexpr Refusal check(uint32_t channel, uint32_t physical, uint32_t bytes)
{
    if (channel >= channels || channel == cascade_channel)
        return Refusal::no_such_channel;
    if (bytes == 0)
        return Refusal::empty;
    if (physical >= reach || bytes > reach - physical)
        return Refusal::too_far;
    const Controller& c = controller_of(channel);
    if (physical / c.boundary != (physical + bytes - 1) / c.boundary)
        return Refusal::crosses_boundary;
    if (c.shift && ((physical | bytes) & 1))
        return Refusal::misaligned;
    return Refusal::none;
}

struct PortWrite {
    uint16_t port;
    uint8_t value;
};

// The writes that start `channel` on [physical, physical + bytes), memory to
// device, auto-initialised or not; check() passed. Masked first and
// unmasked last, so the channel never runs half programmed.
constexpr unsigned start_writes = 9;

constexpr void start(uint32_t channel, uint32_t physical, uint32_t bytes, bool auto_init, PortWrite (&out)[start_writes])
{
    const Controller& c = controller_of(channel);
    const uint8_t low = static_cast<uint8_t>(channel & 3);
    const uint32_t address = (physical >> c.shift) & 0xffff;
    const uint32_t count = (bytes >> c.shift) - 1;     // the controller counts down to -1
    const uint16_t address_port = static_cast<uint16_t>(c.address_base + c.stride * low);
    const uint16_t count_port = static_cast<uint16_t>(c.count_base + c.stride * low);
    const uint8_t mode = static_cast<uint8_t>(low | mode_read | mode_single | (auto_init ? mode_auto_init : 0));
    out[0] = {c.single_mask, static_cast<uint8_t>(low | mask_bit)};
    out[1] = {c.clear_flip_flop, 0};
    out[2] = {c.mode, mode};
    out[3] = {address_port, static_cast<uint8_t>(address & 0xff)};
    out[4] = {address_port, static_cast<uint8_t>(address >> 8)};
    out[5] = {page_register[channel], static_cast<uint8_t>((physical >> 16) & 0xff)};
    out[6] = {count_port, static_cast<uint8_t>(count & 0xff)};
    out[7] = {count_port, static_cast<uint8_t>(count >> 8)};
    out[8] = {c.single_mask, low};
}

// The write that stops (masks) `channel`.
constexpr PortWrite stop(uint32_t channel)
{
    return {controller_of(channel).single_mask, static_cast<uint8_t>((channel & 3) | mask_bit)};
}

} // namespace art::isa_dma
