// The Sound Blaster 16 at its factory settings (I/O 0x220, IRQ 5, 8-bit
// DMA 1, 16-bit DMA 5): its DSP (digital sound processor, version 4) and
// its mixer, as far as playing PCM samples goes. No MIDI, no recording.
//
// The DSP takes commands and their parameter bytes one at a time on its
// write port, each when the write-status port says it is ready; it answers
// on the read-data port. It plays from the ISA DMA channel of the sample
// size (ART programs the channel: arc/protocol/art.h) and raises IRQ 5 at
// the end of each block; reading the acknowledge port of that size lowers
// the interrupt.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/status.h"
#include "l4/types.h"

namespace audio {

constexpr uint16_t base_port = 0x220;
constexpr uint16_t port_count = 16;
constexpr L4_Word_t irq = 5;
constexpr L4_Word_t dma_8bit = 1;
constexpr L4_Word_t dma_16bit = 5;

namespace port {
constexpr uint16_t mixer_index = base_port + 0x4;
constexpr uint16_t mixer_data = base_port + 0x5;
constexpr uint16_t reset = base_port + 0x6;
constexpr uint16_t read_data = base_port + 0xa;
constexpr uint16_t write = base_port + 0xc;            // commands and data; its status on read
constexpr uint16_t read_status = base_port + 0xe;      // bit 7: data to read; reading acknowledges 8-bit DMA
constexpr uint16_t ack_16bit = base_port + 0xf;        // reading acknowledges 16-bit DMA
} // namespace port

namespace command {
constexpr uint8_t output_rate = 0x41;          // then the rate in Hz, high byte first
constexpr uint8_t play_16bit_auto = 0xb6;      // D/A, auto-initialised, FIFO on; then mode, length-1 low, high
constexpr uint8_t play_8bit_auto = 0xc6;
constexpr uint8_t halt_8bit = 0xd0;
constexpr uint8_t speaker_on = 0xd1;
constexpr uint8_t continue_8bit = 0xd4;
constexpr uint8_t halt_16bit = 0xd5;
constexpr uint8_t continue_16bit = 0xd6;
constexpr uint8_t version = 0xe1;              // answers major, minor
} // namespace command

// The mode byte after a play command.
namespace mode {
constexpr uint8_t signed_samples = 0x10;
constexpr uint8_t stereo = 0x20;
} // namespace mode

namespace mixer {
constexpr uint8_t master_left = 0x30;          // volume in bits 7..3
constexpr uint8_t master_right = 0x31;
constexpr uint8_t voice_left = 0x32;
constexpr uint8_t voice_right = 0x33;
constexpr uint8_t interrupt_status = 0x82;     // bit 0: 8-bit DMA, bit 1: 16-bit DMA ended a block
constexpr uint8_t pending_8bit = 0x01;
constexpr uint8_t pending_16bit = 0x02;
constexpr unsigned volume_shift = 3;
} // namespace mixer

constexpr uint8_t reset_answer = 0xaa;
constexpr uint8_t busy_bit = 0x80;             // write status: not ready; read status: data waiting
constexpr uint8_t expected_major = 4;

class Dsp {
public:
    // The ports and the interrupt, through the P3 (the policy grants them).
    arc::Status claim();
    // Resets the DSP (it stops playing and forgets its settings); no_device
    // if nothing answers.
    arc::Status reset();
    arc::Status version(uint8_t& major, uint8_t& minor);
    // Plays auto-initialised blocks of `block_bytes` from the channel of
    // `bits` (programmed already). An injection point between its bytes.
    arc::Status play(L4_Word_t rate, L4_Word_t bits, L4_Word_t channels, L4_Word_t block_bytes);
    arc::Status halt(L4_Word_t bits);
    arc::Status resume(L4_Word_t bits);
    // Does the card say a block ended and is not acknowledged yet?
    bool interrupt_pending();
    // Lowers the card's interrupt (both sizes: reading an acknowledge port
    // with nothing pending does nothing).
    void acknowledge();
    void set_volume(L4_Word_t left, L4_Word_t right);

private:
    arc::Status write(uint8_t byte);
    arc::Status read(uint8_t& byte);
};

} // namespace audio
