// Client side of the Sound Blaster drivers' protocol (protocol/audio.h):
// a Player owns the card while it plays one stream of PCM samples. It
// fills the two halves of the DMA buffer ahead of the card, each as soon
// as the card has played it: directly in the buffer the direct driver
// shares, or through a session page the double-buffered driver copies.
//
//   arc::audio::Player player;
//   if (player.Open("audio", {22050, 16, 2}) == arc::Status::ok) {
//       player.Play(samples, bytes);          // returns once they are played
//       player.Close();
//   }
//
// The driver may fail and restart hot or warm while it plays: the card
// plays on, the driver's count of halves played survives, and the Player
// does not notice beyond a late notification (it asks for the position
// when one does not come).
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/session.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc::audio {

struct Format {
    L4_Word_t rate;
    L4_Word_t bits;
    L4_Word_t channels;

    L4_Word_t bytes_per_second() const { return rate * channels * (bits / 8); }
};

class Player {
public:
    // Called before block `block` (0, 1, ...) is handed over: the test
    // clients arm faults in the driver here.
    using BlockHook = void (*)(void* context, L4_Word_t block);

    // Finds the driver `server` and opens the card for `format`.
    Status Open(const char* server, const Format& format);
    // Plays `bytes` of samples, then two blocks of silence, and returns
    // when the samples are played (the card plays the silence meanwhile).
    Status Play(const uint8_t* samples, size_t bytes);
    // Stops the card and gives it up (and the shared buffer or session).
    Status Close();
    Status Volume(L4_Word_t left, L4_Word_t right);
    // Halts the card where it is, and lets it go on (from a BlockHook).
    Status Pause();
    Status Resume();

    void OnBlock(BlockHook hook, void* context)
    {
        hook_ = hook;
        hook_context_ = context;
    }
    L4_ThreadId_t Server() const { return server_; }
    L4_Word_t Blocks() const { return blocks_; }
    L4_Word_t Notifications() const { return notifications_; }
    L4_Word_t Polls() const { return polls_; }

private:
    // The samples of block `block` (silence past the end) into its half.
    Status fill(L4_Word_t block, const uint8_t* samples, size_t bytes);
    // Waits until the card has played at least `halves` halves.
    Status wait_played(L4_Word_t halves);
    Status position();

    L4_ThreadId_t server_ = L4_nilthread;
    Format format_{};
    uint8_t* buffer_ = nullptr;       // direct: the driver's DMA buffer, mapped here
    Session session_;                 // buffered: one page
    L4_Word_t played_ = 0;            // the latest count the driver told us
    L4_Word_t blocks_ = 0;
    L4_Word_t notifications_ = 0;
    L4_Word_t polls_ = 0;
    BlockHook hook_ = nullptr;
    void* hook_context_ = nullptr;
};

} // namespace arc::audio
