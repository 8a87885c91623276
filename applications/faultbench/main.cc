// faultbench: the cost of a page fault of a supervised process, served
// through its P3 and ART, in guest instructions (run under QEMU -icount,
// where rdtsc counts them: tools/arc bench). It touches fresh heap pages one
// by one and prints the median.
#include "arc/clock.h"
#include "rt/heap.h"
#include "rt/print.h"

namespace {

constexpr unsigned pages = 256;
constexpr unsigned page_size = 4096;

uint32_t samples[pages];

uint32_t median(uint32_t* v, unsigned n)
{
    for (unsigned i = 1; i < n; ++i)
        for (unsigned j = i; j > 0 && v[j - 1] > v[j]; --j) {
            uint32_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

} // namespace

int main()
{
    samples[0] = samples[pages - 1] = 0;          // our own bss pages, in before the timing
    auto* area = static_cast<volatile char*>(malloc((pages + 1) * page_size));
    if (!area) {
        rt::print("faultbench: no memory\n");
        return 1;
    }
    auto* first = reinterpret_cast<volatile char*>((reinterpret_cast<uintptr_t>(area) + page_size - 1) & ~uintptr_t(page_size - 1));
    for (unsigned i = 0; i < pages; ++i) {
        uint64_t t0 = arc::clock::now();
        first[i * page_size] = 1;
        samples[i] = static_cast<uint32_t>(arc::clock::now() - t0);
    }
    uint64_t sum = 0;
    for (unsigned i = 0; i < pages; ++i)
        sum += samples[i];
    // The mean counts the faults that also fetch a cluster of pages from ART;
    // it is the figure to compare with a single pager's.
    rt::print("BENCH page_fault_p3_art_mean_instructions %u (fresh zeroed heap page: process -> P3 -> ART; mean of %u)\n",
              static_cast<unsigned>(sum / pages), pages);
    rt::print("BENCH page_fault_p3_art_median_instructions %u\n", median(samples, pages));
    return 0;
}
