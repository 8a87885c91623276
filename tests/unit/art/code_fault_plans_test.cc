// ART's table of load-time fault plans.
#include <gtest/gtest.h>
#include <cstring>
#include "code_fault_plans.h"

namespace {

using art::CodeFaultPlans;
using Outcome = art::CodeFaultPlans::Outcome;

arc::code_faults::Plan plan(const char* generator, L4_Word_t count, uint64_t seed)
{
    arc::code_faults::Plan p;
    std::strncpy(p.generator, generator, sizeof(p.generator) - 1);
    p.count = count;
    p.seed = seed;
    return p;
}

TEST(CodeFaultPlans, SetFindAndClear)
{
    CodeFaultPlans plans;
    EXPECT_TRUE(plans.find("pata").empty());
    EXPECT_EQ(plans.change("pata", plan("off-by-one", 3, 1ull << 40 | 7)), Outcome::set);
    arc::code_faults::Plan p = plans.find("pata");
    EXPECT_STREQ(p.generator, "off-by-one");
    EXPECT_EQ(p.count, 3u);
    EXPECT_EQ(p.seed, 1ull << 40 | 7);
    EXPECT_TRUE(plans.find("ext2").empty());
    EXPECT_EQ(plans.change("pata", plan("nop", 1, 2)), Outcome::set);     // replaced
    EXPECT_STREQ(plans.find("pata").generator, "nop");
    EXPECT_EQ(plans.change("pata", plan("none", 0, 0)), Outcome::cleared);
    EXPECT_TRUE(plans.find("pata").empty());
}

TEST(CodeFaultPlans, RefusesWhatItCannotDo)
{
    CodeFaultPlans plans;
    EXPECT_EQ(plans.change("pata", plan("cosmic-ray", 1, 1)), Outcome::unknown_generator);
    EXPECT_EQ(plans.change("pata", plan("nop", 0, 1)), Outcome::bad_count);
    EXPECT_EQ(plans.change("pata", plan("nop", 33, 1)), Outcome::bad_count);
    EXPECT_EQ(plans.change("", plan("nop", 1, 1)), Outcome::bad_program);
    EXPECT_EQ(plans.change("a-program-name-far-too-long-for-the-table", plan("nop", 1, 1)), Outcome::bad_program);
    EXPECT_TRUE(plans.find("pata").empty());
    char name[8];
    for (unsigned k = 0; k < CodeFaultPlans::max_programs; ++k) {
        std::snprintf(name, sizeof(name), "p%u", k);
        EXPECT_EQ(plans.change(name, plan("nop", 1, 1)), Outcome::set);
    }
    EXPECT_EQ(plans.change("one-more", plan("nop", 1, 1)), Outcome::full);
}

} // namespace
