// What each opcode byte needs after it, per map: a ModRM byte, and which
// immediate. The decoder's only tables; everything about an instruction's
// length that is not here is a rule in decoder.cc (groups, escapes, vector
// prefixes).
#pragma once
#include <stdint.h>

namespace x86::table {

// One byte per opcode: Form in the low nibble, modrm_flag and invalid above.
enum Form : uint8_t {
    none = 0,
    ib,          // 8-bit immediate
    iw,          // 16-bit immediate
    iz,          // 16 or 32 bits, by the operand size
    enter,       // iw then ib
    far_pointer, // ptr16:16 or ptr16:32, by the operand size
    moffs,       // an offset of 16 or 32 bits, by the address size
    group3b,     // F6: ib when ModRM.reg is 0 or 1 (TEST)
    group3z,     // F7: iz when ModRM.reg is 0 or 1 (TEST)
};
constexpr uint8_t form_mask = 0x0f;
constexpr uint8_t modrm_flag = 0x10;
constexpr uint8_t invalid = 0x20;
// ModRM always names registers, whatever its mod says (MOV to and from
// control and debug registers).
constexpr uint8_t register_only = 0x40;

constexpr uint8_t M = modrm_flag;
constexpr uint8_t X = invalid;
constexpr uint8_t R = modrm_flag | register_only;

// 0x0f (escape) and the prefixes are handled before this table is read.
constexpr uint8_t one_byte[256] = {
    //       0        1        2        3        4        5        6        7
    //       8        9        A        B        C        D        E        F
    /*00*/   M,       M,       M,       M,       ib,      iz,      none,    none,
    /*08*/   M,       M,       M,       M,       ib,      iz,      none,    X,
    /*10*/   M,       M,       M,       M,       ib,      iz,      none,    none,
    /*18*/   M,       M,       M,       M,       ib,      iz,      none,    none,
    /*20*/   M,       M,       M,       M,       ib,      iz,      X,       none,
    /*28*/   M,       M,       M,       M,       ib,      iz,      X,       none,
    /*30*/   M,       M,       M,       M,       ib,      iz,      X,       none,
    /*38*/   M,       M,       M,       M,       ib,      iz,      X,       none,
    /*40*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*48*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*50*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*58*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*60*/   none,    none,    M,       M,       X,       X,       X,       X,
    /*68*/   iz,      M | iz,  ib,      M | ib,  none,    none,    none,    none,
    /*70*/   ib,      ib,      ib,      ib,      ib,      ib,      ib,      ib,
    /*78*/   ib,      ib,      ib,      ib,      ib,      ib,      ib,      ib,
    /*80*/   M | ib,  M | iz,  M | ib,  M | ib,  M,       M,       M,       M,
    /*88*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*90*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*98*/   none,    none,    far_pointer, none, none,   none,    none,    none,
    /*A0*/   moffs,   moffs,   moffs,   moffs,   none,    none,    none,    none,
    /*A8*/   ib,      iz,      none,    none,    none,    none,    none,    none,
    /*B0*/   ib,      ib,      ib,      ib,      ib,      ib,      ib,      ib,
    /*B8*/   iz,      iz,      iz,      iz,      iz,      iz,      iz,      iz,
    /*C0*/   M | ib,  M | ib,  iw,      none,    M,       M,       M | ib,  M | iz,
    /*C8*/   enter,   none,    iw,      none,    none,    ib,      none,    none,
    /*D0*/   M,       M,       M,       M,       ib,      ib,      none,    none,
    /*D8*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*E0*/   ib,      ib,      ib,      ib,      ib,      ib,      ib,      ib,
    /*E8*/   iz,      iz,      far_pointer, ib,  none,    none,    none,    none,
    /*F0*/   X,       none,    X,       X,       none,    none,    M | group3b, M | group3z,
    /*F8*/   none,    none,    none,    none,    none,    none,    M,       M,
};

// 0F xx. 0F 38 and 0F 3A are escapes, 0F 0F is 3DNow! (decoder.cc).
// 0F A6 and 0F A7 are VIA PadLock's (MONTMUL, XSHA, XSTORE, XCRYPT).
constexpr uint8_t two_byte[256] = {
    /*00*/   M,       M,       M,       M,       X,       none,    none,    none,
    /*08*/   none,    none,    X,       none,    X,       M,       none,    X,
    /*10*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*18*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*20*/   R,       R,       R,       R,       R,       X,       R,       X,
    /*28*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*30*/   none,    none,    none,    none,    none,    none,    X,       none,
    /*38*/   X,       X,       X,       X,       X,       X,       X,       X,
    /*40*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*48*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*50*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*58*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*60*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*68*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*70*/   M | ib,  M | ib,  M | ib,  M | ib,  M,       M,       M,       none,
    /*78*/   M,       M,       X,       X,       M,       M,       M,       M,
    /*80*/   iz,      iz,      iz,      iz,      iz,      iz,      iz,      iz,
    /*88*/   iz,      iz,      iz,      iz,      iz,      iz,      iz,      iz,
    /*90*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*98*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*A0*/   none,    none,    none,    M,       M | ib,  M,       M,       M,
    /*A8*/   none,    none,    none,    M,       M | ib,  M,       M,       M,
    /*B0*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*B8*/   M,       M,       M | ib,  M,       M,       M,       M,       M,
    /*C0*/   M,       M,       M | ib,  M,       M | ib,  M | ib,  M | ib,  M,
    /*C8*/   none,    none,    none,    none,    none,    none,    none,    none,
    /*D0*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*D8*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*E0*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*E8*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*F0*/   M,       M,       M,       M,       M,       M,       M,       M,
    /*F8*/   M,       M,       M,       M,       M,       M,       M,       M,
};

} // namespace x86::table
