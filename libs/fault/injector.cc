#include "fault/injector.h"
#include "elf/elf32.h"
#include "rt/string.h"

namespace fault {

namespace {

// Calls visit(code, instruction, context) for every instruction of the
// ranges, in order; returns how many there were.
template <typename Visit>
uint32_t walk(const CodeRange* ranges, size_t range_count, Visit visit)
{
    uint32_t instructions = 0;
    for (size_t r = 0; r < range_count; ++r) {
        Context where{0};
        for (uint32_t at = 0; at < ranges[r].size;) {
            x86::Instruction i;
            uint8_t* code = ranges[r].bytes + at;
            if (x86::decode(code, ranges[r].size - at, i) != x86::DecodeError::none) {
                ++at;                                    // not code (or not ours): step over it
                continue;
            }
            visit(code, ranges[r].address + at, i, where);
            ++instructions;
            ++where.index_in_function;
            at += i.length;
        }
    }
    return instructions;
}

// k distinct numbers below n, ascending.
void choose(uint32_t n, uint32_t k, Random& random, uint32_t* chosen)
{
    for (uint32_t j = 0; j < k; ++j) {
        uint32_t pick;
        bool taken;
        do {
            pick = random.below(n);
            taken = false;
            for (uint32_t m = 0; m < j; ++m)
                taken |= chosen[m] == pick;
        } while (taken);
        uint32_t m = j;                                  // insertion, keeping the order
        for (; m > 0 && chosen[m - 1] > pick; --m)
            chosen[m] = chosen[m - 1];
        chosen[m] = pick;
    }
}

constexpr uint8_t stt_func = 2;
constexpr size_t symbol_size = 16;       // Elf32_Sym

uint32_t read32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }

// The functions of .symtab that lie in the file-backed part of an
// executable segment, sorted by address, aliases once. -1: too many.
long functions_of(const elf::Image& elf, uint8_t* image, CodeRange* out, size_t capacity)
{
    auto symtab = elf.find_section(".symtab");
    if (!symtab.ok() || !symtab->data)
        return 0;
    size_t count = 0;
    for (size_t at = 0; at + symbol_size <= symtab->size; at += symbol_size) {
        const uint8_t* sym = symtab->data + at;
        uint32_t value = read32(sym + 4), size = read32(sym + 8);
        if ((sym[12] & 0xf) != stt_func || size == 0)
            continue;
        auto segment = elf.segment_at(value);
        if (!segment.ok() || !segment->executable() || value - segment->vaddr > segment->filesz ||
            size > segment->filesz - (value - segment->vaddr))
            continue;
        if (count == capacity)
            return -1;
        CodeRange r{image + segment->offset + (value - segment->vaddr), value, size};
        size_t m = count++;
        for (; m > 0 && out[m - 1].address > value; --m)
            out[m] = out[m - 1];
        out[m] = r;
    }
    size_t kept = 0;                                     // aliases: one range per address
    for (size_t k = 0; k < count; ++k)
        if (kept == 0 || out[kept - 1].address != out[k].address)
            out[kept++] = out[k];
    return static_cast<long>(kept);
}

// Without symbols: each executable segment's file bytes whole.
size_t segments_of(const elf::Image& elf, uint8_t* image, CodeRange* out, size_t capacity)
{
    size_t count = 0;
    for (elf::Segment s : elf.loads())
        if (s.executable() && s.filesz && count < capacity)
            out[count++] = CodeRange{image + s.offset, s.vaddr, s.filesz};
    return count;
}

} // namespace

Report inject_code(const CodeRange* ranges, size_t range_count, const Plan& plan, Change* changes)
{
    Report report;
    const Generator& g = *plan.generator;
    report.instructions = walk(ranges, range_count, [&](uint8_t* code, uint32_t, const x86::Instruction& i,
                                                        const Context& where) {
        report.candidates += g.matches(code, i, where);
    });
    uint32_t wanted = plan.count < max_faults ? plan.count : max_faults;
    uint32_t k = wanted < report.candidates ? wanted : report.candidates;
    Random random(plan.seed);
    uint32_t chosen[max_faults];
    choose(report.candidates, k, random, chosen);

    // Found first, corrupted after: a corrupted instruction must not change
    // how the walk reads the ones after it.
    x86::Instruction found[max_faults];
    uint32_t candidate = 0, next = 0;
    walk(ranges, range_count, [&](uint8_t* code, uint32_t address, const x86::Instruction& i, const Context& where) {
        if (next == k || !g.matches(code, i, where))
            return;
        if (candidate++ != chosen[next])
            return;
        Change& c = changes[next];
        c.address = address;
        c.at = code;
        c.length = i.length;
        memcpy(c.before, code, i.length);
        found[next++] = i;
    });
    for (uint32_t j = 0; j < k; ++j) {
        g.corrupt(changes[j].at, found[j], random);
        memcpy(changes[j].after, changes[j].at, changes[j].length);
    }
    report.changes = k;
    return report;
}

ElfError inject_elf(uint8_t* image, size_t size, const Plan& plan, CodeRange* scratch, size_t scratch_count,
                    Change* changes, Report& report)
{
    auto elf = elf::Image::open(image, size);
    if (!elf.ok())
        return ElfError::not_elf;
    long n = functions_of(*elf, image, scratch, scratch_count);
    if (n < 0)
        return ElfError::too_many_functions;
    if (n == 0)
        n = static_cast<long>(segments_of(*elf, image, scratch, scratch_count));
    if (n == 0)
        return ElfError::no_code;
    report = inject_code(scratch, static_cast<size_t>(n), plan, changes);
    return ElfError::none;
}

} // namespace fault
