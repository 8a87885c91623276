#include "code_faults.h"
#include "process.h"
#include "fault/injector.h"
#include "rt/heap.h"
#include "rt/print.h"

namespace p3 {

namespace {

constexpr uint8_t int3 = 0xcc;
// Functions of a program the injector can walk (its .symtab's).
constexpr size_t max_functions = 4096;

// Where each fault is, and its first byte (INT3 stands there until it runs).
struct Armed {
    L4_Word_t address;
    uint8_t* in_image;
    uint8_t first_byte;
    bool reached;
};
Armed armed[fault::max_faults];
uint32_t armed_count = 0;

void log_change(const fault::Change& c, uint32_t number, uint32_t of)
{
    char before[3 * x86::max_length + 1], after[3 * x86::max_length + 1];
    for (unsigned k = 0; k < c.length; ++k) {
        rt::snprintf(before + 3 * k, 4, "%02x ", c.before[k]);
        rt::snprintf(after + 3 * k, 4, "%02x ", c.after[k]);
    }
    before[3 * c.length - 1] = after[3 * c.length - 1] = '\0';
    rt::print("p3: %s (pid %u): fault %u of %u at 0x%08x: %s -> %s\n", job.name, job.pid, number, of, c.address,
              before, after);
}

} // namespace

void inject_code_faults(uint8_t* image, size_t size)
{
    const arc::code_faults::Plan& plan = job.faults;
    if (plan.empty())
        return;
    fault::Plan p{fault::find_generator(plan.generator), plan.count, plan.seed};
    auto* scratch = static_cast<fault::CodeRange*>(malloc(max_functions * sizeof(fault::CodeRange)));
    static fault::Change changes[fault::max_faults];
    fault::Report report;
    fault::ElfError e = p.generator && scratch
                            ? fault::inject_elf(image, size, p, scratch, max_functions, changes, report)
                            : fault::ElfError::no_code;
    free(scratch);
    if (e != fault::ElfError::none) {
        rt::print("p3: %s (pid %u): no %s faults injected: %s\n", job.name, job.pid, plan.generator,
                  e == fault::ElfError::too_many_functions ? "too many functions" : "no code to corrupt");
        return;
    }
    rt::print("p3: %s (pid %u): %u %s faults injected (seed %llu), %u candidates in %u instructions\n", job.name,
              job.pid, report.changes, plan.generator, static_cast<unsigned long long>(plan.seed),
              report.candidates, report.instructions);
    for (uint32_t j = 0; j < report.changes; ++j) {
        const fault::Change& c = changes[j];
        log_change(c, j + 1, report.changes);
        armed[armed_count++] = Armed{c.address, c.at, c.after[0], false};
        *c.at = int3;
    }
}

bool code_fault_reached(L4_Word_t address)
{
    for (uint32_t j = 0; j < armed_count; ++j) {
        Armed& a = armed[j];
        if (a.address != address)
            continue;
        if (!a.reached) {
            a.reached = true;
            *a.in_image = a.first_byte;
            if (filled.contains(address >> 12))
                *reinterpret_cast<volatile uint8_t*>(address) = a.first_byte;
            rt::print("p3: %s (pid %u): fault %u reached at 0x%08x\n", job.name, job.pid, j + 1, address);
        }
        return true;            // another thread may have stopped there before the byte went back
    }
    return false;
}

} // namespace p3
