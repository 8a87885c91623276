// The VGA text screen as a small terminal: 80x25 cells of character and
// attribute, a cursor, scrolling, the control characters \n \r \b \t, and the
// few ANSI sequences programs use (cursor moves, erase, colours). It only
// touches the cell array it is given, so the host unit tests
// (tests/unit/console) drive it with a plain array and the server with the
// mapped screen at 0xB8000. Freestanding.
//
//   \n         next line, column 0 (programs print bare \n; the serial side
//              turns it into CR LF)
//   wrapping   immediate, as in the kernel's console: after the last column
//              the cursor is at the next row's start, so "\b \b" (the shell's
//              rubout) erases across the wrap
//   \r         column 0
//   \b         one cell back, to the end of the previous row at column 0 (a
//              line longer than a row is erased by "\b \b" across the wrap)
//   \t         next multiple of 8, wrapping at the end of the row
//   ESC [ n A/B/C/D   cursor up/down/right/left (n defaults to 1)
//   ESC [ r;c H (or f)   cursor to row r, column c (1-based, default 1;1)
//   ESC [ n J  erase: 0 to the end of the screen, 1 to the cursor, 2 all
//   ESC [ n K  erase in the row: 0 to its end, 1 to the cursor, 2 all of it
//   ESC [ ... m   0 reset, 1 bright, 22 normal, 7 reverse, 27 not reversed,
//              30-37/90-97 foreground, 40-47 background, 39/49 defaults
//   other controls, other sequences: consumed, nothing drawn
//   bytes 0x20..0xff: drawn as code page 437 characters
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace console {

class Screen {
public:
    static constexpr unsigned columns = 80;
    static constexpr unsigned rows = 25;
    static constexpr unsigned cells = columns * rows;
    static constexpr unsigned tab_width = 8;
    // Light grey on black, as the BIOS and the kernel leave the screen.
    static constexpr uint8_t default_attribute = 0x07;
    // An attribute: foreground colour in bits 0..2, bright in bit 3,
    // background colour in bits 4..6.
    static constexpr uint8_t colour_mask = 0x07;
    static constexpr unsigned background_shift = 4;

    // A cell: the character in the low byte, the attribute in the high byte.
    using Cell = uint16_t;
    static constexpr Cell cell(uint8_t character, uint8_t attribute)
    {
        return static_cast<Cell>(character | attribute << 8);
    }

    explicit Screen(volatile Cell* memory) : memory_(memory) {}

    // Takes over what is on the screen: the cursor goes to the start of the
    // row after the last one with text (the kernel's boot messages stay).
    void adopt();
    void clear();

    void write(const char* text, size_t length);
    void put(char c);

    // The cursor as a cell index, row * columns + column.
    unsigned cursor() const { return cursor_; }
    // The attribute text is drawn with now (colours, brightness, reverse).
    uint8_t attribute() const;

private:
    enum class State : uint8_t { text, escape, csi };
    static constexpr unsigned max_parameters = 4;

    void draw(uint8_t c);
    void control(char c);
    void escape(char c);
    void csi(char c);
    void finish_sequence(char final);
    void move_cursor(int down, int right);
    void set_cursor(unsigned row, unsigned column);
    void erase_display(unsigned mode);
    void erase_line(unsigned mode);
    void select_graphics();
    void blank(unsigned from, unsigned to);      // cells [from, to)
    void scroll_up();
    unsigned parameter(unsigned index, unsigned fallback) const;

    unsigned row() const { return cursor_ / columns; }
    unsigned column() const { return cursor_ % columns; }

    volatile Cell* memory_;
    unsigned cursor_ = 0;
    // Colours as VGA numbers (0..7); bright sets the foreground's intensity bit.
    uint8_t foreground_ = default_attribute & colour_mask;
    uint8_t background_ = default_attribute >> background_shift;
    bool bright_ = false;
    bool reverse_ = false;
    State state_ = State::text;
    unsigned parameters_[max_parameters] = {};
    unsigned parameter_count_ = 0;     // parameters started so far
};

} // namespace console
