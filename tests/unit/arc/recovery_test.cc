// Restart policies as text and words, names, injections (arc/protocol/recovery.h).
#include <gtest/gtest.h>
#include <cstring>
#include "arc/protocol/recovery.h"

namespace {

using namespace arc::recovery;

bool apply(Policy& p, const char* text)
{
    const char* bad = nullptr;
    return apply_settings(p, text, bad);
}

TEST(RecoveryPolicy, SettingsApply)
{
    Policy p;
    ASSERT_TRUE(apply(p, "first=hot last=group budget=5 window=1000 backoff=10 rejuvenate=60000"));
    EXPECT_EQ(p.first, Temperature::hot);
    EXPECT_EQ(p.last, Temperature::group);
    EXPECT_EQ(p.budget, 5u);
    EXPECT_EQ(p.window_ms, 1000u);
    EXPECT_EQ(p.backoff_ms, 10u);
    EXPECT_EQ(p.rejuvenate_ms, 60000u);
}

TEST(RecoveryPolicy, BadSettingChangesNothingAndIsPointedAt)
{
    Policy p;
    ASSERT_TRUE(apply(p, "first=warm"));
    const char* bad = nullptr;
    const char* text = "budget=3 first=lukewarm";
    EXPECT_FALSE(apply_settings(p, text, bad));
    EXPECT_EQ(bad, text + 9);
    EXPECT_EQ(p.budget, 0u);                   // all or nothing
    EXPECT_FALSE(apply(p, "budget=-1"));
    EXPECT_FALSE(apply(p, "budget=9999999999"));
    EXPECT_FALSE(apply(p, "colour=blue"));
    EXPECT_FALSE(apply(p, "first"));
    EXPECT_FALSE(apply(p, "first=fresh"));     // not a restart
    EXPECT_FALSE(apply(p, "last=none"));       // first=none says that
}

TEST(RecoveryPolicy, FirstAloneIsTheWholeLadder)
{
    Policy p;                                  // no restarts
    ASSERT_TRUE(apply(p, "first=warm"));
    EXPECT_EQ(p.last, Temperature::warm);
}

TEST(RecoveryPolicy, FirstAndLastKeepTheLadderUpright)
{
    Policy p;
    ASSERT_TRUE(apply(p, "first=cold"));
    EXPECT_EQ(p.last, Temperature::cold);      // pulled up
    ASSERT_TRUE(apply(p, "last=hot"));
    EXPECT_EQ(p.first, Temperature::hot);      // pulled down
}

TEST(RecoveryPolicy, DescribeReadsBack)
{
    Policy p;
    ASSERT_TRUE(apply(p, "first=warm last=reboot budget=2"));
    char text[128];
    describe(p, text, sizeof(text));
    EXPECT_STREQ(text, "first=warm last=reboot budget=2 window=0 backoff=0 rejuvenate=0");
    Policy q;
    ASSERT_TRUE(apply(q, text));
    EXPECT_EQ(q.first, p.first);
    EXPECT_EQ(q.last, p.last);
    EXPECT_EQ(q.budget, p.budget);
}

TEST(RecoveryPolicy, PackAndUnpack)
{
    Policy p;
    ASSERT_TRUE(apply(p, "first=hot last=cold budget=7 window=3 backoff=2 rejuvenate=1"));
    L4_Word_t words[policy_words];
    pack(p, words);
    Policy q;
    ASSERT_TRUE(unpack(q, words));
    EXPECT_EQ(q.budget, 7u);
    EXPECT_EQ(q.rejuvenate_ms, 1u);
    words[0] = 99;                             // no such temperature
    EXPECT_FALSE(unpack(q, words));
}

TEST(Injection, WordsParse)
{
    Injection i;
    ASSERT_TRUE(parse("wild", i));
    EXPECT_EQ(i, Injection::wild_write);
    EXPECT_STREQ(name(Injection::null_dereference), "null");
    EXPECT_FALSE(parse("explode", i));
}

TEST(Failure, DescribedForTheLog)
{
    char text[96];
    describe(Failure::page_fault, 0, 0x1234, 2, text, sizeof(text));
    EXPECT_STREQ(text, "page fault at 0x00000000 (write), ip 0x00001234");
    describe(Failure::exception, 0, 0x10, 0, text, sizeof(text));
    EXPECT_STREQ(text, "divide error (vector 0) at ip 0x00000010");
    describe(Failure::deadline, 0, 0, 200, text, sizeof(text));
    EXPECT_STREQ(text, "deadline of 200 ms missed");
}

} // namespace

// A server's own deadline holds unless it extended the request's; an
// extension is capped, so a stray write to the control page cannot turn
// hang detection off.
TEST(Deadline, ExtendedOnlyForTheRequestAndCapped)
{
    using arc::recovery::max_request_deadline_ms;
    using arc::recovery::request_deadline;
    EXPECT_EQ(request_deadline(1000, 0), 1000u);
    EXPECT_EQ(request_deadline(0, 0), 0u);
    EXPECT_EQ(request_deadline(1000, 21000), 21000u);
    EXPECT_EQ(request_deadline(0, 5000), 5000u);
    EXPECT_EQ(request_deadline(1000, 0xffffffffu), max_request_deadline_ms);
}
