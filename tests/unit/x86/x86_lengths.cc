// x86_lengths: the decoder's lengths for the differential test against
// objdump (objdump_compare.py). Each input line is a run of code in hex (a
// whole function); each output line lists the lengths of its instructions,
// decoded one after the other from its start, or ends with "!ERROR@OFFSET"
// where the decoder gave up.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>
#include "x86/decoder.h"

namespace {

std::vector<uint8_t> parse_hex(const std::string& line)
{
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i + 1 < line.size(); i += 2)
        bytes.push_back(static_cast<uint8_t>(std::stoul(line.substr(i, 2), nullptr, 16)));
    return bytes;
}

const char* name(x86::DecodeError e)
{
    switch (e) {
    case x86::DecodeError::truncated: return "truncated";
    case x86::DecodeError::too_long: return "too_long";
    case x86::DecodeError::invalid: return "invalid";
    default: return "none";
    }
}

} // namespace

int main()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        std::vector<uint8_t> code = parse_hex(line);
        size_t at = 0;
        std::string out;
        while (at < code.size()) {
            x86::Instruction i;
            x86::DecodeError e = x86::decode(code.data() + at, code.size() - at, i);
            if (e != x86::DecodeError::none) {
                out += "!" + std::string(name(e)) + "@" + std::to_string(at);
                break;
            }
            out += std::to_string(i.length) + " ";
            at += i.length;
        }
        std::cout << out << "\n";
    }
    return 0;
}
