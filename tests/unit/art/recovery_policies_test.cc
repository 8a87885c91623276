// ART's table of restart policies (root-task/recovery_policies.h).
#include <gtest/gtest.h>
#include <cstring>
#include "recovery_policies.h"

namespace {

using arc::recovery::Temperature;
using art::RecoveryPolicies;

bool parse(RecoveryPolicies& t, const char* text, unsigned* line = nullptr)
{
    unsigned bad_line = 0;
    const char* reason = nullptr;
    bool ok = t.parse(text, strlen(text), bad_line, reason);
    if (line)
        *line = bad_line;
    return ok;
}

TEST(RecoveryPolicies, DefaultAndNamedPrograms)
{
    RecoveryPolicies t;
    ASSERT_TRUE(parse(t, "# comment\n*  first=cold\n\ncounter first=hot last=group\n"));
    EXPECT_EQ(t.find("counter").first, Temperature::hot);
    EXPECT_EQ(t.find("counter").last, Temperature::group);
    EXPECT_EQ(t.find("hello").first, Temperature::cold);
    EXPECT_EQ(t.count(), 1u);
}

TEST(RecoveryPolicies, NothingSaidMeansNoRestart)
{
    RecoveryPolicies t;
    ASSERT_TRUE(parse(t, ""));
    EXPECT_EQ(t.find("anything").first, Temperature::none);
}

TEST(RecoveryPolicies, ANewProgramStartsFromTheDefault)
{
    RecoveryPolicies t;
    ASSERT_TRUE(parse(t, "* first=hot last=warm budget=3\n"));
    const char* bad;
    ASSERT_TRUE(t.change("pata", "last=cold", bad));
    EXPECT_EQ(t.find("pata").first, Temperature::hot);
    EXPECT_EQ(t.find("pata").last, Temperature::cold);
    EXPECT_EQ(t.find("pata").budget, 3u);
    EXPECT_EQ(t.find("ext2").last, Temperature::warm);
}

TEST(RecoveryPolicies, BadLinesAreNamed)
{
    RecoveryPolicies t;
    unsigned line = 0;
    EXPECT_FALSE(parse(t, "counter first=hot\ncounter first=boiling\n", &line));
    EXPECT_EQ(line, 2u);
    const char* bad;
    EXPECT_FALSE(t.change("counter", "budget=x", bad));
    EXPECT_STREQ(bad, "budget=x");
    EXPECT_FALSE(t.change("a-name-much-too-long-for-the-table-of-names", "first=hot", bad));
}

TEST(RecoveryPolicies, TableFull)
{
    RecoveryPolicies t;
    const char* bad;
    char name[16];
    for (unsigned i = 0; i < RecoveryPolicies::max_programs; ++i) {
        snprintf(name, sizeof(name), "p%u", i);
        ASSERT_TRUE(t.change(name, "first=hot", bad));
    }
    EXPECT_FALSE(t.change("one-more", "first=hot", bad));
    EXPECT_EQ(bad, nullptr);
    EXPECT_TRUE(t.change("p3", "first=warm", bad));    // changing a known one still works
}

} // namespace
