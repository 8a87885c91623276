// The shell's top level: a typed line becomes a built-in command
// (commands.h) or a program started through ART (programs.h).
#pragma once
#include "parser.h"
#include "rt/format.h"

namespace msh {

// What every command returns: 0 when it did what was asked.
constexpr int success = 0;
constexpr int failure = 1;

// Runs one typed line: its commands in turn (parser.h, next_command);
// returns what the last one returned.
int run_line(const char* line);

// Runs the command in `words`: words[0] is a built-in's name or FS:PROGRAM;
// a trailing & has been taken off already (`background`).
int run_words(Words& words, bool background);

// Prints "msh: " + the text + a newline; returns failure.
int fail(const char* fmt, ...) RT_PRINTF_LIKE(1, 2);

} // namespace msh
