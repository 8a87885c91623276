// libFuzzer target for libs/x86: decoding any bytes reads only those bytes
// (ASan), stops within 15 and, where it succeeds, places every part inside
// the instruction in the order the encoding has them. A broken promise traps.
#include <stddef.h>
#include <stdint.h>
#include "x86/decoder.h"

namespace {

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

void check(const x86::Instruction& i, size_t available)
{
    require(i.length >= 1 && i.length <= x86::max_length && i.length <= available);
    require(i.opcode_offset >= i.prefix_count && i.opcode_offset < i.length);
    unsigned end = i.opcode_offset + 1u;
    if (i.has_modrm) {
        require(i.modrm_offset >= end);
        end = i.modrm_offset + 1u + (i.has_sib ? 1u : 0u);
    }
    if (i.displacement_size) {
        require(i.displacement_offset == end);
        end += i.displacement_size;
    }
    if (i.immediate_size) {
        require(i.immediate_offset == end);
        end += i.immediate_size;
    }
    require(end == i.length);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    size_t at = 0;
    while (at < size) {
        x86::Instruction i;
        if (x86::decode(data + at, size - at, i) != x86::DecodeError::none) {
            ++at;                             // resynchronise one byte on
            continue;
        }
        check(i, size - at);
        at += i.length;
    }
    return 0;
}
