// What the Sound Blaster driver keeps across its restarts (004 section
// 5.1.4: "the playback parameters ... the current owner ... the DMA buffer
// mapping ... easily obtained by making the relevant variables
// persistent"), and the rules that keep its count of played halves exact
// when a failure repeats a piece of work. Freestanding: tests/unit/audio
// runs it on the host.
#pragma once
#include "arc/protocol/audio.h"
#include "l4/types.h"

namespace audio {

struct Format {
    L4_Word_t rate;        // Hz
    L4_Word_t bits;        // 8 (unsigned) or 16 (signed)
    L4_Word_t channels;    // 1 or 2
};

enum class FormatProblem { none, rate, bits, channels };

constexpr FormatProblem check(const Format& f)
{
    if (!arc::audio::playable_bits(f.bits))
        return FormatProblem::bits;
    if (!arc::audio::playable_channels(f.channels))
        return FormatProblem::channels;
    if (f.rate < arc::audio::min_rate || f.rate > arc::audio::max_rate)
        return FormatProblem::rate;
    return FormatProblem::none;
}

enum class State : L4_Word_t {
    idle = 0,          // nobody owns the card
    opened,            // owned, not playing yet
    playing,
    paused,
};

// The count of halves the card has finished, advanced once per interrupt
// however often a failure makes the driver handle that interrupt again.
//
// A handling is keyed (the interrupt request's sequence number, or a key
// of Recover()'s own): the first time a key is seen, the count it leads
// to is written into `tick` and the key last, which commits it; a repeat
// of the same key (the replay after a failure) finds it committed and
// takes the same count, whatever the card says by then (it was
// acknowledged after the commit, so it may say nothing is pending).
struct Position {
    L4_Word_t played;                  // halves finished
    struct {
        L4_Word_t halves;              // what `played` becomes
        L4_Word_t key;                 // the handling that decided it (0: none yet)
    } tick;

    // `pending`: the card says a half is finished and not acknowledged yet.
    // Returns the count after this handling.
    L4_Word_t count(L4_Word_t key, bool pending)
    {
        if (tick.key != key) {
            tick.halves = played + (pending ? 1 : 0);
            tick.key = key;
        }
        played = tick.halves;
        return played;
    }

    void reset()
    {
        played = 0;
        tick.halves = 0;
        tick.key = 0;
    }
};

// Block `block` goes into half block % 2 once the block before it in that
// half has been played (protocol/audio.h).
constexpr bool writable(L4_Word_t block, L4_Word_t played, State state)
{
    if (block < 2)
        return state == State::opened;
    return state != State::idle && state != State::opened && played + 1 >= block;
}

struct Playback {
    State state;
    L4_ThreadId_t owner;               // the thread that opened the card
    L4_Word_t owner_pid;
    Format format;
    L4_Word_t buffer;                  // the DMA buffer in our space (0: not mapped yet)
    L4_Word_t physical;                // ... and where the card reads it
    Position position;
    L4_Word_t volume_left, volume_right;
    // A DSP command is being written: a failure in the middle leaves the
    // DSP waiting for the rest of its bytes; Recover() resets it.
    bool dsp_busy;
};

} // namespace audio
