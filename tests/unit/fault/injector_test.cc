// The fault generators on hand-made code, and the injector's promises on a
// real program: the same seed gives the same faults; length-keeping
// generators keep every instruction's length; nothing outside the chosen
// instructions changes.
#include <gtest/gtest.h>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include "fault/injector.h"

namespace {

using fault::Change;
using fault::CodeRange;
using fault::Plan;
using fault::Report;

// A function as clang writes one (32-bit):
//   55                push %ebp
//   89 e5             mov %esp,%ebp
//   c7 45 fc 00 00 00 00   movl $0,-4(%ebp)
//   b8 07 00 00 00    mov $7,%eax
//   39 c8             cmp %ecx,%eax
//   7c 02             jl +2
//   8b 45 fc          mov -4(%ebp),%eax
//   0f 84 00 00 00 00 je rel32
//   5d                pop %ebp
//   c3                ret
const std::vector<uint8_t> function = {0x55, 0x89, 0xe5, 0xc7, 0x45, 0xfc, 0, 0, 0, 0, 0xb8, 7, 0, 0, 0,
                                       0x39, 0xc8, 0x7c, 0x02, 0x8b, 0x45, 0xfc, 0x0f, 0x84, 0, 0, 0, 0, 0x5d, 0xc3};

struct Injected {
    std::vector<uint8_t> code;
    Report report;
    std::vector<Change> changes;
};

Injected inject(const char* generator, uint32_t count, uint64_t seed, std::vector<uint8_t> code = function)
{
    Injected out{code, {}, std::vector<Change>(fault::max_faults)};
    CodeRange range{out.code.data(), 0x1000, static_cast<uint32_t>(out.code.size())};
    Plan plan{fault::find_generator(generator), count, seed};
    EXPECT_NE(plan.generator, nullptr) << generator;
    out.report = fault::inject_code(&range, 1, plan, out.changes.data());
    out.changes.resize(out.report.changes);
    return out;
}

TEST(FaultGenerators, ConditionalDeletesEachBranch)
{
    Injected in = inject("conditional", 5, 1);
    EXPECT_EQ(in.report.instructions, 10u);
    EXPECT_EQ(in.report.candidates, 2u);                  // jl and je
    ASSERT_EQ(in.changes.size(), 2u);
    EXPECT_EQ(in.changes[0].address, 0x1011u);
    EXPECT_EQ(in.code[0x11], 0x90);
    EXPECT_EQ(in.code[0x12], 0x90);
    for (int k = 0x16; k < 0x1c; ++k)
        EXPECT_EQ(in.code[k], 0x90);
    EXPECT_EQ(in.code[0x1c], 0x5d);                       // the rest as it was
}

TEST(FaultGenerators, OffByOneTurnsLessIntoLessOrEqual)
{
    Injected in = inject("off-by-one", 1, 1);
    EXPECT_EQ(in.report.candidates, 1u);                  // jl; je is no bound
    ASSERT_EQ(in.changes.size(), 1u);
    EXPECT_EQ(in.code[0x11], 0x7e);                       // jle
    // jb<->jbe, jae<->ja, jge<->jg, both ways, short and near.
    const std::pair<uint8_t, uint8_t> pairs[] = {{0x72, 0x76}, {0x73, 0x77}, {0x7d, 0x7f}, {0x7e, 0x7c}};
    for (auto [from, to] : pairs) {
        EXPECT_EQ(inject("off-by-one", 1, 1, {from, 0}).code[0], to);
        EXPECT_EQ(inject("off-by-one", 1, 1, {0x0f, static_cast<uint8_t>(from + 0x10), 0, 0, 0, 0}).code[1],
                  static_cast<uint8_t>(to + 0x10));
    }
}

TEST(FaultGenerators, InitializationDeletesTheStartsMoves)
{
    Injected in = inject("initialization", 2, 3);
    EXPECT_EQ(in.report.candidates, 2u);                  // movl $0,-4(%ebp) and mov $7,%eax
    for (int k = 3; k < 15; ++k)
        EXPECT_EQ(in.code[k], 0x90) << k;
}

TEST(FaultGenerators, AssignmentChangesARegisterOnly)
{
    for (uint64_t seed = 0; seed < 20; ++seed) {
        Injected in = inject("assignment", 1, seed);
        EXPECT_EQ(in.report.candidates, 2u);              // mov %esp,%ebp and mov $7,%eax
        ASSERT_EQ(in.changes.size(), 1u);
        const Change& c = in.changes[0];
        if (c.address == 0x1001) {                        // modrm: one of its fields, another register
            EXPECT_EQ(c.after[0], 0x89);
            EXPECT_NE(c.after[1], 0xe5);
            EXPECT_EQ(c.after[1] & 0xc0, 0xc0);
            EXPECT_TRUE((c.after[1] & 0x38) == 0x20 || (c.after[1] & 7) == 5);
        } else {
            EXPECT_EQ(c.address, 0x100au);
            EXPECT_NE(c.after[0], 0xb8);
            EXPECT_EQ(c.after[0] & 0xf8, 0xb8);
        }
    }
}

TEST(FaultGenerators, LoopAndPanic)
{
    Injected loop = inject("loop", 1, 5);
    ASSERT_EQ(loop.changes.size(), 1u);
    EXPECT_EQ(loop.changes[0].after[0], 0xeb);
    EXPECT_EQ(loop.changes[0].after[1], 0xfe);
    Injected panic = inject("panic", 1, 5);
    ASSERT_EQ(panic.changes.size(), 1u);
    EXPECT_EQ(panic.changes[0].after[0], 0x0f);
    EXPECT_EQ(panic.changes[0].after[1], 0x0b);
}

TEST(FaultGenerators, PointerCorruptsTheAddressOnly)
{
    for (uint64_t seed = 0; seed < 20; ++seed) {
        Injected in = inject("pointer", 1, seed);
        EXPECT_EQ(in.report.candidates, 2u);              // the two -4(%ebp)
        const Change& c = in.changes.at(0);
        EXPECT_EQ(c.before[0], c.after[0]);
        EXPECT_EQ(c.before[1], c.after[1]);               // ModRM kept: the displacement changed
        EXPECT_NE(c.before[2], c.after[2]);
    }
}

TEST(FaultGenerators, UnknownNameAndRegistry)
{
    EXPECT_EQ(fault::find_generator("nonsense"), nullptr);
    size_t count = 0;
    const fault::Generator* const* all = fault::all_generators(count);
    EXPECT_EQ(count, 9u);
    for (size_t k = 0; k < count; ++k)
        EXPECT_EQ(fault::find_generator(all[k]->name()), all[k]);
}

std::vector<uint8_t> read_file(const char* path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The corrupted bytes decode to instructions ending where the original did.
bool ends_where_it_ended(const Change& c)
{
    unsigned at = 0;
    while (at < c.length) {
        x86::Instruction i;
        if (x86::decode(c.after + at, c.length - at, i) != x86::DecodeError::none)
            return false;
        at += i.length;
    }
    return at == c.length;
}

// On the build's pata driver: same seed, same faults; only the chosen
// instructions change; each keeps its length (bitflip excepted).
TEST(FaultInjector, OnARealProgram)
{
    const std::vector<uint8_t> original = read_file(ARC_PATA_ELF);
    if (original.empty())
        GTEST_SKIP() << ARC_PATA_ELF << " not built";
    size_t count = 0;
    const fault::Generator* const* all = fault::all_generators(count);
    for (size_t g = 0; g < count; ++g) {
        std::vector<uint8_t> a = original, b = original;
        std::vector<CodeRange> scratch(4096);
        std::vector<Change> ca(fault::max_faults), cb(fault::max_faults);
        Report ra, rb;
        Plan plan{all[g], 5, 42};
        ASSERT_EQ(fault::inject_elf(a.data(), a.size(), plan, scratch.data(), scratch.size(), ca.data(), ra),
                  fault::ElfError::none);
        ASSERT_EQ(fault::inject_elf(b.data(), b.size(), plan, scratch.data(), scratch.size(), cb.data(), rb),
                  fault::ElfError::none);
        EXPECT_EQ(a, b) << all[g]->name();
        EXPECT_EQ(ra.changes, 5u) << all[g]->name();
        EXPECT_GT(ra.instructions, 5000u);
        size_t differing = 0;
        for (size_t k = 0; k < a.size(); ++k)
            differing += a[k] != original[k];
        EXPECT_GE(differing, 1u) << all[g]->name();
        size_t bytes_in_changes = 0;
        for (uint32_t j = 0; j < ra.changes; ++j) {
            bytes_in_changes += ca[j].length;
            if (std::string(all[g]->name()) != "bitflip") {
                EXPECT_TRUE(ends_where_it_ended(ca[j])) << all[g]->name() << " at " << std::hex << ca[j].address;
            }
        }
        EXPECT_LE(differing, bytes_in_changes) << all[g]->name();
        std::vector<uint8_t> c = original;
        Plan other{all[g], 5, 43};
        ASSERT_EQ(fault::inject_elf(c.data(), c.size(), other, scratch.data(), scratch.size(), cb.data(), rb),
                  fault::ElfError::none);
        EXPECT_NE(a, c) << all[g]->name() << ": another seed, other faults";
    }
}

TEST(FaultInjector, RefusesWhatIsNotAProgram)
{
    std::vector<uint8_t> junk(100, 0x42);
    std::vector<CodeRange> scratch(16);
    std::vector<Change> changes(fault::max_faults);
    Report r;
    Plan plan{fault::find_generator("nop"), 1, 1};
    EXPECT_EQ(fault::inject_elf(junk.data(), junk.size(), plan, scratch.data(), scratch.size(), changes.data(), r),
              fault::ElfError::not_elf);
}

} // namespace
