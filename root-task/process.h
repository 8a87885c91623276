// ART's process table. A process is two address spaces: its P3's (pager:
// ART) and its own (pager: the P3), each with one thread to start with.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/protocol/art.h"
#include "arc/protocol/recovery.h"
#include "arc/status.h"
#include "l4/types.h"

namespace art {

constexpr unsigned max_processes = 64;

struct Process {
    bool used = false;
    L4_Word_t pid = 0;
    uint16_t holder = 0;                 // its P3's holder number in the page table
    char name[32] = {};                  // the program's name, e.g. "hello"
    char fs[16] = {};                    // file system server, e.g. "ram" ("" for a boot image)
    char path[128] = {};                 // path on it
    char args[128] = {};
    const uint8_t* image = nullptr;      // a boot image (ImageSource::window)
    size_t image_size = 0;
    L4_ThreadId_t p3 = L4_nilthread;
    L4_ThreadId_t main = L4_nilthread;
    arc::art::ProcessState state = arc::art::ProcessState::starting;
    L4_Word_t faults = 0;
    L4_Word_t restarts = 0;
    L4_ThreadId_t waiter = L4_nilthread; // who waits for its end
    uint32_t interrupts = 0;             // the lines attached to its threads (bit per IRQ)
    uint32_t dma_channels = 0;           // ISA DMA channels ART started for it (bit per channel)
    // Frames other processes shared with this one and it mapped (partner).
    static constexpr unsigned max_shared_in = 64;
    uint32_t shared_in[max_shared_in] = {};
    unsigned shared_in_count = 0;
    // Device memory ART mapped into its P3 (map_device), and the part of
    // it the process shares with one other process (root-task/device_memory.h).
    struct DeviceRange {
        uint32_t address = 0, physical = 0, size = 0;   // in the P3; size 0: unused
        L4_Word_t share_with = 0;          // the pid that may map it (0: private)
        uint8_t share_rights = 0;
        uint32_t share_address = 0, share_size = 0;     // the shared part, in the P3
        L4_Word_t partner = 0;             // the pid that maps it now (0: nobody)
        uint32_t partner_address = 0;      // where, in the partner's P3
    };
    static constexpr unsigned max_device_ranges = 4;
    DeviceRange devices[max_device_ranges] = {};
    // Threads besides the main one (new_thread); slot i has UTCB slot i + 1.
    L4_ThreadId_t extra[arc::art::max_extra_threads] = {};
    // An order for its P3 that could not be delivered yet (the P3 was not
    // waiting): ART tries again until it is (server.cc).
    struct Order {
        L4_Word_t label = 0;              // arc::art::Order; 0: none
        L4_Word_t words[4] = {};
        L4_ThreadId_t requester = L4_nilthread;   // answered when the P3 took it
    } order;
    // How it ended, kept until someone waits for it (state ended).
    arc::Status end_status = arc::Status::ok;
    int end_code = 0;
    char end_reason[96] = {};
};

// The program image of every P3, from the ram archive (pager/).
bool processes_init(const uint8_t* p3_image, size_t p3_size);

// Starts "fs:program" with `args` (a boot image if `image` is given).
// Returns the process, or nullptr with the reason in `why`.
Process* process_start(const char* command, const char* args, const uint8_t* image, size_t image_size,
                       arc::Status& why);

// Ends a process: deletes its threads and spaces, takes back its pages, and
// answers whoever waits with `how` (ok: it exited), `code` and `reason`. With
// nobody waiting yet, the record stays (state ended) until someone does.
void process_end(Process* p, int code, const char* reason, arc::Status how);

// Answers `waiter` with how an ended process ended, and forgets it.
void process_collect(Process* p, L4_ThreadId_t waiter);

Process* process_by_pid(L4_Word_t pid);     // live or ended
Process* process_by_p3(L4_ThreadId_t p3);   // live only
Process* process_by_main(L4_ThreadId_t main); // live only
Process* process_at(unsigned index);        // the index-th live process, or nullptr

// A P3's page fault: maps its program, its boot image window or a fresh page.
// False if the address is not one a P3 may touch (the P3 is broken).
bool serve_p3_fault(Process* p, L4_Word_t address, L4_Word_t access);

// Resets a process its P3 is restarting at `t` (arc/protocol/recovery.h):
// ends its other threads and, for warm and colder, moves its main thread
// (halted by the P3) into a fresh address space with no interrupts attached.
arc::Status process_restart(Process* p, arc::recovery::Temperature t);

// Threads of a process besides its main thread, on its P3's request.
arc::Status thread_add(Process* p, L4_ThreadId_t& created);
arc::Status thread_remove(Process* p, L4_ThreadId_t t);
arc::Status thread_priority(Process* p, L4_ThreadId_t t, L4_Word_t priority);
// The physical address behind a P3's page at `address` (not_found if none).
arc::Status physical_of(Process* p, L4_Word_t address, L4_Word_t& physical);

// Page sharing through the P3s: `owner` shares its page at `address` with
// process `pid`; `partner` maps a page `owner_pid` shared with it at
// `address` in its P3 (loads the reply's map item).
arc::Status share_page(Process* owner, L4_Word_t address, L4_Word_t pid, L4_Word_t rights);
arc::Status map_shared_page(Process* partner, L4_Word_t owner_pid, L4_Word_t owner_address, L4_Word_t address);
// The partner's P3 flushed the shared page it had at `address`.
arc::Status unmap_shared_page(Process* partner, L4_Word_t address);

// Loads a reply with `count` fresh zeroed pages for the P3 from `first`
// (all in its anonymous ranges); false if the range is not one it may have.
bool allocate_for_p3(Process* p, L4_Word_t first, L4_Word_t count);

// ISA DMA (root-task/isa_dma.h): a contiguous buffer for the P3 at
// `address` (loads the reply: physical address and map items), and a
// channel started on or stopped for a buffer the P3 holds. The policy's
// `dma` lines are checked by the caller.
arc::Status allocate_dma_for_p3(Process* p, L4_Word_t address, L4_Word_t bytes);
arc::Status start_dma_for(Process* p, L4_Word_t channel, L4_Word_t address, L4_Word_t bytes, L4_Word_t flags);
arc::Status stop_dma_for(Process* p, L4_Word_t channel);

L4_ThreadId_t naming_thread();
void set_naming_thread(L4_ThreadId_t t);

} // namespace art
