// Load-time fault injection in the P3 (004 section 5.2.1): the program's
// code is corrupted as it loads, as its job's fault plan says (the shell's
// `fault`), with libs/fault, so the same plan gives the same faults as the
// host's tools/inject does.
//
// Whether a fault was activated is evidence a campaign needs (a fault
// never executed says nothing about recovery). Each corrupted instruction
// starts with INT3 until it first runs: the P3 catches the breakpoint,
// writes the corrupted byte back (into the image, so that pages loaded
// after a restart have it too, and into its own copy of the page, which
// the process maps) and resumes the process at the instruction. The console
// says so once per fault.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "l4/types.h"

namespace p3 {

// Corrupts the code of `image` (size bytes, writable) as job.faults says,
// and logs each change; does nothing for an empty plan. A plan that cannot
// be carried out (a program without code) is logged and ignored.
void inject_code_faults(uint8_t* image, size_t size);

// The process stopped at a breakpoint at `address` (the INT3's own): true
// if it is a fault's, which is now in place (the process resumes there).
bool code_fault_reached(L4_Word_t address);

} // namespace p3
