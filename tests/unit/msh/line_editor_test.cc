#include <gtest/gtest.h>
#include <string>
#include "line_editor.h"

namespace {

using msh::LineEditor;
using Result = LineEditor::Result;

// A line editor whose echo is collected in a string.
struct Editor {
    std::string echo;
    LineEditor editor{rt::Sink{&Editor::collect, this}};

    static void collect(void* self, const char* text, size_t length)
    {
        static_cast<Editor*>(self)->echo.append(text, length);
    }

    // Feeds every character; returns the last result that was not none.
    Result type(const std::string& keys)
    {
        Result last = Result::none;
        for (char c : keys) {
            Result r = editor.feed(c);
            if (r != Result::none)
                last = r;
        }
        return last;
    }
};

const std::string up = "\x1b[A";
const std::string down = "\x1b[B";

TEST(LineEditor, PrintableCharactersAreEchoedAndKept)
{
    Editor e;
    EXPECT_EQ(e.type("ls ram:/"), Result::none);
    EXPECT_STREQ(e.editor.current(), "ls ram:/");
    EXPECT_EQ(e.echo, "ls ram:/");
}

TEST(LineEditor, EnterCompletesTheLine)
{
    Editor e;
    EXPECT_EQ(e.type("help\r"), Result::line);
    EXPECT_STREQ(e.editor.line(), "help");
    EXPECT_STREQ(e.editor.current(), "");
    EXPECT_EQ(e.echo, "help\n");
}

TEST(LineEditor, LineFeedAloneCompletesTheLine)
{
    Editor e;
    EXPECT_EQ(e.type("mem\n"), Result::line);
    EXPECT_STREQ(e.editor.line(), "mem");
}

TEST(LineEditor, CarriageReturnLineFeedIsOneEnter)
{
    Editor e;
    EXPECT_EQ(e.type("ps\r"), Result::line);
    EXPECT_EQ(e.editor.feed('\n'), Result::none);
    EXPECT_EQ(e.echo, "ps\n");
    // A second LF after the swallowed one is an empty line of its own.
    EXPECT_EQ(e.editor.feed('\n'), Result::line);
    EXPECT_STREQ(e.editor.line(), "");
}

TEST(LineEditor, BackspaceAndDeleteEraseTheLastCharacter)
{
    Editor e;
    e.type("lsx\x7f");
    EXPECT_STREQ(e.editor.current(), "ls");
    e.type("\b");
    EXPECT_STREQ(e.editor.current(), "l");
    EXPECT_EQ(e.echo, "lsx\b \b\b \b");
}

TEST(LineEditor, BackspaceOnAnEmptyLineDoesNothing)
{
    Editor e;
    e.type("\x7f\x7f");
    EXPECT_STREQ(e.editor.current(), "");
    EXPECT_EQ(e.echo, "");
}

TEST(LineEditor, CtrlUClearsTheLine)
{
    Editor e;
    e.type("abc\x15");
    EXPECT_STREQ(e.editor.current(), "");
    EXPECT_EQ(e.echo, "abc\b \b\b \b\b \b");
    EXPECT_EQ(e.type("x\r"), Result::line);
    EXPECT_STREQ(e.editor.line(), "x");
}

TEST(LineEditor, CtrlCCancelsTheLine)
{
    Editor e;
    EXPECT_EQ(e.type("ram:hello\x03"), Result::cancelled);
    EXPECT_STREQ(e.editor.current(), "");
    EXPECT_EQ(e.echo, "ram:hello^C\n");
    EXPECT_EQ(e.editor.history_count(), 0u);
}

TEST(LineEditor, OtherControlCharactersAreIgnored)
{
    Editor e;
    e.type("a\tb\x07\x01");
    EXPECT_STREQ(e.editor.current(), "ab");
    EXPECT_EQ(e.echo, "ab");
}

TEST(LineEditor, NonAsciiBytesAreIgnored)
{
    Editor e;
    e.type("a\xc3\xa9z");
    EXPECT_STREQ(e.editor.current(), "az");
}

TEST(LineEditor, AFullLineDropsFurtherCharacters)
{
    Editor e;
    std::string longest(LineEditor::max_line, 'x');
    e.type(longest + "yz");
    EXPECT_EQ(e.editor.length(), LineEditor::max_line);
    EXPECT_EQ(e.echo, longest);
    EXPECT_EQ(e.type("\r"), Result::line);
    EXPECT_EQ(std::string(e.editor.line()), longest);
}

TEST(LineEditor, UpRecallsThePreviousLine)
{
    Editor e;
    e.type("echo one\r");
    e.type("echo two\r");
    e.echo.clear();
    e.type(up);
    EXPECT_STREQ(e.editor.current(), "echo two");
    EXPECT_EQ(e.echo, "echo two");
    e.type(up);
    EXPECT_STREQ(e.editor.current(), "echo one");
    EXPECT_EQ(e.type("\r"), Result::line);
    EXPECT_STREQ(e.editor.line(), "echo one");
}

TEST(LineEditor, UpPastTheOldestStays)
{
    Editor e;
    e.type("only\r");
    e.type(up + up + up);
    EXPECT_STREQ(e.editor.current(), "only");
}

TEST(LineEditor, DownReturnsToTheDraft)
{
    Editor e;
    e.type("first\r");
    e.type("dra");
    e.type(up);
    EXPECT_STREQ(e.editor.current(), "first");
    e.type(down);
    EXPECT_STREQ(e.editor.current(), "dra");
    e.type(down);   // nothing newer than the draft
    EXPECT_STREQ(e.editor.current(), "dra");
}

TEST(LineEditor, RecallErasesTheShownLineOnTheTerminal)
{
    Editor e;
    e.type("ab\r");
    e.type("xyz");
    e.echo.clear();
    e.type(up);
    EXPECT_EQ(e.echo, "\b \b\b \b\b \bab");
}

TEST(LineEditor, ApplicationModeArrowsWorkToo)
{
    Editor e;
    e.type("ps\r");
    e.type("\x1bOA");
    EXPECT_STREQ(e.editor.current(), "ps");
}

TEST(LineEditor, OtherEscapeSequencesLeaveNoTrace)
{
    Editor e;
    e.type("a\x1b[C\x1b[D\x1b[3~\x1b[1;5Ab");
    EXPECT_STREQ(e.editor.current(), "ab");
    EXPECT_EQ(e.echo, "ab");
}

TEST(LineEditor, UpWithoutHistoryDoesNothing)
{
    Editor e;
    e.type("x" + up);
    EXPECT_STREQ(e.editor.current(), "x");
}

TEST(LineEditor, BlankAndRepeatedLinesAreNotRemembered)
{
    Editor e;
    e.type("\r   \rps\rps\rmem\r");
    ASSERT_EQ(e.editor.history_count(), 2u);
    EXPECT_STREQ(e.editor.history(0), "mem");
    EXPECT_STREQ(e.editor.history(1), "ps");
}

TEST(LineEditor, HistoryKeepsTheNewestLines)
{
    Editor e;
    for (size_t i = 0; i < LineEditor::history_lines + 3; ++i)
        e.type("echo " + std::to_string(i) + "\r");
    EXPECT_EQ(e.editor.history_count(), LineEditor::history_lines);
    EXPECT_EQ(std::string(e.editor.history(0)), "echo " + std::to_string(LineEditor::history_lines + 2));
    EXPECT_EQ(std::string(e.editor.history(LineEditor::history_lines - 1)), "echo 3");
    EXPECT_STREQ(e.editor.history(LineEditor::history_lines), "");
}

TEST(LineEditor, EditingARecalledLineDoesNotChangeHistory)
{
    Editor e;
    e.type("echo a\r");
    e.type(up + "\x7f" + "b\r");
    EXPECT_STREQ(e.editor.line(), "echo b");
    EXPECT_STREQ(e.editor.history(1), "echo a");
    EXPECT_STREQ(e.editor.history(0), "echo b");
}

} // namespace
