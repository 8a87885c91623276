// The console's VGA text terminal (servers/console/screen.cc) on a plain
// array of cells.
#include <gtest/gtest.h>
#include <string>
#include "screen.h"

namespace {

using console::Screen;

class ScreenTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (auto& c : cells)
            c = Screen::cell(' ', Screen::default_attribute);
    }

    void type(const std::string& text) { screen.write(text.data(), text.size()); }

    // Row `r` as text, trailing blanks removed.
    std::string row(unsigned r) const
    {
        std::string s;
        for (unsigned c = 0; c < Screen::columns; ++c)
            s += static_cast<char>(cells[r * Screen::columns + c] & 0xff);
        return s.substr(0, s.find_last_not_of(' ') + 1);
    }

    uint8_t attribute_at(unsigned r, unsigned c) const
    {
        return static_cast<uint8_t>(cells[r * Screen::columns + c] >> 8);
    }

    unsigned cursor_row() const { return screen.cursor() / Screen::columns; }
    unsigned cursor_column() const { return screen.cursor() % Screen::columns; }

    Screen::Cell cells[Screen::cells];
    Screen screen{cells};
};

TEST_F(ScreenTest, TextAndNewlines)
{
    type("msh% ps\nhello\n");
    EXPECT_EQ(row(0), "msh% ps");
    EXPECT_EQ(row(1), "hello");
    EXPECT_EQ(screen.cursor(), 2 * Screen::columns);
    EXPECT_EQ(attribute_at(0, 0), Screen::default_attribute);
}

TEST_F(ScreenTest, CarriageReturnOverwrites)
{
    type("abc\rX");
    EXPECT_EQ(row(0), "Xbc");
    EXPECT_EQ(screen.cursor(), 1u);
}

TEST_F(ScreenTest, BackspaceRubout)
{
    type("abc\b \b");
    EXPECT_EQ(row(0), "ab");
    EXPECT_EQ(screen.cursor(), 2u);
    type("\b\b\b\b");                   // never before the first cell
    EXPECT_EQ(screen.cursor(), 0u);
}

TEST_F(ScreenTest, RuboutAcrossTheWrap)
{
    type(std::string(Screen::columns, 'x'));
    EXPECT_EQ(cursor_row(), 1u);
    EXPECT_EQ(cursor_column(), 0u);
    type("\b \b");
    EXPECT_EQ(row(0), std::string(Screen::columns - 1, 'x'));
    EXPECT_EQ(cursor_row(), 0u);
    EXPECT_EQ(cursor_column(), Screen::columns - 1);
}

TEST_F(ScreenTest, TabsStopEveryEightColumns)
{
    type("a\tb\tc");
    EXPECT_EQ(row(0), "a       b       c");
    type(std::string(Screen::columns - 17 - 2, '-') + "\tX");   // at column 78: wraps
    EXPECT_EQ(row(1), "X");
}

TEST_F(ScreenTest, ScrollsAtTheBottom)
{
    for (unsigned i = 0; i < Screen::rows; ++i)
        type("line " + std::to_string(i) + "\n");
    EXPECT_EQ(row(0), "line 1");
    EXPECT_EQ(row(Screen::rows - 2), "line 24");
    EXPECT_EQ(row(Screen::rows - 1), "");
    EXPECT_EQ(cursor_row(), Screen::rows - 1);
    EXPECT_EQ(cursor_column(), 0u);
}

TEST_F(ScreenTest, WritingTheLastCellScrolls)
{
    type(std::string(Screen::cells, 'z'));
    EXPECT_EQ(row(Screen::rows - 2), std::string(Screen::columns, 'z'));
    EXPECT_EQ(row(Screen::rows - 1), "");
    EXPECT_EQ(screen.cursor(), (Screen::rows - 1) * Screen::columns);
}

TEST_F(ScreenTest, AdoptKeepsWhatIsThere)
{
    type("kernel says hello\nsecond line\n\n");
    Screen other{cells};
    other.adopt();
    EXPECT_EQ(other.cursor(), 2 * Screen::columns);
}

TEST_F(ScreenTest, AdoptAFullScreenScrolls)
{
    for (unsigned i = 0; i < Screen::rows; ++i)
        cells[i * Screen::columns] = Screen::cell('0' + i % 10, Screen::default_attribute);
    Screen other{cells};
    other.adopt();
    EXPECT_EQ(other.cursor(), (Screen::rows - 1) * Screen::columns);
    EXPECT_EQ(row(0), "1");
}

TEST_F(ScreenTest, AdoptAnEmptyScreen)
{
    screen.adopt();
    EXPECT_EQ(screen.cursor(), 0u);
}

TEST_F(ScreenTest, ClearBlanksEverything)
{
    type("abc\ndef");
    screen.clear();
    EXPECT_EQ(row(0), "");
    EXPECT_EQ(row(1), "");
    EXPECT_EQ(screen.cursor(), 0u);
}

TEST_F(ScreenTest, CursorMoves)
{
    type("\x1b[5;10H");
    EXPECT_EQ(cursor_row(), 4u);
    EXPECT_EQ(cursor_column(), 9u);
    type("\x1b[2A\x1b[3C");
    EXPECT_EQ(cursor_row(), 2u);
    EXPECT_EQ(cursor_column(), 12u);
    type("\x1b[B\x1b[D");               // default count 1
    EXPECT_EQ(cursor_row(), 3u);
    EXPECT_EQ(cursor_column(), 11u);
    type("\x1b[99A\x1b[999D");          // clipped to the screen
    EXPECT_EQ(screen.cursor(), 0u);
    type("\x1b[99;999H");
    EXPECT_EQ(screen.cursor(), Screen::cells - 1);
    type("\x1b[H");
    EXPECT_EQ(screen.cursor(), 0u);
}

TEST_F(ScreenTest, EraseInLine)
{
    type("abcdef\rab\x1b[K");
    EXPECT_EQ(row(0), "ab");
    type("\n123456\x1b[3D\x1b[1K");
    EXPECT_EQ(row(1), "    56");
    type("\x1b[2K");
    EXPECT_EQ(row(1), "");
}

TEST_F(ScreenTest, EraseInDisplay)
{
    type("one\ntwo\nthree");
    type("\x1b[2;2H\x1b[J");
    EXPECT_EQ(row(0), "one");
    EXPECT_EQ(row(1), "t");
    EXPECT_EQ(row(2), "");
    type("\x1b[2J");
    EXPECT_EQ(row(0), "");
}

TEST_F(ScreenTest, Colours)
{
    type("\x1b[1;31mR\x1b[0mn\x1b[44mb\x1b[7mr\x1b[mx");
    EXPECT_EQ(attribute_at(0, 0), 0x0c);        // bright red (VGA 4 | 8) on black
    EXPECT_EQ(attribute_at(0, 1), Screen::default_attribute);
    EXPECT_EQ(attribute_at(0, 2), 0x17);        // grey on blue
    EXPECT_EQ(attribute_at(0, 3), 0x71);        // reversed: blue on grey
    EXPECT_EQ(attribute_at(0, 4), Screen::default_attribute);
    EXPECT_EQ(row(0), "Rnbrx");
}

TEST_F(ScreenTest, UnknownSequencesAndControlsDrawNothing)
{
    type("a\x1b[?25lb\x1b[12;34;56;78;90zc\x1b" "7d\a\x01\x7f" "e");
    EXPECT_EQ(row(0), "abcde");
}

TEST_F(ScreenTest, SequencesSplitAcrossWrites)
{
    type("x\x1b");
    type("[");
    type("2");
    type("J");
    type("y");
    EXPECT_EQ(row(0), " y");
}

TEST_F(ScreenTest, HugeParametersAreClipped)
{
    type("\x1b[99999999999999999999;5H");
    EXPECT_EQ(cursor_row(), Screen::rows - 1);
    EXPECT_EQ(cursor_column(), 4u);
}

TEST_F(ScreenTest, HighBytesAreCodePage437)
{
    type("\xdb\xb0");
    EXPECT_EQ(cells[0] & 0xff, 0xdb);
    EXPECT_EQ(cells[1] & 0xff, 0xb0);
}

} // namespace
