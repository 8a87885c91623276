// Load-time fault plans by program name (arc/protocol/code_faults.h): set
// by the shell's `fault` command, handed to the P3 of every process of
// that program with its job. Freestanding: tested on the host
// (tests/unit/art/code_fault_plans_test.cc).
#pragma once
#include "arc/protocol/code_faults.h"

namespace art {

class CodeFaultPlans {
public:
    static constexpr unsigned max_programs = 16;
    static constexpr unsigned name_size = 32;

    enum class Outcome { set, cleared, unknown_generator, bad_count, bad_program, full };

    // Sets (or, with the generator "none", clears) the plan of `program`.
    // The generator must be one libs/fault has, the count 1 .. max_faults.
    Outcome change(const char* program, const arc::code_faults::Plan& plan);
    // The plan of `program`: an empty one if it has none.
    arc::code_faults::Plan find(const char* program) const;

private:
    struct Entry {
        char program[name_size];
        arc::code_faults::Plan plan;
    };
    Entry entries_[max_programs] = {};
    unsigned count_ = 0;
};

} // namespace art
