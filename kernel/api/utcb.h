// The user-level thread control block: one 4 KiB page per thread, allocated by
// the kernel and mapped into the thread's space at the location its creator
// chose inside the space's UTCB area. User code reaches its own UTCB through
// %gs:0 (the `self` word), as on L4 X.2 IA-32.
//
// Invariant: the kernel reads message registers only from here (through its
// own direct mapping), never from user pointers, so IPC cannot fault in the
// kernel.
#pragma once
#include "types.h"

namespace kapi {

constexpr unsigned mr_count = 64;    // MR0..MR63
constexpr unsigned br_count = 33;    // BR0..BR32
constexpr unsigned utcb_size = 4096;

struct Utcb {
    Word self;                   // user address of this UTCB (%gs:0)
    ThreadId my_global_id;
    Word processor_no;
    Word user_defined_handle;
    ThreadId pager;              // copies of kernel state, refreshed by the kernel
    ThreadId exception_handler;
    Word flags;
    Word xfer_timeouts;
    Word error_code;             // Error or IPC error word of the last call
    ThreadId intended_receiver;
    ThreadId virtual_sender;
    ThreadId exreg_pager;        // ExchangeRegisters: pager in, old pager out
    Word exreg_udh;              // ExchangeRegisters: handle in, old handle out
    Word reserved[3];
    Word br[br_count];           // BR0 is the acceptor for map and grant items
    Word mr[mr_count];
};
static_assert(sizeof(Utcb) <= utcb_size);

} // namespace kapi
