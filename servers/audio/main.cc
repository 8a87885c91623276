// The Sound Blaster 16 driver (004 section 5.1.4): one owner at a time
// plays PCM samples through two halves of a DMA buffer that the card plays
// over and over (auto-initialised DMA); at the end of each half the card
// raises IRQ 5, the driver counts the half and tells the owner, who fills
// it again (protocol/audio.h). Built twice (variant.h): `audio` shares the
// DMA buffer with the owner, `audio-buffered` copies the owner's blocks
// from a session page into it.
//
// Once started, the card and the DMA controller play on by themselves: a
// failure of the driver stops neither. What a restart must not lose is in
// persistent memory (playback.h): the owner, the format, the DMA buffer's
// mapping (the P3 keeps the buffer itself) and the count of halves played,
// which says which half is next. Recover() claims the ports and the
// interrupt again (a warm restart comes without them), resets the DSP only
// if a failure cut a command short, and unmasks the interrupt line; the
// interrupted request (or interrupt) is then handled again and counts once
// (Position::count).
#include "dsp.h"
#include "playback.h"
#include "variant.h"
#include "arc/art.h"
#include "arc/injection.h"
#include "arc/layout.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/persistent.h"
#include "arc/protocol/art.h"
#include "arc/protocol/audio.h"
#include "arc/session_server.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::audio::buffer_bytes;
using arc::audio::half_bytes;
using audio::State;

constinit audio::Playback playback IS_PERSISTENT = {};

// A request never takes long: the DSP takes its bytes at once.
constexpr L4_Word_t deadline_ms = 1000;
constexpr L4_Word_t full_volume = arc::audio::max_volume;
const L4_ThreadId_t interrupt_thread = L4_InterruptThread(audio::irq);

L4_Word_t channel_of(L4_Word_t bits) { return bits == 16 ? audio::dma_16bit : audio::dma_8bit; }

// Is the thread that owns the card still a live process's main thread?
// (ART not answering: assume it is, and refuse the newcomer.)
bool owner_alive()
{
    arc::art::ProcessInfo info;
    bool asked = false;
    for (L4_Word_t i = 0; arc::art::process_info(i, info) == Status::ok; ++i) {
        asked = true;
        if (info.state != arc::art::ProcessState::ended && info.main == playback.owner)
            return true;
    }
    return !asked;
}

class Audio final : public arc::SessionServer {
public:
    Audio() { SetDeadline(deadline_ms); }

    // The first start, and after a cold restart: whatever the card was
    // doing is stopped (its owner heard Status::restarted, or will).
    Status Initialize() override
    {
        Status s = dsp_.claim();
        if (s == Status::ok)
            s = dsp_.reset();
        uint8_t major = 0, minor = 0;
        if (s == Status::ok)
            s = dsp_.version(major, minor);
        if (s == Status::ok && major != audio::expected_major)
            s = Status::no_device;
        if (s != Status::ok)
            return s;
        // The reset stopped the card: a cold restart forgets what it played.
        L4_Word_t buffer = 0, physical = 0;
        s = arc::pager::dma_buffer(buffer_bytes, buffer, physical);
        if (s != Status::ok)
            return s;
        playback = {};
        playback.buffer = buffer;
        playback.physical = physical;
        playback.volume_left = playback.volume_right = full_volume;
        dsp_.set_volume(full_volume, full_volume);
        dsp_.acknowledge();
        L4_Send_Timeout(interrupt_thread, L4_ZeroTime);      // unmasked, whatever came before
        s = arc::naming::register_name(audio::service_name);
        if (s == Status::ok)
            rt::print("%s: Sound Blaster 16 (DSP %u.%02u) ready, as %s\n", audio::program_name, major, minor,
                      audio::service_name);
        return s;
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override
    {
        // What no run of this driver writes: a stray write, not ours.
        const audio::Position& p = playback.position;
        if (playback.state > State::paused || !playback.buffer ||
            (p.played != p.tick.halves && p.played + 1 != p.tick.halves))
            arc::pager::recovery_failed("the playback state in .pdata is damaged");
        Status s = dsp_.claim();
        if (s != Status::ok)
            return s;
        if (playback.dsp_busy) {
            // The DSP waits for the rest of a command: start it over.
            rt::print("%s: a DSP command was cut short: the DSP is reset\n", audio::program_name);
            s = dsp_.reset();
            // The reset forgot the format: playing or paused, the card
            // gets it again (and a paused one is halted at once).
            if (s == Status::ok && (playback.state == State::playing || playback.state == State::paused))
                s = play();
            if (s == Status::ok && playback.state == State::paused)
                s = dsp_.halt(playback.format.bits);
            playback.dsp_busy = false;
            if (s != Status::ok)
                return s;
        }
        // The line may be masked by an interrupt whose handling the failure
        // cut short; if the kernel's message for it was lost with the old
        // space, `position` finds the card's flag and counts it.
        L4_Send_Timeout(interrupt_thread, L4_ZeroTime);
        return Status::ok;
    }

private:
    // --- helpers (they cannot fail once the request is valid) -------------

    bool is_owner(const arc::Request& in) const { return playback.state != State::idle && playback.owner == in.client; }

    // The rate, the format and auto-initialised blocks of half a buffer.
    Status play()
    {
        playback.dsp_busy = true;
        Status s = dsp_.play(playback.format.rate, playback.format.bits, playback.format.channels, half_bytes);
        playback.dsp_busy = false;
        return s;
    }

    void stop_playing()
    {
        if (playback.state == State::playing || playback.state == State::paused) {
            playback.dsp_busy = true;
            dsp_.halt(playback.format.bits);
            playback.dsp_busy = false;
            arc::pager::stop_dma(channel_of(playback.format.bits));
            dsp_.acknowledge();
        }
    }

    // Counts a half the card finished, once per `key` (playback.h), then
    // lowers the card's interrupt and tells the owner.
    L4_Word_t count_half(L4_Word_t key)
    {
        L4_Word_t before = playback.position.played;
        L4_Word_t played = playback.position.count(key, dsp_.interrupt_pending());
        arc::injection_point();              // counted, not acknowledged
        dsp_.acknowledge();
        arc::injection_point();              // acknowledged, owner not told
        if (played != before && playback.state != State::idle) {
            arc::MessageWriter(arc::audio::notification).word(played).load();
            bool told = L4_IpcSucceeded(L4_Send_Timeout(playback.owner, L4_ZeroTime));
            if (!told && L4_IpcError() == L4_ErrNoPartner) {
                // The owner ended without closing: the card would play its
                // last two blocks over and over.
                stop_playing();
                playback.state = State::idle;
                rt::print("%s: the owner ended without closing, the card is stopped\n", audio::program_name);
            }
        }
        return played;
    }

    // --- the card's interrupt ----------------------------------------------

    // MainLoop takes the kernel's interrupt message like a request (kept,
    // replayed after a failure); the reply it sends to the interrupt
    // thread unmasks the line.
    Status interrupt(const arc::Request& in, arc::Reply&)
    {
        if (in.client != interrupt_thread)
            return Status::bad_request;      // only the kernel sends this label
        count_half(in.sequence);
        return Status::ok;
    }

    // --- the owner's requests -------------------------------------------------

    Status open(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        audio::Format f{};
        L4_Word_t pid;
        if (!r.word(f.rate) || !r.word(f.bits) || !r.word(f.channels) || !r.word(pid))
            return Status::bad_request;
        switch (audio::check(f)) {
        case audio::FormatProblem::none: break;
        case audio::FormatProblem::rate: return Status::out_of_range;
        default: return Status::bad_request;
        }
        // The replay of this very open finds the card its caller's already.
        bool again = Recovered() && playback.state == State::opened && playback.owner == in.client;
        if (!again && playback.state != State::idle) {
            if (playback.owner == in.client || owner_alive())
                return Status::busy;
            stop_playing();                  // its owner ended without closing
            playback.state = State::idle;
        }
        if (audio::shares_dma_buffer)
            for (L4_Word_t page = 0; page < buffer_bytes; page += arc::layout::page_size)
                if (Status s = arc::pager::share(playback.buffer + page, pid, L4_ReadWriteOnly); s != Status::ok)
                    return s;
        // Silence in both halves until the owner writes them.
        memset(reinterpret_cast<void*>(playback.buffer), f.bits == 8 ? 0x80 : 0, buffer_bytes);
        playback.format = f;
        playback.owner_pid = pid;
        playback.position.reset();
        playback.owner = in.client;
        playback.state = State::opened;          // last: the open is done
        out.word(arc::startup()->pid);
        if (audio::shares_dma_buffer)
            out.word(playback.buffer).word(buffer_bytes / arc::layout::page_size);
        else
            out.word(0).word(0);
        return Status::ok;
    }

    Status start(const arc::Request& in, arc::Reply&)
    {
        if (!is_owner(in))
            return Status::not_permitted;
        if (playback.state == State::playing && Recovered())
            return Status::ok;               // it started before the failure
        if (playback.state != State::opened)
            return Status::bad_request;
        L4_Word_t bits = playback.format.bits;
        Status s = arc::pager::start_dma(channel_of(bits), playback.buffer, buffer_bytes, arc::art::dma_auto_init);
        arc::injection_point();              // the DMA ready, the DSP not yet
        if (s == Status::ok)
            s = play();
        if (s == Status::ok)
            playback.state = State::playing;
        return s;
    }

    Status pause(const arc::Request& in, arc::Reply&)
    {
        if (!is_owner(in))
            return Status::not_permitted;
        if (playback.state == State::paused)
            return Status::ok;
        if (playback.state != State::playing)
            return Status::bad_request;
        playback.dsp_busy = true;
        Status s = dsp_.halt(playback.format.bits);
        playback.dsp_busy = false;
        if (s == Status::ok)
            playback.state = State::paused;
        return s;
    }

    Status resume(const arc::Request& in, arc::Reply&)
    {
        if (!is_owner(in))
            return Status::not_permitted;
        if (playback.state == State::playing)
            return Status::ok;
        if (playback.state != State::paused)
            return Status::bad_request;
        playback.dsp_busy = true;
        Status s = dsp_.resume(playback.format.bits);
        playback.dsp_busy = false;
        if (s == Status::ok)
            playback.state = State::playing;
        return s;
    }

    Status close(const arc::Request& in, arc::Reply&)
    {
        if (playback.state == State::idle && Recovered())
            return Status::ok;               // closed before the failure
        if (!is_owner(in))
            return Status::not_permitted;
        stop_playing();
        playback.state = State::idle;
        return Status::ok;
    }

    Status position(const arc::Request& in, arc::Reply& out)
    {
        if (!is_owner(in))
            return Status::not_permitted;
        // An interrupt whose message a restart lost: the card's flag says so.
        out.word(count_half(in.sequence));
        L4_Send_Timeout(interrupt_thread, L4_ZeroTime);
        return Status::ok;
    }

    Status volume(const arc::Request& in, arc::Reply&)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t left, right;
        if (!r.word(left) || !r.word(right) || left > arc::audio::max_volume || right > arc::audio::max_volume)
            return Status::bad_request;
        if (!is_owner(in))
            return Status::not_permitted;
        playback.volume_left = left;
        playback.volume_right = right;
        dsp_.set_volume(left, right);
        return Status::ok;
    }

    // --- the buffered driver's session ----------------------------------------

    Status Connected(arc::SessionControlBlock&) override
    {
        return audio::shares_dma_buffer ? Status::not_permitted : Status::ok;
    }

    // The session's first half_bytes are block `block`: into its half.
    // Copying the same block again (the replay) writes the same bytes.
    Status Put(arc::SessionControlBlock& session, arc::MessageReader& in, arc::Reply& out) override
    {
        L4_Word_t block;
        if (!in.word(block) || session.size() < half_bytes)
            return Status::bad_request;
        if (playback.state == State::idle || session.client != playback.owner)
            return Status::not_permitted;
        if (!audio::writable(block, playback.position.played, playback.state))
            return Status::bad_request;
        auto* half = reinterpret_cast<uint8_t*>(playback.buffer + (block % 2) * half_bytes);
        memcpy(half, session.base(), half_bytes / 2);
        arc::injection_point();              // half of the block copied
        memcpy(half + half_bytes / 2, session.base() + half_bytes / 2, half_bytes / 2);
        out.word(playback.position.played);
        return Status::ok;
    }

    Status Other(const arc::Request& in, arc::Reply& out) override
    {
        return arc::dispatch(*this, handlers, in.label(), in, out);
    }

    audio::Dsp dsp_;

public:
    static constexpr arc::Handler<Audio> handlers[] = {
        {kapi::label::interrupt, &Audio::interrupt},
        {arc::audio::Op::open, &Audio::open},
        {arc::audio::Op::start, &Audio::start},
        {arc::audio::Op::pause, &Audio::pause},
        {arc::audio::Op::resume, &Audio::resume},
        {arc::audio::Op::close, &Audio::close},
        {arc::audio::Op::position, &Audio::position},
        {arc::audio::Op::volume, &Audio::volume},
    };
};

} // namespace

int main()
{
    static Audio server;
    // At the first start, a card another driver holds (audio and
    // audio-buffered share it) or no card at all is said plainly and the
    // driver ends (Initialize() failing would count as a failure).
    if (arc::startup()->temperature == static_cast<L4_Word_t>(arc::recovery::Temperature::fresh)) {
        audio::Dsp dsp;
        Status s = dsp.claim();
        if (s == Status::ok)
            s = dsp.reset();
        if (s != Status::ok) {
            rt::print("%s: Sound Blaster 16: %s\n", audio::program_name,
                      s == Status::busy ? "the card is another driver's" : arc::describe(s));
            return 1;
        }
    }
    return server.MainLoop();
}
