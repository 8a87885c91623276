#include "line_editor.h"
#include "rt/string.h"

namespace msh {

namespace {
// Control characters by their ASCII codes; named here so that the code below
// reads as the keys a person presses.
constexpr char ctrl_c = 0x03;
constexpr char backspace = 0x08;
constexpr char line_feed = '\n';
constexpr char carriage_return = '\r';
constexpr char ctrl_u = 0x15;
constexpr char escape_key = 0x1b;
constexpr char delete_key = 0x7f;
constexpr char first_printable = ' ';
constexpr char last_printable = '~';

// The final bytes of the cursor-key sequences (ESC [ A ...).
constexpr char arrow_up = 'A';
constexpr char arrow_down = 'B';

// Erases one character on a terminal: back, overwrite with a blank, back.
constexpr const char* rubout = "\b \b";
} // namespace

LineEditor::Result LineEditor::feed(char c)
{
    bool was_cr = after_cr_;
    after_cr_ = false;
    if (escape_ != Escape::none) {
        escape(c);
        return Result::none;
    }
    if (c == line_feed && was_cr)
        return Result::none;
    if (c >= first_printable && c <= last_printable) {
        append(c);
        return Result::none;
    }
    return control(c);
}

LineEditor::Result LineEditor::control(char c)
{
    switch (c) {
    case carriage_return:
        after_cr_ = true;
        return finish();
    case line_feed:
        return finish();
    case backspace:
    case delete_key:
        erase_last();
        return Result::none;
    case ctrl_u:
        erase_all();
        return Result::none;
    case ctrl_c:
        put("^C\n");
        length_ = 0;
        buffer_[0] = '\0';
        browse_ = 0;
        return Result::cancelled;
    case escape_key:
        escape_ = Escape::escape;
        return Result::none;
    default:
        return Result::none;      // tabs, bells and the like mean nothing here
    }
}

// Cursor keys arrive as ESC [ X or ESC O X. Up and down browse the history;
// every other sequence is consumed without effect, so that no stray letter
// of it lands in the line.
void LineEditor::escape(char c)
{
    if (escape_ == Escape::escape) {
        escape_ = (c == '[' || c == 'O') ? Escape::bracket : Escape::none;
        return;
    }
    // Parameters and intermediates (digits, ';') come before the final byte,
    // which is a letter or '~'.
    bool final_byte = (c >= '@' && c <= '~');
    if (!final_byte)
        return;
    escape_ = Escape::none;
    if (c == arrow_up)
        recall(+1);
    else if (c == arrow_down)
        recall(-1);
}

void LineEditor::append(char c)
{
    if (length_ >= max_line)
        return;                   // full: the character is dropped, not echoed
    buffer_[length_++] = c;
    buffer_[length_] = '\0';
    put(&c, 1);
}

void LineEditor::erase_last()
{
    if (length_ == 0)
        return;
    buffer_[--length_] = '\0';
    put(rubout);
}

void LineEditor::erase_all()
{
    while (length_ > 0)
        erase_last();
}

void LineEditor::replace_line(const char* text)
{
    erase_all();
    for (; *text; ++text)
        append(*text);
}

// direction +1: one line older; -1: one line newer. Going past the newest
// entry brings back what was being typed before browsing started.
void LineEditor::recall(int direction)
{
    size_t target = browse_;
    if (direction > 0 && browse_ < history_count_)
        ++target;
    else if (direction < 0 && browse_ > 0)
        --target;
    if (target == browse_)
        return;
    if (browse_ == 0)
        strlcpy(draft_, buffer_, sizeof draft_);
    browse_ = target;
    replace_line(browse_ == 0 ? draft_ : history(browse_ - 1));
}

LineEditor::Result LineEditor::finish()
{
    put("\n");
    strlcpy(done_, buffer_, sizeof done_);
    length_ = 0;
    buffer_[0] = '\0';
    browse_ = 0;
    remember(done_);
    return Result::line;
}

// Blank lines and a repeat of the newest entry are not worth a slot.
void LineEditor::remember(const char* text)
{
    bool blank = true;
    for (const char* p = text; *p; ++p)
        blank = blank && *p == ' ';
    if (blank || (history_count_ > 0 && strcmp(history(0), text) == 0))
        return;
    strlcpy(history_[history_next_], text, sizeof history_[0]);
    history_next_ = (history_next_ + 1) % history_lines;
    if (history_count_ < history_lines)
        ++history_count_;
}

const char* LineEditor::history(size_t age) const
{
    if (age >= history_count_)
        return "";
    return history_[(history_next_ + history_lines - 1 - age) % history_lines];
}

void LineEditor::put(const char* text) { put(text, strlen(text)); }
void LineEditor::put(const char* text, size_t length) { echo_.put(text, length); }

} // namespace msh
