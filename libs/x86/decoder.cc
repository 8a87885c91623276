// The decoder's walk: prefixes, escapes or a vector prefix, the opcode,
// ModRM, SIB, displacement, immediate; each step reads only bytes it has
// checked are there.
#include "decoder.h"
#include "opcode_table.h"

namespace x86 {

namespace {

// The instruction's bytes as they are read, never past `available` nor
// past max_length.
class Cursor {
public:
    Cursor(const uint8_t* code, size_t available)
        : code_(code), limit_(available < max_length ? available : max_length) {}

    bool has(unsigned n) const { return position_ + n <= limit_; }
    uint8_t peek(unsigned ahead = 0) const { return code_[position_ + ahead]; }
    uint8_t take() { return code_[position_++]; }
    void skip(unsigned n) { position_ += n; }
    uint8_t position() const { return static_cast<uint8_t>(position_); }
    // Why `has` said no: the instruction grew too long, or the bytes ended.
    DecodeError shortage(unsigned n) const
    {
        return position_ + n > max_length ? DecodeError::too_long : DecodeError::truncated;
    }

private:
    const uint8_t* code_;
    unsigned limit_;
    unsigned position_ = 0;
};

uint8_t prefix_bit(uint8_t byte)
{
    switch (byte) {
    case 0xf0: return prefix_lock;
    case 0xf2: return prefix_repne;
    case 0xf3: return prefix_rep;
    case 0x66: return prefix_operand_size;
    case 0x67: return prefix_address_size;
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: return prefix_segment;
    default: return 0;
    }
}

// Legacy prefixes, any number and order (the length limit bounds them).
DecodeError read_prefixes(Cursor& c, Instruction& out)
{
    for (;;) {
        if (!c.has(1))
            return c.shortage(1);
        uint8_t bit = prefix_bit(c.peek());
        if (!bit)
            return DecodeError::none;
        if (bit == prefix_segment)
            out.segment = c.peek();
        out.prefixes |= bit;
        ++out.prefix_count;
        c.skip(1);
    }
}

// ModRM, then SIB and displacement as ModRM asks (32- or 16-bit
// addressing). `register_only`: mod is ignored (MOV CRn/DRn).
DecodeError read_modrm(Cursor& c, Instruction& out, bool register_only)
{
    if (!c.has(1))
        return c.shortage(1);
    out.has_modrm = true;
    out.modrm_offset = c.position();
    out.modrm = c.take();
    if (register_only || out.mod() == 3)
        return DecodeError::none;
    unsigned displacement = 0;
    if (out.address_size_16()) {
        if (out.mod() == 1)
            displacement = 1;
        else if (out.mod() == 2 || out.rm() == 6)
            displacement = 2;
    } else {
        bool base_none = false;
        if (out.rm() == 4) {
            if (!c.has(1))
                return c.shortage(1);
            out.has_sib = true;
            out.sib = c.take();
            base_none = (out.sib & 7) == 5;
        }
        if (out.mod() == 1)
            displacement = 1;
        else if (out.mod() == 2 || (out.mod() == 0 && (out.rm() == 5 || base_none)))
            displacement = 4;
    }
    if (!c.has(displacement))
        return c.shortage(displacement);
    out.displacement_offset = displacement ? c.position() : 0;
    out.displacement_size = static_cast<uint8_t>(displacement);
    c.skip(displacement);
    return DecodeError::none;
}

DecodeError read_immediate(Cursor& c, Instruction& out, unsigned size)
{
    if (size == 0)
        return DecodeError::none;
    if (!c.has(size))
        return c.shortage(size);
    out.immediate_offset = c.position();
    out.immediate_size = static_cast<uint8_t>(size);
    c.skip(size);
    return DecodeError::none;
}

// Immediate bytes a legacy-map form needs, given ModRM where there is one.
unsigned immediate_bytes(uint8_t form, const Instruction& in)
{
    unsigned z = in.operand_size_16() ? 2 : 4;
    switch (form) {
    case table::ib: return 1;
    case table::iw: return 2;
    case table::iz: return z;
    case table::enter: return 3;
    case table::far_pointer: return z + 2;
    case table::moffs: return in.address_size_16() ? 2 : 4;
    case table::group3b: return in.reg() <= 1 ? 1 : 0;
    case table::group3z: return in.reg() <= 1 ? z : 0;
    default: return 0;
    }
}

// An opcode byte of a legacy map, then what its table entry asks for.
DecodeError read_legacy(Cursor& c, Instruction& out, uint8_t entry)
{
    if (entry & table::invalid)
        return DecodeError::invalid;
    if (entry & table::modrm_flag) {
        DecodeError e = read_modrm(c, out, entry & table::register_only);
        if (e != DecodeError::none)
            return e;
    }
    return read_immediate(c, out, immediate_bytes(entry & table::form_mask, out));
}

DecodeError read_opcode(Cursor& c, Instruction& out, OpcodeMap map)
{
    if (!c.has(1))
        return c.shortage(1);
    out.map = map;
    out.opcode_offset = c.position();
    out.opcode = c.take();
    return DecodeError::none;
}

// After a vector prefix: ModRM always (but VZEROUPPER/VZEROALL, VEX 0F 77),
// an 8-bit immediate in map 0F 3A and for the 0F-map opcodes that have one
// in their legacy form.
DecodeError read_vector_body(Cursor& c, Instruction& out)
{
    if (out.vector == Vector::vex && out.map == OpcodeMap::two_byte && out.opcode == 0x77)
        return DecodeError::none;
    DecodeError e = read_modrm(c, out, false);
    if (e != DecodeError::none)
        return e;
    unsigned immediate = 0;
    switch (out.map) {
    case OpcodeMap::three_byte_3a: immediate = 1; break;
    case OpcodeMap::two_byte:
        immediate = (table::two_byte[out.opcode] & table::form_mask) == table::ib ? 1 : 0;
        break;
    case OpcodeMap::xop8: immediate = 1; break;
    case OpcodeMap::xop10: immediate = 4; break;
    default: break;
    }
    return read_immediate(c, out, immediate);
}

// The map a VEX, EVEX or XOP prefix selects; false if it selects none.
bool vector_map(Vector v, uint8_t select, OpcodeMap& map)
{
    if (v == Vector::xop) {
        if (select < 8 || select > 10)
            return false;
        map = select == 8 ? OpcodeMap::xop8 : select == 9 ? OpcodeMap::xop9 : OpcodeMap::xop10;
        return true;
    }
    switch (select) {
    case 1: map = OpcodeMap::two_byte; return true;
    case 2: map = OpcodeMap::three_byte_38; return true;
    case 3: map = OpcodeMap::three_byte_3a; return true;
    case 5: map = OpcodeMap::evex_map5; return v == Vector::evex;    // AVX512-FP16
    case 6: map = OpcodeMap::evex_map6; return v == Vector::evex;
    default: return false;
    }
}

// In 32-bit code C4, C5 and 62 are LES, LDS and BOUND unless the next
// byte's top bits are 11 (a register ModRM, which those cannot have); 8F is
// POP unless that byte's map field is 8 or more. (After 66, F2, F3 or LOCK
// a vector prefix raises #UD; such an instruction still has its length, as
// UD2 has.)
bool starts_vector(uint8_t opcode, uint8_t next, Vector& v)
{
    switch (opcode) {
    case 0xc4: case 0xc5: v = Vector::vex; return (next & 0xc0) == 0xc0;
    case 0x62: v = Vector::evex; return (next & 0xc0) == 0xc0;
    case 0x8f: v = Vector::xop; return (next & 0x1f) >= 8;
    default: return false;
    }
}

DecodeError read_vector(Cursor& c, Instruction& out, uint8_t first)
{
    unsigned payload = first == 0xc5 ? 1 : out.vector == Vector::evex ? 3 : 2;
    if (!c.has(payload))
        return c.shortage(payload);
    uint8_t select = c.peek();
    c.skip(payload);
    OpcodeMap map = OpcodeMap::two_byte;                 // C5: 0F implied
    if (first != 0xc5) {
        uint8_t bits = out.vector == Vector::evex ? (select & 0x07) : (select & 0x1f);
        if (!vector_map(out.vector, bits, map))
            return DecodeError::invalid;
    }
    DecodeError e = read_opcode(c, out, map);
    return e != DecodeError::none ? e : read_vector_body(c, out);
}

// 0F, then a two-byte opcode, an escape to a three-byte map, or 3DNow!.
DecodeError read_escaped(Cursor& c, Instruction& out)
{
    if (!c.has(1))
        return c.shortage(1);
    uint8_t second = c.peek();
    if (second == 0x38 || second == 0x3a) {
        c.skip(1);
        DecodeError e = read_opcode(c, out, second == 0x38 ? OpcodeMap::three_byte_38 : OpcodeMap::three_byte_3a);
        if (e != DecodeError::none)
            return e;
        e = read_modrm(c, out, false);
        return e != DecodeError::none ? e : read_immediate(c, out, second == 0x3a ? 1 : 0);
    }
    DecodeError e = read_opcode(c, out, OpcodeMap::two_byte);
    if (e != DecodeError::none)
        return e;
    if (out.opcode == 0x0f) {                            // 3DNow!: ModRM, then the real opcode
        e = read_modrm(c, out, false);
        if (e != DecodeError::none)
            return e;
        e = read_immediate(c, out, 1);
        out.map = OpcodeMap::three_dnow;
        return e;
    }
    return read_legacy(c, out, table::two_byte[out.opcode]);
}

} // namespace

DecodeError decode(const uint8_t* code, size_t available, Instruction& out)
{
    out = Instruction{};
    Cursor c(code, available);
    DecodeError e = read_prefixes(c, out);
    if (e != DecodeError::none)
        return e;
    uint8_t first = c.peek();
    if (first == 0x0f) {
        c.skip(1);
        e = read_escaped(c, out);
    } else {
        Vector v = Vector::none;
        if (c.has(2) && starts_vector(first, c.peek(1), v)) {
            out.vector = v;
            c.skip(1);
            e = read_vector(c, out, first);
        } else {
            // Also C4, C5, 62 and 8F with nothing after them: cut short
            // either way, as LES, LDS, BOUND and POP need their ModRM.
            e = read_opcode(c, out, OpcodeMap::one_byte);
            if (e == DecodeError::none)
                e = read_legacy(c, out, table::one_byte[out.opcode]);
        }
    }
    out.length = c.position();
    return e;
}

} // namespace x86
