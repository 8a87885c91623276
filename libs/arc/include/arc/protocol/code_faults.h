// Load-time fault injection (004 section 5.2.1), faults in a program's code
// (unlike the faults arc/injection.h commits at injection points): ART
// keeps a plan per program name, set by the shell's `fault` command; the P3 of every
// process of that program asks for it with its job and, if there is one,
// corrupts the program's code as it loads it (libs/fault). The plan stays
// until it is cleared, so a restart that reloads the code finds the same
// faults: a restart does not fix a bug.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "l4/types.h"

namespace arc::code_faults {

// A generator's name, with its NUL ("initialization" is the longest).
constexpr size_t generator_name_size = 16;
// The name that clears a plan.
constexpr const char* no_plan = "none";

struct Plan {
    char generator[generator_name_size] = {};   // empty: no faults
    L4_Word_t count = 0;                        // 1 .. ::fault::max_faults
    uint64_t seed = 0;

    bool empty() const { return generator[0] == '\0'; }
};

} // namespace arc::code_faults
