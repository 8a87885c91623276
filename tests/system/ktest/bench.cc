// Benchmarks (kernel command line "bench", run under QEMU -icount shift=0 by
// `tools/arc bench`, where rdtsc counts retired guest instructions). Each
// figure is the median of many iterations, in instructions.
#include "child.h"
#include "ktest.h"
#include "rt/string.h"

namespace ktest {
namespace {

constexpr unsigned iterations = 1001;

inline uint64_t rdtsc()
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");   // keep the timed access between
    return (uint64_t(hi) << 32) | lo;
}

uint32_t samples[iterations];

uint32_t median(uint32_t* v, unsigned n)
{
    for (unsigned i = 1; i < n; ++i)           // insertion sort: n is small
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; --j) {
            uint32_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

void echo_server(L4_Word_t)
{
    L4_ThreadId_t client;
    L4_Wait(&client);
    for (;;) {
        L4_LoadMR(0, L4_MsgTag(0, 2).raw);
        L4_ReplyWait(client, &client);
    }
}

void bench_ipc_round_trip()
{
    Child server;
    if (!spawn(server, echo_server, 0)) {
        rt::print("BENCH ipc: could not start the server\n");
        return;
    }
    settle();
    for (unsigned i = 0; i < 50; ++i) {          // warm up: fault in the server's pages
        L4_LoadMR(0, L4_MsgTag(1, 2).raw);
        call_child(server.id, L4_Never);
    }
    for (unsigned i = 0; i < iterations; ++i) {
        L4_LoadMR(0, L4_MsgTag(1, 2).raw);
        L4_LoadMR(1, i);
        L4_LoadMR(2, ~i);
        uint64_t t0 = rdtsc();
        L4_Call(server.id);
        samples[i] = static_cast<uint32_t>(rdtsc() - t0);
    }
    rt::print("BENCH ipc_call_round_trip_instructions %u (2-word message, two address spaces, median of %u)\n",
              median(samples, iterations), iterations);
    kill(server);
}

constexpr unsigned fault_pages = 256;
alignas(4096) volatile char fault_area[fault_pages][4096];   // volatile: stores that nobody reads must still happen
uint32_t fault_samples[fault_pages];

void fault_child(L4_Word_t)
{
    fault_samples[0] = 0;                        // fault the results page in first
    fault_samples[fault_pages - 1] = 0;
    for (unsigned i = 0; i < fault_pages; ++i) {
        uint64_t t0 = rdtsc();
        fault_area[i][0] = 1;
        fault_samples[i] = static_cast<uint32_t>(rdtsc() - t0);
    }
    report();
}

// The baseline for ART and P3's two-level paging: one pager that gives a
// fresh zeroed page per fault, as ART does for a P3 (the child's pages here
// are ours, zeroed before we map them).
alignas(4096) volatile char zero_area[fault_pages][4096];

void bench_page_fault_zero_fill()
{
    Child c;
    if (!spawn(c, fault_child, 1)) {
        rt::print("BENCH page fault: could not start the child\n");
        return;
    }
    L4_ThreadId_t from;
    for (;;) {
        L4_MsgTag_t tag = L4_Wait_Timeout(milliseconds(5000), &from);
        if (L4_IpcFailed(tag) || (L4_Label(tag) & kapi::label::is_page_fault_mask) != kapi::label::page_fault)
            break;
        L4_Word_t address = L4_MR(kapi::page_fault::address);
        L4_Word_t page = address & ~0xfffu;
        L4_Word_t ours = page;
        L4_Word_t first = reinterpret_cast<L4_Word_t>(fault_area);
        if (page >= first && page < first + sizeof(fault_area))
            ours = reinterpret_cast<L4_Word_t>(zero_area) + (page - first);
        if (ours != page)
            memset(const_cast<char*>(reinterpret_cast<volatile char*>(ours)), 0, 4096);
        load_map_reply(ours, L4_FullyAccessible, address);
        L4_Send_Timeout(from, L4_ZeroTime);
    }
    uint64_t sum = 0;
    for (unsigned i = 0; i < fault_pages; ++i)
        sum += fault_samples[i];
    rt::print("BENCH page_fault_single_pager_zero_fill_mean_instructions %u (one pager zeroes and maps; mean of %u)\n",
              static_cast<unsigned>(sum / fault_pages), fault_pages);
    kill(c);
}

void bench_page_fault()
{
    for (unsigned i = 0; i < fault_pages; ++i)
        fault_area[i][0] = 0;                    // our own pages exist before we lend them
    Child c;
    if (!spawn(c, fault_child, 0)) {
        rt::print("BENCH page fault: could not start the child\n");
        return;
    }
    L4_ThreadId_t from;
    serve(&from, milliseconds(5000));
    rt::print("BENCH page_fault_user_pager_instructions %u (fault, IPC to the pager, map, resume; median of %u)\n",
              median(fault_samples, fault_pages), fault_pages);
    kill(c);
}

} // namespace

void run_benchmarks()
{
    bench_ipc_round_trip();
    bench_page_fault();
    bench_page_fault_zero_fill();
}

} // namespace ktest
