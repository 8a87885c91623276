// fault-inject: install-time fault injection (004 section 5.2.1). Writes a
// copy of a program with faults injected and lists every change with the
// disassembly before and after (by GNU objdump, when it is there).
//
//   fault-inject [--list] GENERATOR COUNT SEED INPUT OUTPUT
//   fault-inject --generators
//
// The same generator, count and seed injects the same faults as the P3
// does at load time (`fault PROGRAM GENERATOR COUNT SEED` in msh), so a
// campaign's experiment can be looked at here, change by change.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>
#include "fault/injector.h"

namespace {

std::string hex(const uint8_t* bytes, unsigned n)
{
    std::string s;
    char b[4];
    for (unsigned k = 0; k < n; ++k) {
        std::snprintf(b, sizeof(b), "%s%02x", k ? " " : "", bytes[k]);
        s += b;
    }
    return s;
}

// objdump's lines for [address, address + length) of `file`, or "".
std::string disassembly(const std::string& file, uint32_t address, unsigned length)
{
    char command[512];
    std::snprintf(command, sizeof(command),
                  "objdump -d -w --no-show-raw-insn --start-address=0x%x --stop-address=0x%x '%s' 2>/dev/null",
                  address, address + length, file.c_str());
    FILE* pipe = popen(command, "r");
    if (!pipe)
        return "";
    std::string out, line;
    char buffer[512];
    while (std::fgets(buffer, sizeof(buffer), pipe)) {
        line = buffer;
        // "    2b43:\tmov    $0x1070,%eax": the instruction lines only.
        size_t colon = line.find(":\t");
        if (colon != std::string::npos && line.find('<') != 0 && line[0] == ' ')
            out += "    " + line.substr(colon + 2);
    }
    pclose(pipe);
    return out;
}

int usage()
{
    std::cerr << "usage: fault-inject GENERATOR COUNT SEED INPUT OUTPUT\n"
                 "       fault-inject --generators\n";
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::string(argv[1]) == "--generators") {
        size_t count;
        const fault::Generator* const* all = fault::all_generators(count);
        for (size_t k = 0; k < count; ++k)
            std::printf("%-15s %s\n", all[k]->name(), all[k]->description());
        return 0;
    }
    if (argc != 6)
        return usage();
    fault::Plan plan;
    plan.generator = fault::find_generator(argv[1]);
    if (!plan.generator) {
        std::cerr << "fault-inject: no generator called '" << argv[1] << "' (fault-inject --generators)\n";
        return 2;
    }
    char* end;
    unsigned long count = std::strtoul(argv[2], &end, 10);
    if (*end || count == 0 || count > fault::max_faults) {
        std::cerr << "fault-inject: COUNT must be 1.." << fault::max_faults << "\n";
        return 2;
    }
    plan.count = static_cast<uint32_t>(count);
    plan.seed = std::strtoull(argv[3], &end, 0);
    if (*end) {
        std::cerr << "fault-inject: SEED must be a number\n";
        return 2;
    }
    std::ifstream in(argv[4], std::ios::binary);
    if (!in) {
        std::cerr << "fault-inject: " << argv[4] << ": cannot read it\n";
        return 1;
    }
    std::vector<uint8_t> image(std::istreambuf_iterator<char>(in), {});
    std::vector<fault::CodeRange> scratch(65536);
    std::vector<fault::Change> changes(fault::max_faults);
    fault::Report report;
    switch (fault::inject_elf(image.data(), image.size(), plan, scratch.data(), scratch.size(), changes.data(),
                              report)) {
    case fault::ElfError::none: break;
    case fault::ElfError::not_elf: std::cerr << "fault-inject: " << argv[4] << ": not an ELF program\n"; return 1;
    case fault::ElfError::no_code: std::cerr << "fault-inject: " << argv[4] << ": no code\n"; return 1;
    case fault::ElfError::too_many_functions:
        std::cerr << "fault-inject: " << argv[4] << ": too many functions\n";
        return 1;
    }
    std::ofstream out(argv[5], std::ios::binary);
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    if (!out.flush()) {
        std::cerr << "fault-inject: " << argv[5] << ": cannot write it\n";
        return 1;
    }
    std::printf("%s: %u %s faults (seed %llu) in %u instructions, %u of them candidates\n", argv[5],
                report.changes, plan.generator->name(), static_cast<unsigned long long>(plan.seed),
                report.instructions, report.candidates);
    for (uint32_t j = 0; j < report.changes; ++j) {
        const fault::Change& c = changes[j];
        std::printf("0x%08x  %s  ->  %s\n", c.address, hex(c.before, c.length).c_str(),
                    hex(c.after, c.length).c_str());
        std::string before = disassembly(argv[4], c.address, c.length);
        std::string after = disassembly(argv[5], c.address, c.length);
        if (!before.empty())
            std::printf("  before:\n%s  after:\n%s", before.c_str(), after.c_str());
    }
    return 0;
}
