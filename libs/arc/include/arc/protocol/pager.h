// The per-process pager's protocol, from the process to its own P3. Replies
// carry an arc::Status label. Page faults and exceptions use the kernel's
// protocols (kernel/api/protocol.h).
#pragma once
#include "l4/types.h"

namespace arc::pager {

enum class Op : L4_Word_t {
    // in: exit code   (no reply)
    exit = 0x1201,
    // in: new end of the heap (0: just ask)   out: the end now in force
    grow_heap = 0x1202,
    // in: string message   (no reply: the process is ended or restarted)
    panic = 0x1203,
    // in: irq   out: -   (the interrupt's messages go to the calling thread)
    attach_interrupt = 0x1204,
    // in: irq   out: -   (an interrupt this process attached)
    detach_interrupt = 0x120d,
    // in: first port, count   out: -   (the ports are usable afterwards)
    request_ports = 0x1205,
    // in: physical address, size   out: address in the process
    map_device = 0x1206,
    // in: initial ip, initial sp   out: the new thread's id (it runs at once)
    new_thread = 0x1207,
    // in: thread
    delete_thread = 0x1208,
    // in: thread, priority
    set_priority = 0x1209,
    // in: address in the process   out: the physical address there (for DMA)
    physical_address = 0x120a,
    // in: address (a page the process touched), partner pid, rights, and
    //   optionally bytes: device memory the process mapped (map_device) is
    //   shared as one range of that many bytes, RAM page by page
    share = 0x120b,
    // Maps `pages` pages process `owner` shared with us (a session's,
    // arc/session.h, or device memory it holds, arc/display.h), from the
    // owner's address on, at an address the P3 picks in
    // layout::mapped_start .. shared_end (at the owner's offset modulo
    // 4 MiB: large flexpages carry them). The process gets them all on its
    // first touch. They stay ours across hot and warm restarts; a cold
    // restart unmaps them.
    // in: owner pid, the owner's address, pages   out: the address here
    map_session = 0x120c,
    // in: an address map_session returned   out: -   (the pages are gone)
    unmap_session = 0x1210,
    // The BARs of a PCI device the policy names for this program (ART's
    // art::Op::pci_device, passed on).   in: vendor, device id, index
    //   out: location, then art::pci::bar_count times base, size, flags
    pci_device = 0x1220,
    // --- from a restartable server's MainLoop (arc/server.h) -------------
    // After a restart: Recover() (or Initialize() after a cold one) and the
    // replay are done. in: instruction count when Recover() began, and when
    // the replayed request was answered (0: nothing to replay)   out: -
    recovered = 0x120e,
    // Recover() could not restore the server: restart it colder.
    // in: string reason   (no reply)
    recovery_failed = 0x120f,

    // --- ISA DMA (arc/protocol/art.h's allocate_dma, start_dma, stop_dma) ---
    // The process's DMA buffer: `bytes` of RAM an ISA DMA controller can
    // reach (below 16 MiB, contiguous, within one 64 KiB block), in the
    // device window. The P3 holds it for the process's whole life: every
    // restart, cold ones too, finds the same buffer (the card may still be
    // playing from it); asked again for the same size, the P3 answers with
    // it (Status::busy for another size: one buffer per process).
    // in: bytes (a page multiple, at most art::max_dma_bytes)
    // out: address in the process, physical address
    dma_buffer = 0x1230,
    // in: channel, address of the buffer, bytes, art::dma_auto_init or 0   out: -
    start_dma = 0x1231,
    // in: channel   out: -
    stop_dma = 0x1232,
};

} // namespace arc::pager
