// Client side of the per-process pager (protocol/pager.h): what a process
// asks of its own P3.
#pragma once
#include "arc/status.h"
#include "l4/types.h"

namespace arc::pager {
[[noreturn]] void exit(int code);
[[noreturn]] void panic(const char* message);
// Moves the end of the heap; returns the end in force (0 on failure).
L4_Word_t grow_heap(L4_Word_t new_end);
Status attach_interrupt(L4_Word_t irq);
Status detach_interrupt(L4_Word_t irq);
Status request_ports(L4_Word_t first, L4_Word_t count);
Status map_device(L4_Word_t physical, L4_Word_t size, L4_Word_t& address);
// A new thread of this process, running at `ip` on the stack `sp`.
Status new_thread(L4_Word_t ip, L4_Word_t sp, L4_ThreadId_t& thread);
Status delete_thread(L4_ThreadId_t thread);
Status set_priority(L4_ThreadId_t thread, L4_Word_t priority);
// The physical address behind `address` (a page the process has touched).
Status physical_address(L4_Word_t address, L4_Word_t& physical);
// Shares the page at `address` with process `pid` (it may map it with `rights`).
Status share(L4_Word_t address, L4_Word_t pid, L4_Word_t rights);
// Shares `bytes` from `address` on: device memory map_device gave us, as
// one range (RAM page by page).
Status share(L4_Word_t address, L4_Word_t pid, L4_Word_t rights, L4_Word_t bytes);
// Maps the `pages` pages process `owner` shared with us from
// `owner_address` on; `address` is where they are now (arc/session.h).
Status map_session(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t pages, L4_Word_t& address);
Status unmap_session(L4_Word_t address);
// ISA DMA (protocol/pager.h): the process's one DMA buffer of `bytes`
// (the same one every time it asks, across restarts), and a channel the
// policy grants started on it (flags: art::dma_auto_init) or stopped.
Status dma_buffer(L4_Word_t bytes, L4_Word_t& address, L4_Word_t& physical);
Status start_dma(L4_Word_t channel, L4_Word_t address, L4_Word_t bytes, L4_Word_t flags);
Status stop_dma(L4_Word_t channel);
// A PCI device the policy names for this program: where it is and its
// BARs (flags: art::pci::bar_io ...), as ART found them at boot.
struct PciDevice {
    L4_Word_t location = 0;           // bus << 8 | device << 3 | function
    struct Bar {
        L4_Word_t base = 0, size = 0, flags = 0;     // size 0: none
    } bars[6];
};
// The `index`-th device (0, 1, ...) with these ids; Status::not_permitted
// if the policy does not name it, Status::no_device if it is not there.
Status pci_device(L4_Word_t vendor, L4_Word_t id, L4_Word_t index, PciDevice& device);
// After a restart (arc/server.h): recovery is complete. `recover_began`
// and `replied`: the low words of the instruction counter when Recover()
// began and when the replayed request was answered (0: no replay).
void recovered(L4_Word_t recover_began, L4_Word_t replied);
// Recover() failed: the P3 restarts us colder. Does not return.
[[noreturn]] void recovery_failed(const char* reason);
} // namespace arc::pager
