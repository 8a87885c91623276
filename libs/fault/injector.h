// The fault injector (004 section 5.2.2, "instruction interpreter"): walks
// a program's code instruction by instruction with the decoder, asks one
// generator which instructions it can corrupt, picks `count` of them with a
// seeded random choice and corrupts them. The same seed gives the same
// faults, on the host (tools/inject, install time) and in the P3 (load
// time), so an experiment can be replayed.
//
// Two layers: inject_code works on code ranges and is all the logic;
// inject_elf finds an ELF image's code (its executable segments and, from
// .symtab, its functions) and calls it.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "fault/generator.h"
#include "x86/decoder.h"

namespace fault {

// At most this many faults at once (004 injects "some faults at once").
constexpr uint32_t max_faults = 32;

struct Plan {
    const Generator* generator = nullptr;
    uint32_t count = 1;
    uint64_t seed = 0;
};

// One corrupted instruction: where, and its bytes before and after.
struct Change {
    uint32_t address = 0;          // in the program
    uint8_t* at = nullptr;         // in the caller's code (a CodeRange's bytes)
    uint8_t length = 0;
    uint8_t before[x86::max_length] = {};
    uint8_t after[x86::max_length] = {};
};

// A stretch of code to walk from its first byte: a function, or a whole
// executable segment when the program has no symbols.
struct CodeRange {
    uint8_t* bytes;
    uint32_t address;      // of bytes[0] in the program
    uint32_t size;
};

struct Report {
    uint32_t candidates = 0;       // instructions the generator could corrupt
    uint32_t instructions = 0;     // instructions walked
    uint32_t changes = 0;          // written to the caller's array (min(count, candidates))
};

// Walks the ranges in order and corrupts plan.count of the instructions
// plan.generator matches (all of them if fewer). `changes` must hold
// plan.count entries (at most max_faults). An undecodable byte is stepped
// over one byte at a time.
Report inject_code(const CodeRange* ranges, size_t range_count, const Plan& plan, Change* changes);

enum class ElfError : uint8_t { none, not_elf, no_code, too_many_functions };

// The same on an ELF image held writable in memory: its functions from
// .symtab (STT_FUNC with a size, inside an executable segment), else its
// executable segments whole. `scratch` holds the ranges (functions) the
// walk needs: scratch_count of them.
ElfError inject_elf(uint8_t* image, size_t size, const Plan& plan, CodeRange* scratch, size_t scratch_count,
                    Change* changes, Report& report);

} // namespace fault
