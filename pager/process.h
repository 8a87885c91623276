// The P3's view of its one process: its job, its program, its regions and
// the pages the P3 has filled for it; and how the P3 tells ART about it.
// Rebuilt whenever the P3 starts (a P3 is never restarted; it is recreated
// with its process).
#pragma once
#include <stdint.h>
#include "loader.h"
#include "regions.h"
#include "arc/protocol/art.h"
#include "arc/protocol/recovery.h"
#include "arc/status.h"
#include "elf/elf32.h"
#include "l4/types.h"

namespace p3 {

extern Job job;
extern elf::Image program;
extern Regions regions;
extern PageSet filled;
extern L4_Word_t persistent_top;             // the end of the highest persistent page filled
extern L4_Word_t device_next;                 // the next free address of the device window
extern L4_Word_t dma_buffer;                  // the process's DMA buffer (a device region), or 0
extern L4_ThreadId_t extra_threads[arc::art::max_extra_threads];   // the process's other threads

bool is_our_thread(L4_ThreadId_t t);

// Makes our page at `page` hold what the process should find there first,
// with the rest of its cluster (see process.cc).
bool fill(uint32_t page, const Region& r);

[[noreturn]] void stop();
// The process is not restarted: ART ends it, and this P3 with it.
[[noreturn]] void report_fault(arc::recovery::Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail);
[[noreturn]] void load_failed(arc::Status why, const char* message);

} // namespace p3
