// Restart policies by program name (docs/recovery.md): read from the file
// `recovery` of the ram archive at boot, changed by the shell's `recovery`
// command, handed to a P3 whenever its process fails. A program not named
// gets the line for "*", or, without one, no restarts at all.
//
//   # program  settings (arc/protocol/recovery.h)
//   counter    first=hot last=group budget=20 window=1000
//   *          first=none
//
// Freestanding: tested on the host (tests/unit/art/recovery_policies_test.cc).
#pragma once
#include <stddef.h>
#include "arc/protocol/recovery.h"

namespace art {

class RecoveryPolicies {
public:
    static constexpr unsigned max_programs = 32;
    static constexpr unsigned name_size = 32;

    // Parses `text`; on a bad line returns false with its number and a reason.
    bool parse(const char* text, size_t length, unsigned& bad_line, const char*& reason);
    // The policy of `program` (its own, or the default).
    const arc::recovery::Policy& find(const char* program) const;
    // Applies `settings` to the policy of `program`, which starts from the
    // default if it has none yet; false (nothing changed) if a setting is
    // bad (`bad` points at it) or the table is full (`bad` is nullptr).
    bool change(const char* program, const char* settings, const char*& bad);
    unsigned count() const { return count_; }

private:
    struct Entry {
        char program[name_size];
        arc::recovery::Policy policy;
    };
    Entry* entry(const char* program);

    Entry entries_[max_programs];
    unsigned count_ = 0;
    arc::recovery::Policy default_;
};

} // namespace art
