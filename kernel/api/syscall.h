// The system-call interface: one trap vector, the call number in %eax, the
// arguments in the other general registers. Every call is listed once here;
// the kernel's dispatch table and libs/l4's stubs are both written from it.
//
//   int $0x30      in:  eax = Syscall, ebx ecx edx esi edi ebp = a0..a5
//                  out: eax = status (Error::none on success) unless stated,
//                       results in ebx ecx edx esi edi ebp as listed below.
//
// Message registers other than MR0 travel in the caller's UTCB (utcb.h).
#pragma once
#include "types.h"

namespace kapi {

constexpr unsigned syscall_vector = 0x30;

enum class Syscall : Word {
    // Ipc(to=a0, from_specifier=a1, timeouts=a2, mr0=a3)
    //   -> eax = sender (receive phase) or nil, esi = MR0 of the received
    //      message; on failure MR0 has MsgTag::flag_error and utcb.error_code
    //      holds an IpcError.
    ipc = 0,
    // ThreadControl(dest=a0, space_specifier=a1, scheduler=a2, pager=a3,
    //               utcb_location=a4)                               privileged
    //   space_specifier == dest: create dest in a new address space.
    //   space_specifier names a thread: create dest in that thread's space,
    //   or, if dest exists, change its pager / scheduler; if dest exists in
    //   another space, migrate it there (utcb_location: its UTCB in the new
    //   space). Migration keeps the thread's id and what others have pending
    //   with it (queued senders, closed receivers waiting for it), cancels
    //   its own IPC, and destroys the old space with its last thread: a
    //   warm restart (docs/kernel.md).
    //   space_specifier nil: delete dest (and its space with the last thread).
    thread_control = 1,
    // SpaceControl(space_specifier=a0, control=a1, kip_area=a2, utcb_area=a3)
    //                                                                privileged
    space_control = 2,
    // ExchangeRegisters(dest=a0, control=a1, sp=a2, ip=a3, flags=a4;
    //                   user-defined handle and pager in utcb.exreg_udh/_pager)
    //   -> eax = status, ebx = control (old state bits), ecx = old sp,
    //      edx = old ip, esi = old flags; the old handle and pager replace
    //      utcb.exreg_udh and utcb.exreg_pager.
    //   Allowed on threads of the caller's own space, by privileged spaces, and
    //   (Arc) by the thread's pager or exception handler: a P3 restarts its
    //   process's thread in place with it.
    exchange_registers = 3,
    // Schedule(dest=a0, priority=a1, timeslice_us=a2) -> ebx = old priority.
    //   Privileged spaces, or the thread's scheduler. priority ~0u keeps it.
    schedule = 4,
    // ThreadSwitch(dest=a0): donate the rest of the time slice, or yield if nil.
    thread_switch = 5,
    // Unmap(control=a0): fpages in MR0..MR(control & 63); control & unmap_flush
    //   also revokes the caller's own mappings. Each MR is rewritten with the
    //   fpage and the referenced/dirty bits found (rights field = R/W seen).
    unmap = 6,
    // KernelInterface() -> ebx = KIP address in the caller's space,
    //   ecx = API version, edx = API flags, esi = kernel id.
    kernel_interface = 7,
    // InterruptControl(irq_thread=a0, handler=a1)                     privileged
    //   Associates the interrupt with the handler thread (nil detaches).
    interrupt_control = 8,
    // SystemClock() -> ebx = low, ecx = high 32 bits of microseconds since boot.
    system_clock = 9,
    // KernelDebug(op=a0, ...): see KdbOp.
    kernel_debug = 10,
    count
};

constexpr Word unmap_flush = 1u << 6;

// ExchangeRegisters control bits (X.2): which values to set, and the halt,
// abort and resume actions. The returned control word reports the thread's
// state with the same halt bit and the sending / receiving bits.
namespace exreg {
constexpr Word halt_flag = 1u << 0;      // h: with set_halt, halt (1) or resume (0)
constexpr Word abort_receive = 1u << 1;  // R: abort an ongoing receive
constexpr Word abort_send = 1u << 2;     // S: abort an ongoing send
constexpr Word set_sp = 1u << 3;
constexpr Word set_ip = 1u << 4;
constexpr Word set_flags = 1u << 5;
constexpr Word set_udh = 1u << 6;
constexpr Word set_pager = 1u << 7;
constexpr Word set_halt = 1u << 8;
constexpr Word deliver = 1u << 9;        // d: only report the current values
// Reported state (returned control word).
constexpr Word state_halted = 1u << 0;
constexpr Word state_receiving = 1u << 1;
constexpr Word state_sending = 1u << 2;
} // namespace exreg

// SpaceControl control bits.
namespace spacectl {
constexpr Word privileged = 1u << 0;    // the new space may use privileged calls
} // namespace spacectl

// Status of every non-IPC system call (eax), also stored in utcb.error_code.
enum class Error : Word {
    none = 0,
    no_privilege = 1,
    invalid_thread = 2,
    invalid_space = 3,
    invalid_scheduler = 4,
    invalid_param = 5,
    invalid_utcb = 6,
    invalid_kip_area = 7,
    out_of_memory = 8,
    invalid_syscall = 9,
    bad_address = 10,
};

// IPC error code in utcb.error_code: (code << 1) | phase, phase 1 = receive.
enum class IpcError : Word {
    none = 0,
    timeout = 1,
    no_partner = 2,        // the partner does not exist (or its id is stale)
    canceled = 3,          // aborted by ExchangeRegisters
    message_overflow = 4,  // too many words, or typed items the receiver refused
    aborted = 7,           // partner deleted or IPC aborted by the kernel
};
constexpr Word ipc_error_word(IpcError e, bool receive_phase)
{
    return (static_cast<Word>(e) << 1) | (receive_phase ? 1 : 0);
}
constexpr IpcError ipc_error_code(Word w) { return static_cast<IpcError>(w >> 1); }
constexpr bool ipc_error_in_receive(Word w) { return (w & 1) != 0; }

// KernelDebug operations.
enum class KdbOp : Word {
    write = 0,       // a1 = user pointer, a2 = length: print on the kernel console
    putc = 1,        // a1 = character
    stats = 2,       // results in MR1..: see KernelStats
    shutdown = 3,    // a1 = exit code for isa-debug-exit              privileged
    fault = 4,       // make the kernel itself fault (tests the panic path) privileged
    cycles = 5,      // ebx/ecx = rdtsc (guest instructions under -icount)
    // a1 = where the caller maps the VGA text buffer (physical 0xB8000) writable:
    // the kernel stops drawing on the screen, a user-level console owns it now.
    // invalid_param if the caller has no such mapping there.
    release_screen = 6,
};

// Values KdbOp::shutdown writes to QEMU's isa-debug-exit port (0xf4); QEMU
// exits with (value << 1) | 1, so no outcome is ever exit status 0.
namespace exit_code {
constexpr Word pass = 0x10;     // QEMU exits 33
constexpr Word fail = 0x11;     // QEMU exits 35
constexpr Word panic = 0x12;    // QEMU exits 37: the kernel itself failed
} // namespace exit_code

// What KdbOp::stats writes into MR1..MR(kernel_stats_words).
struct KernelStats {
    Word free_frames;      // kernel memory pool: free 4 KiB frames
    Word total_frames;
    Word threads;
    Word spaces;
    Word mapping_nodes;
    Word ticks;            // timer ticks since boot (1 ms)
};
constexpr Word kernel_stats_words = sizeof(KernelStats) / sizeof(Word);

} // namespace kapi
