#include "screen.h"

namespace console {

namespace {
// Control characters and the parts of an ANSI control sequence.
constexpr char bell = '\a';
constexpr char backspace = '\b';
constexpr char tab = '\t';
constexpr char line_feed = '\n';
constexpr char carriage_return = '\r';
constexpr char escape_char = 0x1b;
constexpr char delete_char = 0x7f;
constexpr char first_printable = ' ';
constexpr char csi_introducer = '[';      // ESC [ starts a control sequence
constexpr char parameter_separator = ';';
constexpr char first_final = 0x40;        // '@'..'~' end a control sequence
constexpr char last_final = 0x7e;
constexpr unsigned max_parameter = 9999;  // larger numbers are clipped

constexpr uint8_t bright_bit = 0x08;      // of an attribute's foreground

// SGR parameters (ESC [ ... m).
constexpr unsigned sgr_reset = 0, sgr_bright = 1, sgr_normal = 22, sgr_reverse = 7,
                   sgr_not_reversed = 27, sgr_foreground = 30, sgr_default_foreground = 39,
                   sgr_background = 40, sgr_default_background = 49, sgr_bright_foreground = 90;
constexpr unsigned ansi_colours = 8;
// ANSI numbers colours black, red, green, yellow, blue, magenta, cyan, white;
// VGA black, blue, green, cyan, red, magenta, brown, grey.
constexpr uint8_t vga_colour[ansi_colours] = {0, 4, 2, 6, 1, 5, 3, 7};

// Final bytes of the control sequences this terminal knows.
constexpr char cursor_up = 'A', cursor_down = 'B', cursor_right = 'C', cursor_left = 'D',
               cursor_position = 'H', cursor_position_alt = 'f', erase_in_display = 'J',
               erase_in_line = 'K', select_graphic_rendition = 'm';

// Erase modes of ESC [ n J and ESC [ n K.
constexpr unsigned erase_to_end = 0, erase_to_cursor = 1, erase_all = 2;
} // namespace

uint8_t Screen::attribute() const
{
    uint8_t fg = static_cast<uint8_t>(foreground_ | (bright_ ? bright_bit : 0));
    uint8_t bg = background_;
    if (reverse_) {
        // The background has no intensity bit (it means blinking): drop it.
        uint8_t swapped = static_cast<uint8_t>(fg & ~bright_bit);
        fg = bg;
        bg = swapped;
    }
    return static_cast<uint8_t>(fg | bg << background_shift);
}

void Screen::adopt()
{
    unsigned used = 0;        // rows up to the last with text
    for (unsigned i = 0; i < cells; ++i) {
        uint8_t c = static_cast<uint8_t>(memory_[i]);
        if (c != ' ' && c != 0)
            used = i / columns + 1;
    }
    cursor_ = used * columns;
    if (cursor_ >= cells)
        scroll_up();
}

void Screen::clear()
{
    blank(0, cells);
    cursor_ = 0;
}

void Screen::write(const char* text, size_t length)
{
    for (size_t i = 0; i < length; ++i)
        put(text[i]);
}

void Screen::put(char c)
{
    switch (state_) {
    case State::escape:
        return escape(c);
    case State::csi:
        return csi(c);
    case State::text:
        break;
    }
    uint8_t byte = static_cast<uint8_t>(c);
    if (byte < static_cast<uint8_t>(first_printable) || c == delete_char)
        return control(c);
    draw(byte);
}

void Screen::draw(uint8_t c)
{
    memory_[cursor_] = cell(c, attribute());
    if (++cursor_ >= cells)
        scroll_up();
}

void Screen::control(char c)
{
    switch (c) {
    case line_feed:
        cursor_ = (row() + 1) * columns;
        if (cursor_ >= cells)
            scroll_up();
        return;
    case carriage_return:
        cursor_ = row() * columns;
        return;
    case backspace:
        if (cursor_ > 0)
            --cursor_;
        return;
    case tab:
        cursor_ = row() * columns + (column() / tab_width + 1) * tab_width;
        if (cursor_ >= cells)
            scroll_up();
        return;
    case escape_char:
        state_ = State::escape;
        return;
    case bell:
    default:
        return;             // nothing to draw for the other controls
    }
}

void Screen::escape(char c)
{
    if (c == csi_introducer) {
        state_ = State::csi;
        parameter_count_ = 0;
        for (unsigned& p : parameters_)
            p = 0;
        return;
    }
    // ESC and one more character (ESC c, ESC 7 ...): not supported, consumed.
    state_ = State::text;
}

void Screen::csi(char c)
{
    if (c >= '0' && c <= '9') {
        if (parameter_count_ == 0)
            parameter_count_ = 1;
        unsigned& p = parameters_[parameter_count_ - 1];
        p = p * 10 + static_cast<unsigned>(c - '0');
        if (p > max_parameter)
            p = max_parameter;
        return;
    }
    if (c == parameter_separator) {
        if (parameter_count_ == 0)
            parameter_count_ = 1;       // ";5H": an empty first parameter
        if (parameter_count_ < max_parameters)
            ++parameter_count_;
        else
            parameters_[max_parameters - 1] = 0;   // extra parameters are dropped
        return;
    }
    if (c >= first_final && c <= last_final) {
        state_ = State::text;
        finish_sequence(c);
        return;
    }
    if (c == escape_char) {
        state_ = State::escape;         // a broken sequence, and a new one
        return;
    }
    // Intermediate and private-marker bytes (?, space ...): keep reading.
}

unsigned Screen::parameter(unsigned index, unsigned fallback) const
{
    if (index >= parameter_count_ || parameters_[index] == 0)
        return fallback;
    return parameters_[index];
}

void Screen::finish_sequence(char final)
{
    int n = static_cast<int>(parameter(0, 1));
    switch (final) {
    case cursor_up: return move_cursor(-n, 0);
    case cursor_down: return move_cursor(n, 0);
    case cursor_right: return move_cursor(0, n);
    case cursor_left: return move_cursor(0, -n);
    case cursor_position:
    case cursor_position_alt: return set_cursor(parameter(0, 1) - 1, parameter(1, 1) - 1);
    case erase_in_display: return erase_display(parameter(0, erase_to_end));
    case erase_in_line: return erase_line(parameter(0, erase_to_end));
    case select_graphic_rendition: return select_graphics();
    default: return;        // a sequence this terminal does not know: ignored
    }
}

void Screen::move_cursor(int down, int right)
{
    int r = static_cast<int>(row()) + down, c = static_cast<int>(column()) + right;
    r = r < 0 ? 0 : r >= static_cast<int>(rows) ? rows - 1 : r;
    c = c < 0 ? 0 : c >= static_cast<int>(columns) ? columns - 1 : c;
    set_cursor(static_cast<unsigned>(r), static_cast<unsigned>(c));
}

void Screen::set_cursor(unsigned r, unsigned c)
{
    if (r >= rows)
        r = rows - 1;
    if (c >= columns)
        c = columns - 1;
    cursor_ = r * columns + c;
}

void Screen::erase_display(unsigned mode)
{
    if (mode == erase_to_end)
        blank(cursor_, cells);
    else if (mode == erase_to_cursor)
        blank(0, cursor_ + 1);
    else if (mode == erase_all)
        blank(0, cells);
}

void Screen::erase_line(unsigned mode)
{
    unsigned start = row() * columns;
    if (mode == erase_to_end)
        blank(cursor_, start + columns);
    else if (mode == erase_to_cursor)
        blank(start, cursor_ + 1);
    else if (mode == erase_all)
        blank(start, start + columns);
}

void Screen::select_graphics()
{
    unsigned count = parameter_count_ == 0 ? 1 : parameter_count_;   // ESC [ m is ESC [ 0 m
    for (unsigned i = 0; i < count; ++i) {
        unsigned p = parameters_[i];
        if (p == sgr_reset) {
            foreground_ = default_attribute & colour_mask;
            background_ = default_attribute >> background_shift;
            bright_ = reverse_ = false;
        } else if (p == sgr_bright) {
            bright_ = true;
        } else if (p == sgr_normal) {
            bright_ = false;
        } else if (p == sgr_reverse) {
            reverse_ = true;
        } else if (p == sgr_not_reversed) {
            reverse_ = false;
        } else if (p >= sgr_foreground && p < sgr_foreground + ansi_colours) {
            foreground_ = vga_colour[p - sgr_foreground];
        } else if (p == sgr_default_foreground) {
            foreground_ = default_attribute & colour_mask;
        } else if (p >= sgr_background && p < sgr_background + ansi_colours) {
            background_ = vga_colour[p - sgr_background];
        } else if (p == sgr_default_background) {
            background_ = default_attribute >> background_shift;
        } else if (p >= sgr_bright_foreground && p < sgr_bright_foreground + ansi_colours) {
            foreground_ = vga_colour[p - sgr_bright_foreground];
            bright_ = true;
        }
    }
}

void Screen::blank(unsigned from, unsigned to)
{
    Cell empty = cell(' ', attribute());
    for (unsigned i = from; i < to && i < cells; ++i)
        memory_[i] = empty;
}

void Screen::scroll_up()
{
    for (unsigned i = 0; i < cells - columns; ++i)
        memory_[i] = memory_[i + columns];
    blank(cells - columns, cells);
    cursor_ = cursor_ >= columns ? cursor_ - columns : 0;
}

} // namespace console
