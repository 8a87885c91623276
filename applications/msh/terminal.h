// The shell's terminal: characters in from the console server (which reads
// both the serial line and the keyboard driver), text out through rt_write
// (libs/arc's hook sends it to the same console).
#pragma once
#include "rt/format.h"

namespace msh {

class Terminal {
public:
    // Waits until the console server has registered its name.
    bool connect();

    // The next typed character; blocks until there is one. Returns false if
    // the console cannot be read.
    bool next(char& c);

    // Echo and output: rt_write, as a sink for the line editor.
    static rt::Sink sink();

private:
    // Bytes one read asks for: a pasted line arrives in one or two replies.
    static constexpr unsigned chunk = 64;

    char buffer_[chunk] = {};
    unsigned filled_ = 0;
    unsigned taken_ = 0;
};

} // namespace msh
