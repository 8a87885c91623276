// The Arc Root Task's protocol (004, appendix B). Requests carry an Op as
// the label; replies carry an arc::Status as the label, then the results.
// "in:" lists the request's words after the label, "out:" the reply's.
#pragma once
#include "l4/types.h"

namespace arc::art {

enum class Op : L4_Word_t {
    // --- from any process (the shell) -----------------------------------------
    // in: string command ("fs:program"), string arguments   out: pid
    execute = 0x1001,
    // in: pid   out (when the process has ended): exit code, string reason.
    // The reply's status says how it ended: ok (it exited; reason empty),
    // crashed (a fault: reason names it), killed, or why it could not be
    // loaded (not_found, bad_executable, unavailable ...: reason says more)
    wait = 0x1002,
    // in: pid   out: -
    kill = 0x1003,
    // in: index (0, 1, ...)   out: pid, P3 thread, main thread, ProcessState,
    //   fault count, restart count, string name; Status::end_of_directory past the last
    process_info = 0x1004,
    // out: total pages, free pages, pages of ART itself, pages held by processes
    memory_info = 0x1005,
    // out: never (the machine resets)
    reboot = 0x1006,
    // A program's restart policy (arc/protocol/recovery.h), changed by the
    // settings first ("first=hot budget=5"; empty: just ask).
    // in: string program name, string settings
    // out: recovery::policy_words words (recovery::pack)
    recovery_policy = 0x1007,
    // Makes process pid commit `injection` at its next injection point but
    // `after` (its P3 arms it: 004's fault injection for demonstrations and
    // tests). sticky: again after every restart, until an injection none.
    // in: pid, recovery::Injection, after, argument, sticky   out: -
    inject = 0x1008,
    // The load-time fault plan of a program (arc/protocol/code_faults.h): every
    // process of it started afterwards has its code corrupted as it loads.
    // in: string program, string generator ("": only ask; "none": clear),
    //   count, seed low word, seed high word
    // out: string generator ("" if none), count, seed low word, seed high word
    code_faults = 0x1009,

    // --- from a P3, about its own process ----------------------------------------
    // out: process main thread, pid, naming thread, ImageSource, image address
    //   (ImageSource::window: where it is in the P3's space), image size,
    //   string fs server name, string path, string arguments, string program name,
    //   the program's fault plan as code_faults answers it
    get_job = 0x1101,
    // in: exit code
    exit = 0x1102,
    // The process is not restarted: ART ends it with its P3.
    // in: recovery::Failure, address, ip, detail (as for restart)
    report_fault = 0x1103,
    // in: Status (why), string message
    load_failed = 0x1104,
    // in: irq   out: -   (associates the interrupt with the process's main thread)
    attach_interrupt = 0x1105,
    // in: irq
    detach_interrupt = 0x1106,
    // in: first port, count   out: an I/O fpage map item for the P3 to pass on
    request_ports = 0x1107,
    // in: physical address, size, P3 address   out: a map item of the device memory
    map_device = 0x1108,
    // in: P3 address, size   (ART takes the pages back)
    release = 0x1109,
    // in: first page address, page count (<= max_allocate_pages)
    // out: one map item per page: fresh zeroed pages, read-write, at those
    //   addresses in the P3's space (the P3 asks only for pages it lacks)
    allocate = 0x110a,
    // out: a new thread in the process's space; its pager is the P3, and it
    //   waits for its start message from the P3
    new_thread = 0x110b,
    // in: thread (one new_thread gave this process; never its main thread)
    delete_thread = 0x110c,
    // in: thread (of this process), priority (<= max_process_priority)
    set_priority = 0x110d,
    // in: address in the P3's space   out: the physical address there
    //   (Status::not_found where the P3 holds no page of ART's)
    physical_address = 0x110e,
    // Page sharing through the P3s (004 figure 4.6): the owner's P3 marks a
    // page it holds as shared with one other process, which may then map it.
    // A page shared before may be shared anew once nobody maps it (its
    // partner unmapped it or ended): a server's session pages serve one
    // client after another. in: P3 address, partner pid, rights, and
    //   optionally bytes (default one page): device memory the process
    //   holds (map_device) is shared as one range of that many bytes; RAM
    //   page by page (Status::busy: the partner still maps it)
    share = 0x110f,
    // in: owner pid, the owner's address, address in this P3 (in the shared
    //   range), and optionally bytes (default one page)   out: map items: the
    //   RAM page at that address (one page only, whatever bytes says), or all
    //   the bytes of shared device memory in as few flexpages as fit (the
    //   caller adds up the items' sizes to see what it got)
    map_shared = 0x1110,
    // The partner's P3 no longer maps the page, or the device memory, it
    // mapped at this address (it flushed it first).   in: address in this P3
    //   out: -
    unmap_shared = 0x1112,
    // The P3 restarts its process (it stopped its threads first). ART counts
    // and logs it, ends the process's other threads and, for warm and cold,
    // moves its main thread into a fresh address space (same thread id:
    // callers stay queued) with no interrupts attached.
    // A group restart (Temperature::group) restarts this process cold and
    // orders the processes that use it (they looked its name up) to restart
    // warm, each that its policy lets restart at all (004, 4.4.2).
    // in: recovery::Temperature, recovery::Failure, address, ip, detail,
    //   then for a group restart the main threads of the processes that use it
    restart = 0x1111,

    // --- PCI: ART alone touches configuration space (root-task/pci.h) -----
    // The BARs of the index-th PCI function (0, 1, ...) with these ids, if
    // the policy names the device for this process's program (`NAME pci
    // VVVV:DDDD`); map_device then maps memory inside its memory BARs.
    // in: vendor, device id, index   out: pci::location, then pci::bar_count
    //   times: base, size, flags (pci::bar_io ...; size 0: no such BAR)
    //   Status::not_permitted (policy), Status::no_device (not there)
    pci_device = 0x1120,

    // --- ISA DMA (the Sound Blaster's drivers, root-task/isa_dma.h) ----------
    // A buffer an ISA DMA controller can reach: `bytes` (a page multiple, at
    // most 64 KiB) of physically contiguous RAM below 16 MiB, aligned to the
    // power of two at or above its size (so it crosses no 64 or 128 KiB
    // boundary), zeroed, mapped read-write at the P3 address (page aligned,
    // in the process's anonymous ranges). The P3 holds it like any page, so
    // it survives the process's restarts with the P3. Only for a program
    // with a `dma` line in the policy.
    // in: P3 address, bytes   out: physical address, one map item per page
    //   (Status::no_memory: no such run is free)
    allocate_dma = 0x1130,
    // Starts DMA channel `channel` (the policy's `dma` lines) memory to
    // device on the buffer at the P3 address, which must be pages the P3
    // holds, physically contiguous (allocate_dma's), `bytes` long, within
    // what check() of isa_dma.h allows. flags: dma_auto_init.
    // in: channel, P3 address, bytes, flags   out: -
    start_dma = 0x1131,
    // Masks the channel (its transfer stops where it is).   in: channel   out: -
    stop_dma = 0x1132,
};

// start_dma's flags.
constexpr L4_Word_t dma_auto_init = 1;       // start over at the buffer's end, endlessly
// allocate_dma's largest buffer: one 8-bit channel's block.
constexpr L4_Word_t max_dma_bytes = 64 * 1024;

namespace pci {
constexpr L4_Word_t bar_count = 6;
// pci_device's BAR flags.
constexpr L4_Word_t bar_io = 0x1;             // I/O ports: base is the first port
constexpr L4_Word_t bar_prefetchable = 0x2;
constexpr L4_Word_t bar_wide = 0x4;           // a 64-bit BAR (below 4 GiB, or reported absent)
// The location word: bus << 8 | device << 3 | function.
constexpr L4_Word_t location_bus_shift = 8, location_device_shift = 3;
} // namespace pci

// Orders from ART to a P3 (ART sends them; the P3 does not answer).
enum class Order : L4_Word_t {
    // in: recovery::Injection, after, argument, sticky   (the P3 also reads
    //   its policy again: this order may stand in for a policy_changed one)
    inject = 0x1181,
    // Restart the process now (a member of a group restart).
    // in: recovery::Temperature, recovery::Failure
    restart = 0x1182,
    // The process's restart policy changed: ask for it again.   in: -
    policy_changed = 0x1183,
};

// Threads a process may have besides its main thread, and the highest
// priority it may give them (ART runs at 150, P3s and processes at 100).
constexpr L4_Word_t max_extra_threads = 15;
constexpr L4_Word_t max_process_priority = 120;

// Pages one allocate request may ask for: a P3 fills its mirror in clusters
// of this many, so most page faults of its process cost one round trip.
constexpr L4_Word_t max_allocate_pages = 16;

enum class ImageSource : L4_Word_t {
    file = 1,      // read it from the file system server named in the job
    window = 2,    // ART mapped it at layout::image_window in the P3's space
};

enum class ProcessState : L4_Word_t {
    starting = 1,
    running = 2,
    ended = 3,
};

} // namespace arc::art
