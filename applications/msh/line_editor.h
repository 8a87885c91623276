// The shell's line editor: turns the characters typed on the serial line or
// the keyboard into command lines, one character at a time, and says what to
// echo (the console does not echo). Freestanding and free of I/O, so the host
// unit tests (tests/unit/msh) drive it with strings.
//
//   printable        appended (and echoed) while there is room
//   Backspace, DEL   erase the last character ("\b \b")
//   ^U               erase the whole line
//   ^C               abandon the line: echo "^C" and a newline
//   Enter (CR, LF)   the line is complete; CR LF counts once
//   ESC [ A, ESC [ B history: older / newer line (ESC O A, ESC O B too, as
//                    terminals in application-cursor mode send them)
//   anything else    ignored, including other escape sequences
#pragma once
#include "rt/format.h"
#include "rt/types.h"

namespace msh {

class LineEditor {
public:
    // The longest line: what one execute request carries as a string.
    static constexpr size_t max_line = 160;
    static constexpr size_t history_lines = 16;

    enum class Result {
        none,           // keep feeding
        line,           // line() holds a complete line (without the newline)
        cancelled,      // ^C: the line was abandoned
    };

    // Echo goes to `echo` as it is produced.
    explicit LineEditor(rt::Sink echo) : echo_(echo) {}

    Result feed(char c);

    // The line just completed: valid after Result::line until the next feed.
    const char* line() const { return done_; }

    // What is typed so far (for tests).
    const char* current() const { return buffer_; }
    size_t length() const { return length_; }

    // Lines recorded in the history, oldest first (for tests).
    size_t history_count() const { return history_count_; }
    const char* history(size_t age) const;   // age 0: the newest

private:
    enum class Escape { none, escape, bracket };

    Result control(char c);
    void escape(char c);
    void append(char c);
    void erase_last();
    void erase_all();
    void replace_line(const char* text);
    void recall(int direction);
    Result finish();
    void remember(const char* text);
    void put(const char* text);
    void put(const char* text, size_t length);

    rt::Sink echo_;
    char buffer_[max_line + 1] = {};
    size_t length_ = 0;
    char done_[max_line + 1] = {};
    bool after_cr_ = false;               // swallow the LF of a CR LF
    Escape escape_ = Escape::none;

    // History ring: entries [0, history_count_) with the newest at
    // (history_next_ - 1) mod history_lines.
    char history_[history_lines][max_line + 1] = {};
    size_t history_count_ = 0;
    size_t history_next_ = 0;
    // While browsing: how far back (0 = the line being typed, 1 = the newest
    // entry ...), and the line being typed, kept to come back to.
    size_t browse_ = 0;
    char draft_[max_line + 1] = {};
};

} // namespace msh
