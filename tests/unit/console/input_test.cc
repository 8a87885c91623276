// The console's input queue and line-end translation (servers/console/input.cc).
#include <gtest/gtest.h>
#include <string>
#include "input.h"

namespace {

using console::InputQueue;
using console::LineEnds;

std::string take(InputQueue& q, size_t max)
{
    char out[InputQueue::capacity];
    size_t n = q.peek(out, max);
    q.drop(n);
    return std::string(out, n);
}

void add(InputQueue& q, const std::string& text, LineEnds& ends)
{
    q.add(text.data(), text.size(), ends);
}

TEST(ConsoleInput, LineEndsBecomeOneNewline)
{
    InputQueue q;
    LineEnds ends;
    add(q, "a\rb\nc\r\nd\n\re\r\r", ends);
    EXPECT_EQ(take(q, 100), "a\nb\nc\nd\n\ne\n\n");
}

TEST(ConsoleInput, CrLfSplitAcrossInterrupts)
{
    InputQueue q;
    LineEnds ends;
    add(q, "ls\r", ends);
    add(q, "\nx", ends);
    EXPECT_EQ(take(q, 100), "ls\nx");
}

TEST(ConsoleInput, EachSourceHasItsOwnLineEnds)
{
    InputQueue q;
    LineEnds serial, keyboard;
    add(q, "a\r", serial);
    add(q, "\n", keyboard);             // the keyboard's Enter, not the serial CR's LF
    EXPECT_EQ(take(q, 100), "a\n\n");
}

TEST(ConsoleInput, PeekLeavesDropRemoves)
{
    InputQueue q;
    LineEnds ends;
    add(q, "hello", ends);
    char out[8];
    EXPECT_EQ(q.peek(out, 3), 3u);
    EXPECT_EQ(std::string(out, 3), "hel");
    EXPECT_EQ(q.available(), 5u);
    q.drop(3);
    EXPECT_EQ(take(q, 100), "lo");
    q.drop(10);                         // more than there is: empties
    EXPECT_EQ(q.available(), 0u);
}

TEST(ConsoleInput, WrapsAround)
{
    InputQueue q;
    LineEnds ends;
    for (int round = 0; round < 5; ++round) {
        std::string text(InputQueue::capacity - 7, char('a' + round));
        add(q, text, ends);
        EXPECT_EQ(take(q, InputQueue::capacity), text);
    }
}

TEST(ConsoleInput, FullQueueDropsAndCounts)
{
    InputQueue q;
    LineEnds ends;
    add(q, std::string(InputQueue::capacity + 10, 'x'), ends);
    EXPECT_EQ(q.available(), InputQueue::capacity);
    EXPECT_EQ(q.dropped(), 10u);
    q.drop(1);
    q.push('y');
    std::string all = take(q, InputQueue::capacity);
    EXPECT_EQ(all.back(), 'y');
}

} // namespace
