// The driver's count of halves played (servers/audio/playback.h) against a
// model of the card: each interrupt is handled by steps (read the card's
// flag, count, acknowledge), and a failure after any step makes the driver
// handle the same interrupt again from the start (the replay). The count
// must come out once per interrupt, and never count one the card did not
// raise.
#include "playback.h"

#include <gtest/gtest.h>

namespace {

using audio::Position;
using audio::State;

// The card's end-of-block flag, as the mixer's interrupt status shows it.
struct Card {
    bool pending = false;
    void block_ended() { pending = true; }
    void acknowledge() { pending = false; }
};

// One handling of interrupt `key`, cut off after `steps` steps (-1: whole).
// Steps: 1 counted, 2 acknowledged.
void handle(Position& p, Card& card, L4_Word_t key, int steps)
{
    p.count(key, card.pending);
    if (steps == 1)
        return;
    card.acknowledge();
}

TEST(AudioPosition, CountsEachInterruptOnceWhateverTheFailure)
{
    for (int cut = 1; cut <= 2; ++cut) {
        Position p{};
        p.reset();
        Card card;
        for (L4_Word_t key = 1; key <= 10; ++key) {
            card.block_ended();
            handle(p, card, key, key % 3 == 0 ? cut : -1);      // every third fails ...
            if (key % 3 == 0)
                handle(p, card, key, -1);                        // ... and is replayed
        }
        EXPECT_EQ(p.played, 10u) << "cut after step " << cut;
    }
}

TEST(AudioPosition, AHandlingWithNothingPendingCountsNothing)
{
    Position p{};
    p.reset();
    Card card;
    card.block_ended();
    handle(p, card, 1, -1);
    // The kernel's message for an interrupt the position request counted
    // already (its key differs): the card says nothing is pending.
    handle(p, card, 2, -1);
    handle(p, card, 3, -1);
    EXPECT_EQ(p.played, 1u);
}

TEST(AudioPosition, ReplayAfterTheCommitDoesNotCountAgainEvenIfStillPending)
{
    Position p{};
    p.reset();
    Card card;
    card.block_ended();
    p.count(7, card.pending);          // committed, not acknowledged: still pending
    EXPECT_EQ(p.count(7, card.pending), 1u);
    EXPECT_EQ(p.played, 1u);
}

TEST(AudioPosition, WithoutTheCommitKeyAReplayCountsTwice)
{
    // What the key prevents: the same interrupt handled twice under two keys
    // while the card still shows it (a failure between count and acknowledge
    // whose replay does not know it counted) counts it twice.
    Position p{};
    p.reset();
    Card card;
    card.block_ended();
    p.count(7, card.pending);
    p.count(8, card.pending);
    EXPECT_EQ(p.played, 2u);
}

TEST(AudioBlocks, ABlockIsWritableOnceTheBlockBeforeItInItsHalfIsPlayed)
{
    EXPECT_TRUE(audio::writable(0, 0, State::opened));
    EXPECT_TRUE(audio::writable(1, 0, State::opened));
    EXPECT_FALSE(audio::writable(0, 0, State::playing));     // playing now
    EXPECT_FALSE(audio::writable(2, 0, State::opened));
    EXPECT_FALSE(audio::writable(2, 0, State::playing));     // half 0 still playing block 0
    EXPECT_TRUE(audio::writable(2, 1, State::playing));
    EXPECT_FALSE(audio::writable(3, 1, State::playing));
    EXPECT_TRUE(audio::writable(3, 2, State::paused));
    EXPECT_FALSE(audio::writable(3, 2, State::idle));
}

TEST(AudioFormat, RefusesWhatTheCardCannotPlay)
{
    EXPECT_EQ(audio::check({22050, 16, 2}), audio::FormatProblem::none);
    EXPECT_EQ(audio::check({5000, 8, 1}), audio::FormatProblem::none);
    EXPECT_EQ(audio::check({44100, 16, 2}), audio::FormatProblem::none);
    EXPECT_EQ(audio::check({48000, 16, 2}), audio::FormatProblem::rate);
    EXPECT_EQ(audio::check({4999, 16, 2}), audio::FormatProblem::rate);
    EXPECT_EQ(audio::check({22050, 24, 2}), audio::FormatProblem::bits);
    EXPECT_EQ(audio::check({22050, 16, 6}), audio::FormatProblem::channels);
    EXPECT_EQ(audio::check({22050, 16, 0}), audio::FormatProblem::channels);
}

} // namespace
