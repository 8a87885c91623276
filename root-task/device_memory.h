// Device memory a process holds, and sharing it through the P3s (004
// figure 4.6) as RAM pages are shared: the display driver hands the
// framebuffer to the process that holds the screen. A RAM page has a record
// in the page table; device memory has none, so each process keeps the
// ranges ART mapped into its P3 (Process::devices) and which part of each
// it shares, with whom, and whether that partner maps it now.
//
// Invariants, as for RAM pages: a range is shared with at most one partner
// at a time; the owner may share it anew only once nobody maps it; only the
// named pid maps it; the owner's end revokes the partner's mapping (ART
// unmaps its own device window there, from which both derive), the
// partner's end frees the share for the next one.
#pragma once
#include "process.h"
#include "arc/status.h"

namespace art {

// map_device gave `p`'s P3 [physical, physical + size) at `address`.
void device_mapped(Process* p, uint32_t address, uint32_t physical, uint32_t size);

// The owner shares [address, address + size) of its P3 (inside one range it
// holds) with process `pid`. not_found if it holds no such device memory,
// busy if a partner still maps what it shared.
arc::Status share_device(Process* owner, uint32_t address, uint32_t size, L4_Word_t pid, L4_Word_t rights);

// The partner maps what `owner_pid` shared with it from `owner_address` on,
// `size` bytes, at `address` in its P3: loads the reply (status ok and the
// map items, as few flexpages as the alignments allow). not_found if the
// owner shares no device memory there.
arc::Status map_shared_device(Process* partner, L4_Word_t owner_pid, uint32_t owner_address, uint32_t size,
                              uint32_t address);

// The partner's P3 flushed what it mapped at `address`: not_found if it
// mapped no device memory there.
arc::Status unmap_shared_device(Process* partner, uint32_t address);

// `p` ends: the partners of what it shared lose their mappings, and what it
// mapped from others is free to be shared anew.
void device_process_ended(Process* p);

} // namespace art
