// rt::print goes through rt_write in buffer-sized pieces.
#include <gtest/gtest.h>
#include <string>
#include "host_hooks.h"
#include "rt/panic.h"
#include "rt/print.h"
#include "rt/assert.h"
#include "rt/hooks.h"

namespace {

TEST(Print, WritesFormattedText)
{
    test::echo_to_stderr(false);
    test::captured_output().clear();
    EXPECT_EQ(rt::print("value=%d name=%s\n", -3, "rt"), 17);
    EXPECT_EQ(test::captured_output(), "value=-3 name=rt\n");
    test::echo_to_stderr(true);
}

TEST(Print, LongOutputIsComplete)
{
    test::echo_to_stderr(false);
    test::captured_output().clear();
    std::string expected;
    for (int i = 0; i < 100; ++i)
        expected += "0123456789";
    EXPECT_EQ(rt::print("%s|%400d", expected.c_str(), 7), 1401);
    EXPECT_EQ(test::captured_output(), expected + "|" + std::string(399, ' ') + "7");
    test::echo_to_stderr(true);
}

TEST(PanicDeathTest, PanicPrintsMessageAndExits)
{
    EXPECT_EXIT(rt::panic("disk %d on fire", 3), testing::ExitedWithCode(rt::exit_panic),
                "panic: disk 3 on fire\n");
}

TEST(PanicDeathTest, AssertReportsExpressionFileAndLine)
{
    int answer = 41;
    EXPECT_EXIT(RT_ASSERT(answer == 42), testing::ExitedWithCode(rt::exit_panic),
                "assertion failed: answer == 42 \\(.*print_test.cc:[0-9]+, in .*\\)");
}

} // namespace
