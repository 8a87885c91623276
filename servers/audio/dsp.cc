#include "dsp.h"
#include "arc/injection.h"
#include "arc/pager.h"
#include "arc/port_io.h"
#include "l4/l4.h"

namespace audio {

namespace {

using arc::Status;
using arc::port_io::in8;
using arc::port_io::out8;

// How often a status port is read before the DSP counts as gone. The DSP
// takes a byte in microseconds; QEMU's at once.
constexpr unsigned status_polls = 100000;
// The reset line is held at least 3 us (the DSP's documentation).
constexpr L4_Word_t reset_hold_us = 10;

uint8_t mixer_read(uint8_t index)
{
    out8(port::mixer_index, index);
    return in8(port::mixer_data);
}

void mixer_write(uint8_t index, uint8_t value)
{
    out8(port::mixer_index, index);
    out8(port::mixer_data, value);
}

} // namespace

Status Dsp::claim()
{
    Status s = arc::pager::request_ports(base_port, port_count);
    if (s == Status::ok)
        s = arc::pager::attach_interrupt(irq);
    return s;
}

Status Dsp::write(uint8_t byte)
{
    for (unsigned i = 0; i < status_polls; ++i)
        if (!(in8(port::write) & busy_bit)) {
            out8(port::write, byte);
            return Status::ok;
        }
    return Status::no_device;
}

Status Dsp::read(uint8_t& byte)
{
    for (unsigned i = 0; i < status_polls; ++i)
        if (in8(port::read_status) & busy_bit) {
            byte = in8(port::read_data);
            return Status::ok;
        }
    return Status::no_device;
}

Status Dsp::reset()
{
    out8(port::reset, 1);
    L4_Sleep(L4_TimePeriod(reset_hold_us));
    out8(port::reset, 0);
    uint8_t answer = 0;
    Status s = read(answer);
    if (s != Status::ok || answer != reset_answer)
        return Status::no_device;
    return Status::ok;
}

Status Dsp::version(uint8_t& major, uint8_t& minor)
{
    Status s = write(command::version);
    if (s == Status::ok)
        s = read(major);
    if (s == Status::ok)
        s = read(minor);
    return s;
}

Status Dsp::play(L4_Word_t rate, L4_Word_t bits, L4_Word_t channels, L4_Word_t block_bytes)
{
    // The length counts samples of the DMA's width (both channels' alike), less one.
    L4_Word_t length = (bits == 16 ? block_bytes / 2 : block_bytes) - 1;
    uint8_t mode = static_cast<uint8_t>((bits == 16 ? mode::signed_samples : 0) | (channels == 2 ? mode::stereo : 0));
    const uint8_t bytes[] = {
        command::output_rate, static_cast<uint8_t>(rate >> 8), static_cast<uint8_t>(rate & 0xff),
        bits == 16 ? command::play_16bit_auto : command::play_8bit_auto, mode,
        static_cast<uint8_t>(length & 0xff), static_cast<uint8_t>(length >> 8),
        command::speaker_on,
    };
    for (size_t i = 0; i < sizeof bytes; ++i) {
        if (i > 0)
            arc::injection_point();      // a command cut short: the DSP waits for the rest
        if (Status s = write(bytes[i]); s != Status::ok)
            return s;
    }
    return Status::ok;
}

Status Dsp::halt(L4_Word_t bits) { return write(bits == 16 ? command::halt_16bit : command::halt_8bit); }

Status Dsp::resume(L4_Word_t bits) { return write(bits == 16 ? command::continue_16bit : command::continue_8bit); }

bool Dsp::interrupt_pending()
{
    return (mixer_read(mixer::interrupt_status) & (mixer::pending_8bit | mixer::pending_16bit)) != 0;
}

void Dsp::acknowledge()
{
    in8(port::read_status);
    in8(port::ack_16bit);
}

void Dsp::set_volume(L4_Word_t left, L4_Word_t right)
{
    uint8_t l = static_cast<uint8_t>(left << mixer::volume_shift), r = static_cast<uint8_t>(right << mixer::volume_shift);
    mixer_write(mixer::master_left, l);
    mixer_write(mixer::master_right, r);
    mixer_write(mixer::voice_left, l);
    mixer_write(mixer::voice_right, r);
}

} // namespace audio
