// The counter's accounts (servers/counter/accounts.h): an add interrupted
// after any store, then recovered and replayed, adds exactly once; a stray
// write is refused.
#include <gtest/gtest.h>
#include <csetjmp>
#include "accounts.h"

namespace {

using counter::Accounts;

// Stops an add at its n-th pause, as a crash there would.
std::jmp_buf crash;
int pauses_left;
void pause_or_crash()
{
    if (pauses_left-- == 0)
        std::longjmp(crash, 1);
}

// Adds `amount` to account 3 as request `sequence`, crashing at pause
// `crash_at` (-1: never), then recovers and replays as the framework does.
void add_with_crash(Accounts& a, uint32_t sequence, uint32_t amount, int crash_at)
{
    pauses_left = crash_at;
    if (setjmp(crash) == 0) {
        a.log_change(sequence, 3, amount, pause_or_crash);
        a.apply(pause_or_crash);
        return;
    }
    ASSERT_TRUE(a.recover());
    pauses_left = -1;
    a.log_change(sequence, 3, amount, pause_or_crash);
    a.apply(pause_or_crash);
}

TEST(Accounts, AnAddInterruptedAnywhereCountsOnce)
{
    // log_change pauses 3 times, apply once: crash at each in turn.
    for (int crash_at = -1; crash_at < 4; ++crash_at) {
        Accounts a;
        a.reset();
        add_with_crash(a, 1, 10, -1);
        add_with_crash(a, 2, 5, crash_at);
        EXPECT_EQ(a.totals[3], 15u) << "crash at pause " << crash_at;
        EXPECT_TRUE(a.intact());
    }
}

TEST(Accounts, ARecoveredChangeIsNotAppliedTwice)
{
    Accounts a;
    a.reset();
    add_with_crash(a, 1, 10, -1);
    ASSERT_TRUE(a.recover());                  // a restart after a finished add
    ASSERT_TRUE(a.recover());
    EXPECT_EQ(a.totals[3], 10u);
}

TEST(Accounts, AStrayWriteIsRefused)
{
    Accounts a;
    a.reset();
    add_with_crash(a, 1, 10, -1);
    a.totals[7] = ~a.totals[7];
    EXPECT_FALSE(a.intact());
    EXPECT_FALSE(a.recover());
    Accounts b;
    b.reset();
    add_with_crash(b, 1, 10, -1);
    b.log.after = 999;                         // the log itself damaged
    EXPECT_FALSE(b.recover());
}

} // namespace
