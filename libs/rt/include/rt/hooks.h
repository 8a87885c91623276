// The functions rt calls but does not implement: output, exit, memory for the
// heap and the end of a panic. libs/l4 or the program defines them (strong
// definitions, in any object or archive linked before arc-rt). rt carries weak
// defaults, each alone in its own archive member (src/default_*.cc), so a
// default is linked only when nobody else defines that hook:
//
//   rt_write      discards the text
//   rt_exit       executes ud2 (an invalid-opcode exception the pager sees)
//   rt_morecore   hands out a 256 KiB static arena in .bss, then nullptr
//   rt_panic      rt_write("panic: " message "\n"), then rt_exit(exit_panic)
//
// arc-rt-core (string, division, formatter) calls none of them.
#pragma once
#include "rt/types.h"

extern "C" {

// Writes `length` bytes of text somewhere a person can read them.
void rt_write(const char* text, unsigned length);

// Ends the program; never returns.
[[noreturn]] void rt_exit(int status);

// Returns `bytes` (a multiple of 16) of fresh memory, aligned to 16 bytes, for
// the heap, or nullptr when there is no more. Memory is never given back.
void* rt_morecore(unsigned bytes);

// The last step of every panic, assert and abort: `message` is the formatted
// reason without a trailing newline. A supervised program (libs/arc) overrides
// it to tell its pager why it died.
[[noreturn]] void rt_panic(const char* message);

} // extern "C"

namespace rt {
constexpr int exit_panic = 134;   // the status a panicking program exits with (128 + SIGABRT)
} // namespace rt
