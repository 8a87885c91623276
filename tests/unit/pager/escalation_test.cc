// The P3's escalation ladder and restart budget (pager/escalation.h).
#include <gtest/gtest.h>
#include "escalation.h"

namespace {

using arc::recovery::Policy;
using arc::recovery::Temperature;
using p3::Escalation;

Policy ladder(Temperature first, Temperature last)
{
    Policy p;
    p.first = first;
    p.last = last;
    return p;
}

TEST(Escalation, NoneMeansNoRestart)
{
    Escalation e;
    EXPECT_EQ(e.on_failure(Policy{}, 0, false).temperature, Temperature::none);
}

TEST(Escalation, EachFailureWhileRecoveringClimbsOneStep)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::reboot);
    EXPECT_EQ(e.on_failure(p, 0, false).temperature, Temperature::hot);
    EXPECT_EQ(e.on_failure(p, 1, true).temperature, Temperature::warm);
    EXPECT_EQ(e.on_failure(p, 2, true).temperature, Temperature::cold);
    EXPECT_EQ(e.on_failure(p, 3, true).temperature, Temperature::group);
    EXPECT_EQ(e.on_failure(p, 4, true).temperature, Temperature::reboot);
    EXPECT_EQ(e.on_failure(p, 5, true).temperature, Temperature::none);
}

TEST(Escalation, AFreshFailureStartsAtTheFirstStepAgain)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::cold);
    e.on_failure(p, 0, false);
    EXPECT_EQ(e.on_failure(p, 1, true).temperature, Temperature::warm);
    EXPECT_EQ(e.on_failure(p, 2, false).temperature, Temperature::hot);
}

TEST(Escalation, AFailureInInitializeRestartsCold)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::reboot);
    EXPECT_EQ(e.on_failure(p, 0, false, true).temperature, Temperature::cold);
    // Failing in Initialize() again after the cold restart climbs on.
    EXPECT_EQ(e.on_failure(p, 1, true, true).temperature, Temperature::group);
    // Once it is up, a fresh failure starts at the first step again.
    EXPECT_EQ(e.on_failure(p, 2, false).temperature, Temperature::hot);
}

TEST(Escalation, AFailureInInitializeEndsAProcessThatMayNotRestartCold)
{
    Escalation e;
    Escalation::Decision d = e.on_failure(ladder(Temperature::hot, Temperature::warm), 0, false, true);
    EXPECT_EQ(d.temperature, Temperature::none);
    EXPECT_STREQ(d.why, "it failed in Initialize(), and its policy allows no cold restart");
    // Past the last step after a cold restart it is the usual end.
    Escalation f;
    Policy p = ladder(Temperature::hot, Temperature::cold);
    EXPECT_EQ(f.on_failure(p, 0, false, true).temperature, Temperature::cold);
    d = f.on_failure(p, 1, true, true);
    EXPECT_EQ(d.temperature, Temperature::none);
    EXPECT_STREQ(d.why, "recovery failed at the coldest restart its policy allows");
}

TEST(Escalation, StopsAtTheLastStep)
{
    Escalation e;
    Policy p = ladder(Temperature::warm, Temperature::warm);
    EXPECT_EQ(e.on_failure(p, 0, false).temperature, Temperature::warm);
    Escalation::Decision d = e.on_failure(p, 1, true);
    EXPECT_EQ(d.temperature, Temperature::none);
    EXPECT_STRNE(d.why, "");
}

TEST(Escalation, BudgetPerWindow)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::cold);
    p.budget = 2;
    p.window_ms = 1000;
    EXPECT_EQ(e.on_failure(p, 0, false).temperature, Temperature::hot);
    EXPECT_EQ(e.on_failure(p, 100, false).temperature, Temperature::hot);
    EXPECT_EQ(e.on_failure(p, 200, false).temperature, Temperature::none);   // a third within the second
    EXPECT_EQ(e.on_failure(p, 1500, false).temperature, Temperature::hot);   // a new window
}

TEST(Escalation, BudgetWithoutWindowIsForLife)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::cold);
    p.budget = 1;
    EXPECT_EQ(e.on_failure(p, 0, false).temperature, Temperature::hot);
    EXPECT_EQ(e.on_failure(p, 1000000, false).temperature, Temperature::none);
}

TEST(Escalation, BackoffDoublesWithinTheWindow)
{
    Escalation e;
    Policy p = ladder(Temperature::hot, Temperature::cold);
    p.budget = 10;
    p.window_ms = 100000;
    p.backoff_ms = 5;
    EXPECT_EQ(e.on_failure(p, 0, false).delay_ms, 0u);
    EXPECT_EQ(e.on_failure(p, 1, false).delay_ms, 5u);
    EXPECT_EQ(e.on_failure(p, 2, false).delay_ms, 10u);
    EXPECT_EQ(e.on_failure(p, 3, false).delay_ms, 20u);
}

} // namespace
