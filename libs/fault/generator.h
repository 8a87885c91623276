// Fault generators (004 section 5.2.3, table 5.1, and the fault types of
// Rio's and MINIX 3's injectors that 004 lacks): each one says which
// instructions it can corrupt and how it corrupts one. They are plug-ins:
// the injector (injector.h) walks the code with the decoder and asks the
// one the operator named; adding a fault type is adding a Generator and a
// line in the registry (generators.cc).
//
// Invariant: a generator writes only the instruction's own bytes, and
// what it writes decodes to instructions that end exactly where the
// instruction ended, so the code after a change decodes as before. The
// exception is bitflip: a random bit may make a different instruction, of
// another length, as a flipped bit in memory would.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "fault/random.h"
#include "x86/decoder.h"

namespace fault {

// Where an instruction sits: within its function, for the generators that
// care (initialisation: "at the start of a procedure").
struct Context {
    uint32_t index_in_function;     // 0 for the function's first instruction
};

class Generator {
public:
    // The name the operator types ("assignment", "off-by-one" ...).
    virtual const char* name() const = 0;
    // One line for `help` and reports.
    virtual const char* description() const = 0;
    // Whether `code` (the instruction `i`, i.length bytes) is one to corrupt.
    virtual bool matches(const uint8_t* code, const x86::Instruction& i, const Context& where) const = 0;
    // Corrupts it in place.
    virtual void corrupt(uint8_t* code, const x86::Instruction& i, Random& random) const = 0;

protected:
    ~Generator() = default;
};

// Every generator, in a fixed order (campaigns iterate it).
const Generator* const* all_generators(size_t& count);
// The generator called `name`, or nullptr.
const Generator* find_generator(const char* name);

} // namespace fault
