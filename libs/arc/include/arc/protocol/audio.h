// The Sound Blaster 16 drivers' protocol (servers/audio, docs/devices.md,
// 004 section 5.1.4). One client at a time owns the card: it opens it with
// a format, fills the two halves of the DMA buffer, starts, and then
// refills each half as soon as the card has played it. The card tells the
// driver (IRQ 5), the driver counts the half and notifies the owner.
//
//   audio           direct: the DMA buffer itself is shared with the owner
//                   through the P3s (open's reply says where); the owner
//                   writes the samples straight into it.
//   audio-buffered  double-buffered: the owner writes a block into a
//                   session page of the driver's (arc/session.h) and Puts
//                   it; the driver copies it into the DMA half it belongs to.
//
// Blocks are numbered from 0 in the order they play; block b goes into
// half b % 2, which held block b - 2: it may be written once `played`, the
// count of halves the card has finished, is at least b - 1 (before start,
// blocks 0 and 1 may be written).
//
// Replies carry an arc::Status label. Errors: Status::busy (another client
// owns the card), not_permitted (the caller does not own it), out_of_range
// (a sample rate the card cannot play), bad_request (a malformed request,
// a sample size or channel count the card cannot play, a block that is not
// writable yet), no_device (no Sound Blaster 16 answers at 0x220).
#pragma once
#include "l4/types.h"

namespace arc::audio {

constexpr char name[] = "audio";                     // the direct driver
constexpr char buffered_name[] = "audio-buffered";   // the double-buffered one

// One half of the DMA buffer: one block, one interrupt. 004's figure:
// 4096 bytes last 23.2 ms at 44.1 kHz, 16-bit stereo.
constexpr L4_Word_t half_bytes = 4096;
constexpr L4_Word_t buffer_bytes = 2 * half_bytes;

// What the card plays (the Sound Blaster 16's DSP 4 limits).
constexpr L4_Word_t min_rate = 5000;
constexpr L4_Word_t max_rate = 44100;
constexpr bool playable_bits(L4_Word_t bits) { return bits == 8 || bits == 16; }
constexpr bool playable_channels(L4_Word_t channels) { return channels == 1 || channels == 2; }

enum class Op : L4_Word_t {
    // Become the owner, for this format. 16-bit samples are signed, 8-bit
    // unsigned (as WAV files hold them). A previous owner that ended
    // without closing is forgotten.
    // in: rate (Hz), bits, channels, the caller's pid (the direct driver
    //   shares its buffer with it)
    // out: the driver's pid, the DMA buffer's address in the driver, its
    //   pages (direct: map them with pager::map_session; buffered: 0, 0, 0,
    //   connect a session of one page instead)
    open = 0x1801,
    // Play from block 0, half 0, on and on (auto-initialised DMA) until close.
    // in: -   out: -
    start = 0x1802,
    // Halt the card where it is, and go on from there.   in: -   out: -
    pause = 0x1803,
    resume = 0x1804,
    // Stop playing and give up ownership.   in: -   out: -
    close = 0x1805,
    // out: played (halves finished so far)
    position = 0x1806,
    // The mixer's master volume, left and right (0 .. max_volume).   in: left, right
    volume = 0x1807,
};

// The buffered driver's session Put (protocol/session.h): the session's
// first half_bytes hold block `block`, which goes into its half.
// in: handle, block   out: played

// What the driver sends the owner after each half the card finished (a
// send with zero timeout: received only while the owner waits for it, so
// an owner that was busy asks `position` instead). words: played
constexpr L4_Word_t notification = 0x18f0;

constexpr L4_Word_t max_volume = 31;

} // namespace arc::audio
