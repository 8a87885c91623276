// The address layout of a process and of its P3 (docs/processes.md). The P3
// mirrors its process's pages at the same addresses, so both share these.
#pragma once
#include "l4/types.h"

namespace arc::layout {

constexpr L4_Word_t page_size = 4096;

constexpr L4_Word_t program_start = 0x00001000;   // text of every program (user.ld)
constexpr L4_Word_t device_window = 0x60000000;   // device memory a driver asked for
constexpr L4_Word_t device_window_end = 0x80000000;
constexpr L4_Word_t persistent_start = 0x80000000; // .pdata, then the persistent heap
constexpr L4_Word_t persistent_end = 0x90000000;
constexpr L4_Word_t shared_start = 0x90000000;    // session pages (through the P3s, arc/session.h):
constexpr L4_Word_t served_start = 0x90000000;    //   a server's own, which it shares with its
constexpr L4_Word_t served_end = 0x91000000;      //   clients (kept on every restart)
constexpr L4_Word_t mapped_start = 0x91000000;    //   the servers' pages it maps as a client
constexpr L4_Word_t shared_end = 0xa0000000;
constexpr L4_Word_t p3_start = 0xa0000000;        // the P3's own program (p3.ld)
constexpr L4_Word_t p3_heap = 0xa1000000;         // the P3's heap
constexpr L4_Word_t image_window = 0xa8000000;    // where ART shows a P3 its boot image
constexpr L4_Word_t p3_end = 0xb0000000;
// The supervision page (arc/protocol/recovery.h), then an unmapped guard page.
constexpr L4_Word_t control_page = 0xbfbfe000;
constexpr L4_Word_t stack_bottom = 0xbfc00000;    // the process's stack, growing down
constexpr L4_Word_t stack_top = 0xbfe00000;
constexpr L4_Word_t utcb_area = 0xbfe00000;       // kernel: UTCBs (SpaceControl)
constexpr unsigned utcb_area_log2 = 20;
constexpr L4_Word_t kip_area = 0xbfff0000;        // kernel: the KIP

constexpr L4_Word_t page_down(L4_Word_t a) { return a & ~(page_size - 1); }
constexpr L4_Word_t page_up(L4_Word_t a) { return (a + page_size - 1) & ~(page_size - 1); }

} // namespace arc::layout
