// An IA-32 instruction decoder for 32-bit code: where an instruction's
// parts are and how long it is, not what it means. Fault injection needs
// exactly that (004 section 5.2.2): to walk a function instruction by
// instruction, to find a conditional jump, a register move or an immediate,
// and to change it in place without disturbing its neighbours.
//
// It knows every encoding GCC and clang emit for i686 and more: legacy,
// operand- and address-size prefixes (16-bit addressing included), the one-
// and two-byte maps, the three-byte maps 0F 38 and 0F 3A, 3DNow!, x87,
// MMX/SSE, and VEX, EVEX and XOP prefixes. FWAIT (9B) is an instruction
// of its own, as the CPU executes it, even where the manuals write it as
// part of one (FSTSW is "9B DD /7": FWAIT, then FNSTSW). Freestanding: the P3 links it to
// mutate a program as it loads it, and host tools and tests use the same
// source (tests/unit/x86 compares it with GNU objdump on every binary of the
// build).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace x86 {

// The longest instruction the CPU accepts; a longer one raises #GP.
constexpr unsigned max_length = 15;

enum class OpcodeMap : uint8_t {
    one_byte,          // no escape
    two_byte,          // 0F xx
    three_byte_38,     // 0F 38 xx
    three_byte_3a,     // 0F 3A xx
    three_dnow,        // 0F 0F modrm ... xx: the opcode comes last, as an immediate byte
    xop8,              // AMD XOP maps 8, 9 and 10
    xop9,
    xop10,
    evex_map5,         // EVEX maps 5 and 6 (AVX512-FP16)
    evex_map6,
};

enum class Vector : uint8_t { none, vex, evex, xop };

// Legacy prefixes seen (several may be).
enum Prefix : uint8_t {
    prefix_lock = 1 << 0,
    prefix_repne = 1 << 1,       // F2
    prefix_rep = 1 << 2,         // F3
    prefix_operand_size = 1 << 3, // 66
    prefix_address_size = 1 << 4, // 67
    prefix_segment = 1 << 5,     // 26 2E 36 3E 64 65
};

enum class DecodeError : uint8_t {
    none,
    truncated,       // the bytes end inside the instruction
    too_long,        // more than max_length bytes
    invalid,         // no instruction has this encoding (#UD)
};

// Offsets are from the instruction's first byte; a size of 0 means the part
// is absent.
struct Instruction {
    uint8_t length = 0;
    uint8_t prefixes = 0;            // Prefix bits
    uint8_t prefix_count = 0;        // legacy prefix bytes before the opcode
    uint8_t segment = 0;             // the last segment prefix byte, 0 if none
    Vector vector = Vector::none;
    OpcodeMap map = OpcodeMap::one_byte;
    uint8_t opcode = 0;              // within its map
    uint8_t opcode_offset = 0;
    bool has_modrm = false;
    uint8_t modrm = 0;
    uint8_t modrm_offset = 0;
    bool has_sib = false;
    uint8_t sib = 0;
    uint8_t displacement_offset = 0;
    uint8_t displacement_size = 0;   // 1, 2 or 4
    uint8_t immediate_offset = 0;
    uint8_t immediate_size = 0;      // all immediate bytes (ENTER: 3, a far pointer: 4 or 6)

    uint8_t mod() const { return modrm >> 6; }
    uint8_t reg() const { return (modrm >> 3) & 7; }
    uint8_t rm() const { return modrm & 7; }
    // ModRM names a register, not memory.
    bool register_form() const { return has_modrm && mod() == 3; }
    bool operand_size_16() const { return prefixes & prefix_operand_size; }
    bool address_size_16() const { return prefixes & prefix_address_size; }
};

// Decodes the instruction at `code`, of which `available` bytes may be read
// (no byte past them is touched). On failure `out.length` is meaningless.
DecodeError decode(const uint8_t* code, size_t available, Instruction& out);

// Length of the instruction at `code`, 0 if it does not decode.
inline unsigned length_of(const uint8_t* code, size_t available)
{
    Instruction i;
    return decode(code, available, i) == DecodeError::none ? i.length : 0;
}

} // namespace x86
