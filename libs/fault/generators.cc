// The fault generators and their registry. The first four are 004's table
// 5.1; the others are those of Rio (Chen et al. 1996) and MINIX 3's swifi
// that 004 lacks.
#include "fault/generator.h"
#include "rt/string.h"

namespace fault {

namespace {

using x86::Instruction;
using x86::OpcodeMap;
using x86::Vector;

constexpr uint8_t nop = 0x90;
constexpr uint8_t jmp_short = 0xeb;
constexpr uint8_t to_itself = 0xfe;            // rel8 -2: the jump's own first byte
constexpr uint8_t ud2[2] = {0x0f, 0x0b};
// Instructions after a function's entry that count as its start (the
// prologue and the locals' initialisation).
constexpr uint32_t procedure_start = 16;

bool legacy(const Instruction& i, OpcodeMap map) { return i.vector == Vector::none && i.map == map; }

bool is_jcc(const Instruction& i)
{
    return (legacy(i, OpcodeMap::one_byte) && (i.opcode & 0xf0) == 0x70) ||
           (legacy(i, OpcodeMap::two_byte) && (i.opcode & 0xf0) == 0x80);
}

// MOV, MOVZX, MOVSX between two registers.
bool is_register_move(const Instruction& i)
{
    if (!i.register_form())
        return false;
    if (legacy(i, OpcodeMap::one_byte))
        return i.opcode >= 0x88 && i.opcode <= 0x8b;
    return legacy(i, OpcodeMap::two_byte) &&
           (i.opcode == 0xb6 || i.opcode == 0xb7 || i.opcode == 0xbe || i.opcode == 0xbf);
}

// MOV of an immediate into a register (B0+r, B8+r).
bool is_move_immediate_to_register(const Instruction& i)
{
    return legacy(i, OpcodeMap::one_byte) && i.opcode >= 0xb0 && i.opcode <= 0xbf;
}

// MOV of an immediate into a local variable: C6 /0 or C7 /0 addressing
// through EBP or ESP.
bool is_move_immediate_to_local(const Instruction& i)
{
    if (!legacy(i, OpcodeMap::one_byte) || (i.opcode != 0xc6 && i.opcode != 0xc7) || !i.has_modrm ||
        i.mod() == 3 || i.reg() != 0 || i.address_size_16())
        return false;
    constexpr uint8_t esp = 4, ebp = 5;
    if (i.has_sib) {
        uint8_t base = i.sib & 7;
        return base == esp || (base == ebp && i.mod() != 0);
    }
    return i.rm() == ebp && i.mod() != 0;
}

bool has_memory_operand(const Instruction& i)
{
    return i.vector == Vector::none && i.has_modrm && i.mod() != 3 && !i.address_size_16();
}

// Another of the eight register numbers.
uint8_t other_register(uint8_t r, Random& random) { return static_cast<uint8_t>((r + 1 + random.below(7)) & 7); }

void fill_nops(uint8_t* code, unsigned from, unsigned length)
{
    for (unsigned k = from; k < length; ++k)
        code[k] = nop;
}

// --- 004, table 5.1 --------------------------------------------------------------

class Assignment final : public Generator {
public:
    const char* name() const override { return "assignment"; }
    const char* description() const override
    {
        return "a register move (mov/movzx/movsx reg,reg or mov reg,imm) gets another source or destination";
    }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override
    {
        return is_register_move(i) || is_move_immediate_to_register(i);
    }
    void corrupt(uint8_t* code, const Instruction& i, Random& random) const override
    {
        if (is_move_immediate_to_register(i)) {
            uint8_t& op = code[i.opcode_offset];
            op = static_cast<uint8_t>((op & ~7) | other_register(op & 7, random));
            return;
        }
        uint8_t& modrm = code[i.modrm_offset];
        if (random.below(2))
            modrm = static_cast<uint8_t>((modrm & ~0x38) | other_register(i.reg(), random) << 3);
        else
            modrm = static_cast<uint8_t>((modrm & ~7) | other_register(i.rm(), random));
    }
};

class Conditional final : public Generator {
public:
    const char* name() const override { return "conditional"; }
    const char* description() const override { return "a conditional branch (jcc) is deleted: replaced by NOPs"; }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override { return is_jcc(i); }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override { fill_nops(code, 0, i.length); }
};

class Initialization final : public Generator {
public:
    const char* name() const override { return "initialization"; }
    const char* description() const override
    {
        return "an initialisation at a procedure's start (mov imm to a local or a register) is deleted";
    }
    bool matches(const uint8_t*, const Instruction& i, const Context& where) const override
    {
        return where.index_in_function < procedure_start &&
               (is_move_immediate_to_local(i) || is_move_immediate_to_register(i));
    }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override { fill_nops(code, 0, i.length); }
};

// jb<->jbe, jae<->ja (condition codes 2/6, 3/7: bit 2 apart) and jl<->jle,
// jge<->jg (C/E, D/F: bit 1 apart).
class OffByOne final : public Generator {
public:
    const char* name() const override { return "off-by-one"; }
    const char* description() const override
    {
        return "a bound's comparison is off by one: jl<->jle, jg<->jge, jb<->jbe, ja<->jae";
    }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override
    {
        if (!is_jcc(i))
            return false;
        uint8_t condition = i.opcode & 0x0f;
        return condition == 0x2 || condition == 0x3 || condition == 0x6 || condition == 0x7 || condition >= 0xc;
    }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override
    {
        bool is_signed = (i.opcode & 0x0f) >= 0xc;
        code[i.opcode_offset] ^= is_signed ? 0x02 : 0x04;
    }
};

// --- Rio's and swifi's -----------------------------------------------------------

class BitFlip final : public Generator {
public:
    const char* name() const override { return "bitflip"; }
    const char* description() const override { return "one random bit of an instruction is flipped"; }
    bool matches(const uint8_t*, const Instruction&, const Context&) const override { return true; }
    void corrupt(uint8_t* code, const Instruction& i, Random& random) const override
    {
        code[random.below(i.length)] ^= static_cast<uint8_t>(1u << random.below(8));
    }
};

// A memory operand's address goes wrong: a bit of its displacement, its
// index register, or (without SIB or displacement) its base register.
// Never a change that alters the encoding's length.
class Pointer final : public Generator {
public:
    const char* name() const override { return "pointer"; }
    const char* description() const override
    {
        return "a memory operand's address is corrupted (displacement bit, index or base register)";
    }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override { return has_memory_operand(i); }
    void corrupt(uint8_t* code, const Instruction& i, Random& random) const override
    {
        if (i.displacement_size) {
            unsigned bit = random.below(i.displacement_size * 8u);
            code[i.displacement_offset + bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        } else if (i.has_sib) {
            uint8_t& sib = code[i.modrm_offset + 1];
            sib = static_cast<uint8_t>((sib & ~0x38) | other_register((sib >> 3) & 7, random) << 3);
        } else {
            // rm 4 (SIB) and 5 (disp32) would change the length.
            constexpr uint8_t plain[6] = {0, 1, 2, 3, 6, 7};
            uint8_t rm = i.rm();
            while (rm == i.rm())
                rm = plain[random.below(6)];
            code[i.modrm_offset] = static_cast<uint8_t>((code[i.modrm_offset] & ~7) | rm);
        }
    }
};

class Nop final : public Generator {
public:
    const char* name() const override { return "nop"; }
    const char* description() const override { return "a random instruction is deleted: replaced by NOPs"; }
    bool matches(const uint8_t*, const Instruction&, const Context&) const override { return true; }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override { fill_nops(code, 0, i.length); }
};

class Loop final : public Generator {
public:
    const char* name() const override { return "loop"; }
    const char* description() const override { return "a random instruction becomes an endless loop (jmp to itself)"; }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override { return i.length >= 2; }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override
    {
        code[0] = jmp_short;
        code[1] = to_itself;
        fill_nops(code, 2, i.length);
    }
};

// As a failed assertion ends a program: clang compiles __builtin_trap()
// to UD2, and the P3 sees the invalid opcode.
class Panic final : public Generator {
public:
    const char* name() const override { return "panic"; }
    const char* description() const override { return "a random instruction becomes a trap (ud2), as a failed assertion"; }
    bool matches(const uint8_t*, const Instruction& i, const Context&) const override { return i.length >= 2; }
    void corrupt(uint8_t* code, const Instruction& i, Random&) const override
    {
        code[0] = ud2[0];
        code[1] = ud2[1];
        fill_nops(code, 2, i.length);
    }
};

const Assignment assignment;
const Conditional conditional;
const Initialization initialization;
const OffByOne off_by_one;
const BitFlip bitflip;
const Pointer pointer;
const Nop nop_out;
const Loop loop;
const Panic panic;

const Generator* const registry[] = {&assignment, &conditional, &initialization, &off_by_one, &bitflip,
                                     &pointer,    &nop_out,     &loop,           &panic};

} // namespace

const Generator* const* all_generators(size_t& count)
{
    count = sizeof(registry) / sizeof(registry[0]);
    return registry;
}

const Generator* find_generator(const char* name)
{
    for (const Generator* g : registry)
        if (strcmp(g->name(), name) == 0)
            return g;
    return nullptr;
}

} // namespace fault
