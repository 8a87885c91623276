// Typed characters on their way to a reader: a ring buffer filled from the
// serial line and the keyboard driver and emptied by console::Op::read, and
// the line-end translation of each source. Freestanding; host-tested in
// tests/unit/console.
#pragma once
#include <stddef.h>

namespace console {

// Line ends of one source as readers want them: a terminal's Enter sends CR,
// a Unix program LF, a DOS-minded one CR LF; each of them becomes one LF.
class LineEnds {
public:
    // Returns false if `c` is to be dropped (the LF of a CR LF); otherwise
    // sets `c` to the character to store.
    bool translate(char& c);

private:
    bool after_cr_ = false;
};

class InputQueue {
public:
    static constexpr size_t capacity = 512;

    // Adds `c`; a full queue drops it (and counts it: a reader that stopped
    // reading must not make the console grow without bounds).
    void push(char c);
    // Adds typed text through `ends` (the line ends of its source).
    void add(const char* text, size_t length, LineEnds& ends);

    size_t available() const { return count_; }
    // Copies up to `max` of the oldest characters to `out`, leaving them queued.
    size_t peek(char* out, size_t max) const;
    // Removes the `n` oldest characters (what peek returned, once delivered).
    void drop(size_t n);
    size_t dropped() const { return dropped_; }

private:
    char ring_[capacity] = {};
    size_t head_ = 0;          // the oldest character
    size_t count_ = 0;
    size_t dropped_ = 0;
};

} // namespace console
