// The decoder on encodings picked by hand: each part where the manuals put
// it, and each way to fail. objdump_compare.py checks lengths on every
// binary of the build and on random bytes; these check the parts.
#include <gtest/gtest.h>
#include <vector>
#include "x86/decoder.h"

namespace {

using x86::DecodeError;
using x86::Instruction;
using x86::OpcodeMap;
using x86::Vector;

// Decodes `bytes` from a buffer of exactly their size, so ASan sees any
// read past them.
DecodeError decode(std::vector<uint8_t> bytes, Instruction& out)
{
    auto* copy = new uint8_t[bytes.size()];
    std::copy(bytes.begin(), bytes.end(), copy);
    DecodeError e = x86::decode(copy, bytes.size(), out);
    delete[] copy;
    return e;
}

unsigned length(std::vector<uint8_t> bytes)
{
    Instruction i;
    return decode(bytes, i) == DecodeError::none ? i.length : 0;
}

TEST(Decoder, OneByteForms)
{
    EXPECT_EQ(length({0x55}), 1u);                                  // push %ebp
    EXPECT_EQ(length({0x89, 0xe5}), 2u);                            // mov %esp,%ebp
    EXPECT_EQ(length({0xb8, 1, 2, 3, 4}), 5u);                      // mov $imm32,%eax
    EXPECT_EQ(length({0x66, 0xb8, 1, 2}), 4u);                      // mov $imm16,%ax
    EXPECT_EQ(length({0xc2, 8, 0}), 3u);                            // ret $8
    EXPECT_EQ(length({0xc8, 16, 0, 1}), 4u);                        // enter $16,$1
    EXPECT_EQ(length({0x9a, 1, 2, 3, 4, 5, 6}), 7u);                // lcall ptr16:32
    EXPECT_EQ(length({0x66, 0x9a, 1, 2, 3, 4}), 6u);                // lcall ptr16:16
    EXPECT_EQ(length({0xa1, 1, 2, 3, 4}), 5u);                      // mov moffs32,%eax
    EXPECT_EQ(length({0x67, 0xa1, 1, 2}), 4u);                      // ... with a 16-bit offset
    EXPECT_EQ(length({0x9b}), 1u);                                  // fwait: its own instruction
}

TEST(Decoder, GroupThreeHasAnImmediateOnlyForTest)
{
    EXPECT_EQ(length({0xf6, 0xc1, 0x80}), 3u);                      // test $0x80,%cl
    EXPECT_EQ(length({0xf6, 0xd9}), 2u);                            // neg %cl
    EXPECT_EQ(length({0xf7, 0xc1, 1, 0, 0, 0}), 6u);                // test $1,%ecx
    EXPECT_EQ(length({0xf7, 0xf1}), 2u);                            // div %ecx
}

TEST(Decoder, ModrmSibAndDisplacement)
{
    Instruction i;
    // movl $0x11223344, 0x10(%esp,%ecx,4): C7 44 8C 10 imm32
    ASSERT_EQ(decode({0xc7, 0x44, 0x8c, 0x10, 0x44, 0x33, 0x22, 0x11}, i), DecodeError::none);
    EXPECT_EQ(i.length, 8);
    EXPECT_TRUE(i.has_modrm);
    EXPECT_EQ(i.modrm_offset, 1);
    EXPECT_EQ(i.mod(), 1);
    EXPECT_EQ(i.rm(), 4);
    EXPECT_TRUE(i.has_sib);
    EXPECT_EQ(i.sib, 0x8c);
    EXPECT_EQ(i.displacement_offset, 3);
    EXPECT_EQ(i.displacement_size, 1);
    EXPECT_EQ(i.immediate_offset, 4);
    EXPECT_EQ(i.immediate_size, 4);

    EXPECT_EQ(length({0x8b, 0x05, 1, 2, 3, 4}), 6u);                // mov abs32,%eax (mod 0, rm 5)
    EXPECT_EQ(length({0x8b, 0x04, 0x25, 1, 2, 3, 4}), 7u);          // SIB with no base: disp32
    EXPECT_EQ(length({0x8b, 0x84, 0x24, 1, 2, 3, 4}), 7u);          // mod 2: disp32
    EXPECT_EQ(length({0x8b, 0xc1}), 2u);                            // registers: nothing more
}

TEST(Decoder, SixteenBitAddressing)
{
    EXPECT_EQ(length({0x67, 0x8b, 0x06, 1, 2}), 5u);                // mov abs16,%eax
    EXPECT_EQ(length({0x67, 0x8b, 0x47, 1}), 4u);                   // mov 1(%bx),%eax
    EXPECT_EQ(length({0x67, 0x8b, 0x87, 1, 2}), 5u);                // mov 0x201(%bx),%eax
    EXPECT_EQ(length({0x67, 0x8b, 0x04}), 3u);                      // (%si): no SIB in 16-bit
}

TEST(Decoder, TwoAndThreeByteMaps)
{
    Instruction i;
    ASSERT_EQ(decode({0x0f, 0x84, 1, 2, 3, 4}, i), DecodeError::none);   // je rel32
    EXPECT_EQ(i.map, OpcodeMap::two_byte);
    EXPECT_EQ(i.opcode, 0x84);
    EXPECT_EQ(i.opcode_offset, 1);
    EXPECT_EQ(i.immediate_size, 4);
    EXPECT_EQ(length({0x66, 0x0f, 0x84, 1, 2}), 5u);                // je rel16
    EXPECT_EQ(length({0x0f, 0x20, 0x05}), 3u);                      // mov %cr0,%ebp: mod ignored
    EXPECT_EQ(length({0x66, 0x0f, 0x70, 0xc1, 0x1b}), 5u);          // pshufd $0x1b
    EXPECT_EQ(length({0x66, 0x0f, 0x38, 0x00, 0xc1}), 5u);          // pshufb
    EXPECT_EQ(length({0x66, 0x0f, 0x3a, 0x0f, 0xc1, 4}), 6u);       // palignr $4
    EXPECT_EQ(length({0x0f, 0x0f, 0xc1, 0xb4}), 4u);                // 3DNow! pfmul
    EXPECT_EQ(length({0xf3, 0x0f, 0x1e, 0xfb}), 4u);                // endbr32
    EXPECT_EQ(length({0xdd, 0x05, 1, 2, 3, 4}), 6u);                // fldl abs32
}

TEST(Decoder, VectorPrefixes)
{
    Instruction i;
    ASSERT_EQ(decode({0xc5, 0xf9, 0x6f, 0xc1}, i), DecodeError::none);   // vmovdqa %xmm1,%xmm0
    EXPECT_EQ(i.vector, Vector::vex);
    EXPECT_EQ(i.map, OpcodeMap::two_byte);
    EXPECT_EQ(i.length, 4);
    EXPECT_EQ(length({0xc4, 0xe3, 0x79, 0x0f, 0xc1, 4}), 6u);       // vpalignr (VEX 0F3A): imm8
    EXPECT_EQ(length({0xc5, 0xf8, 0x77}), 3u);                      // vzeroupper: no ModRM
    EXPECT_EQ(length({0xc4, 0x01}), 2u);                            // les (%ecx),%eax
    EXPECT_EQ(length({0xc4, 0x05, 1, 2, 3, 4}), 6u);                // les abs32,%eax
    EXPECT_EQ(length({0xc4, 0x05, 1}), 0u);                         // ... cut short
    EXPECT_EQ(length({0x62, 0xf1, 0x7c, 0x48, 0x28, 0xc1}), 6u);    // vmovaps %zmm1,%zmm0 (EVEX)
    EXPECT_EQ(length({0x8f, 0xe8, 0x78, 0xc2, 0xc1, 4}), 6u);       // vprotb $4 (XOP map 8)
    EXPECT_EQ(length({0x8f, 0xc0}), 2u);                            // pop %eax
}

TEST(Decoder, FailuresSayWhy)
{
    Instruction i;
    EXPECT_EQ(decode({0x0f}, i), DecodeError::truncated);
    EXPECT_EQ(decode({0x66}, i), DecodeError::truncated);
    EXPECT_EQ(decode({0xb8, 1, 2}, i), DecodeError::truncated);
    EXPECT_EQ(decode({0x8b, 0x84, 0x24, 1}, i), DecodeError::truncated);
    EXPECT_EQ(decode({0x0f, 0x0b}, i), DecodeError::none);              // ud2 is an instruction
    EXPECT_EQ(decode({0x0f, 0x04}, i), DecodeError::invalid);
    EXPECT_EQ(decode({0xc4, 0xe0, 0x79, 0x00}, i), DecodeError::invalid);   // VEX map 0
    std::vector<uint8_t> prefixes(14, 0x66);
    prefixes.push_back(0x90);
    EXPECT_EQ(decode(prefixes, i), DecodeError::none);                  // 15 bytes: the limit
    prefixes.insert(prefixes.begin(), 0x66);
    EXPECT_EQ(decode(prefixes, i), DecodeError::too_long);
    EXPECT_EQ(decode({}, i), DecodeError::truncated);
}

TEST(Decoder, PrefixesAreCounted)
{
    Instruction i;
    ASSERT_EQ(decode({0xf0, 0x65, 0x66, 0x01, 0x08}, i), DecodeError::none);  // lock add %cx,%gs:(%eax)
    EXPECT_EQ(i.prefix_count, 3);
    EXPECT_EQ(i.segment, 0x65);
    EXPECT_TRUE(i.prefixes & x86::prefix_lock);
    EXPECT_TRUE(i.operand_size_16());
    EXPECT_EQ(i.opcode_offset, 3);
    EXPECT_EQ(i.length, 5);
}

} // namespace
