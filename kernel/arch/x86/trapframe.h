// The register image every kernel entry from user mode leaves at the top of
// the thread's kernel stack (entry.S). Exception IPC, ExchangeRegisters and the
// thread start protocol read and write the user's registers here.
#pragma once
#include <stdint.h>
#include "layout.h"

namespace x86 {

struct TrapFrame {
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;  // pusha
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;            // pushed by the CPU only on a privilege change

    bool from_user() const { return (cs & 3) == 3; }
};

static_assert(__builtin_offsetof(TrapFrame, cs) == TF_CS);
static_assert(sizeof(TrapFrame) == TF_SIZE);

// EFLAGS bits user code may change through exception replies and
// ExchangeRegisters; IOPL, VM, NT and the interrupt flag stay the kernel's.
constexpr uint32_t eflags_user_mask = 0x00000cd5;  // CF PF AF ZF SF DF OF
constexpr uint32_t eflags_if = 0x200;
constexpr uint32_t eflags_reserved1 = 0x2;

} // namespace x86
