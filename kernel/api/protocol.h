// Messages the kernel itself sends and the replies it understands: page faults,
// exceptions, interrupts, and the thread start message. Labels are L4 X.2's
// negative protocol numbers in the upper bits of the 16-bit label.
#pragma once
#include "types.h"

namespace kapi {

namespace label {
constexpr Word interrupt = 0xfff0;     // -1 << 4: from an interrupt thread, no words
constexpr Word page_fault = 0xffe0;    // -2 << 4 | rwx of the faulting access
constexpr Word exception = 0xffb0;     // -5 << 4: an IA-32 exception other than #PF
constexpr Word sigma0 = 0xffa0;        // -6 << 4: request to sigma0
constexpr Word is_page_fault_mask = 0xfff0;
} // namespace label

// Page fault: MR1 = fault address, MR2 = faulting IP; label low bits = access.
// Reply: a map or grant item (t = 2) for the faulting space, window = the whole
// space; or an empty message, which resumes the thread (it may fault again).
namespace page_fault {
constexpr Word address = 1, ip = 2, words = 2;
} // namespace page_fault

// Exception: twelve words with the thread's state. Reply with the same layout
// (u = 12) to resume with changed registers, or u = 0 to resume unchanged.
namespace exception {
constexpr Word eip = 1, eflags = 2, vector = 3, error = 4, edi = 5, esi = 6,
               ebp = 7, esp = 8, ebx = 9, edx = 10, ecx = 11, eax = 12, words = 12;
// Vectors above the CPU's 0..31 that the kernel reports the same way.
constexpr Word vector_kernel_halt = 0x100;
} // namespace exception

// Thread start: a new thread that has a pager waits for one message from it;
// MR1 = initial IP, MR2 = initial SP.
namespace start {
constexpr Word ip = 1, sp = 2, words = 2;
} // namespace start

// Sigma0: MR1 = requested fpage (base = physical address; base ~0 with s
// means "any free RAM of that size"), MR2 = attributes (0). Reply: a map item
// of the fpage into the requester's acceptor window, or an empty message with
// MsgTag label sigma0_refused.
namespace sigma0 {
constexpr Word fpage = 1, attributes = 2, words = 2;
constexpr Word any_address = ~0x3ffu;
constexpr Word refused = 0xffa1;
} // namespace sigma0

} // namespace kapi
