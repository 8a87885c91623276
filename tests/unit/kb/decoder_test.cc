// The keyboard driver's scancode decoder (servers/kb/decoder.cc), fed the
// bytes a PS/2 keyboard sends in scancode set 1.
#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include "decoder.h"

namespace {

// Make codes (a break code is the make code | 0x80).
constexpr uint8_t esc = 0x01, one = 0x02, two = 0x03, six = 0x07, minus = 0x0c,
                  backspace = 0x0e, tab = 0x0f, bracket_left = 0x1a, enter = 0x1c,
                  ctrl = 0x1d, a = 0x1e, c = 0x2e, left_shift = 0x2a, right_shift = 0x36,
                  alt = 0x38, space = 0x39, caps_lock = 0x3a, f1 = 0x3b, num_lock = 0x45,
                  keypad_8 = 0x48, keypad_5 = 0x4c, keypad_minus = 0x4a, keypad_7 = 0x47;
constexpr uint8_t ext = 0xe0;
// After 0xE0.
constexpr uint8_t up = 0x48, down = 0x50, right = 0x4d, left = 0x4b, home = 0x47,
                  del = 0x53, keypad_slash = 0x35;

constexpr uint8_t up_code(uint8_t make) { return make | 0x80; }

std::string feed(kb::Decoder& d, std::initializer_list<int> bytes)
{
    std::string typed;
    for (int b : bytes) {
        char out[kb::Decoder::max_output];
        size_t n = d.feed(static_cast<uint8_t>(b), out);
        typed.append(out, n);
    }
    return typed;
}

std::string feed(std::initializer_list<int> bytes)
{
    kb::Decoder d;
    return feed(d, bytes);
}

TEST(KbDecoder, LettersOnMakeNotOnBreak)
{
    EXPECT_EQ(feed({a, up_code(a)}), "a");
    EXPECT_EQ(feed({a, a, a, up_code(a)}), "aaa");     // typematic repeat
    EXPECT_EQ(feed({up_code(a)}), "");
}

TEST(KbDecoder, BothShiftKeys)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {left_shift, a, up_code(a), up_code(left_shift)}), "A");
    EXPECT_EQ(feed(d, {right_shift, a, up_code(right_shift), a}), "Aa");
    EXPECT_EQ(feed(d, {left_shift, right_shift, up_code(left_shift), a}), "A");
    EXPECT_EQ(feed(d, {up_code(right_shift), a}), "a");
}

TEST(KbDecoder, DigitsAndShiftedSymbols)
{
    EXPECT_EQ(feed({one, two, minus}), "12-");
    EXPECT_EQ(feed({left_shift, one, two, minus, bracket_left}), "!@_{");
    EXPECT_EQ(feed({space}), " ");
}

TEST(KbDecoder, CapsLockTogglesLettersOnly)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {caps_lock, up_code(caps_lock), a, one}), "A1");
    EXPECT_TRUE(d.caps_lock());
    EXPECT_EQ(feed(d, {left_shift, a, one, up_code(left_shift)}), "a!");
    EXPECT_EQ(feed(d, {caps_lock, up_code(caps_lock), a}), "a");
    EXPECT_FALSE(d.caps_lock());
}

TEST(KbDecoder, HeldCapsLockTogglesOnce)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {caps_lock, caps_lock, caps_lock, up_code(caps_lock), a}), "A");
}

TEST(KbDecoder, CtrlLetterIsAControlCharacter)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {ctrl, c, up_code(c), up_code(ctrl)}), "\x03");
    EXPECT_EQ(feed(d, {c}), "c");
    EXPECT_EQ(feed(d, {ext, ctrl, c, ext, up_code(ctrl), c}), "\x03" "c");   // right ctrl
    EXPECT_EQ(feed(d, {ctrl, left_shift, a}), "\x01");
    EXPECT_EQ(feed(d, {up_code(left_shift), caps_lock, a}), "\x01");
}

TEST(KbDecoder, CtrlPunctuation)
{
    EXPECT_EQ(feed({ctrl, bracket_left}), "\x1b");
    EXPECT_EQ(feed({ctrl, two}), std::string(1, '\0'));
    EXPECT_EQ(feed({ctrl, space}), std::string(1, '\0'));
    EXPECT_EQ(feed({ctrl, six}), "\x1e");
    EXPECT_EQ(feed({ctrl, minus}), "\x1f");
}

TEST(KbDecoder, EditingKeys)
{
    EXPECT_EQ(feed({backspace, up_code(backspace)}), "\x7f");
    EXPECT_EQ(feed({enter}), "\n");
    EXPECT_EQ(feed({ext, enter}), "\n");            // keypad Enter
    EXPECT_EQ(feed({tab}), "\t");
    EXPECT_EQ(feed({esc}), "\x1b");
    EXPECT_EQ(feed({ext, keypad_slash}), "/");
}

TEST(KbDecoder, ArrowsAreAnsiSequences)
{
    EXPECT_EQ(feed({ext, up, ext, up_code(up)}), "\x1b[A");
    EXPECT_EQ(feed({ext, down}), "\x1b[B");
    EXPECT_EQ(feed({ext, right}), "\x1b[C");
    EXPECT_EQ(feed({ext, left}), "\x1b[D");
    EXPECT_EQ(feed({ext, home}), "\x1b[H");
    EXPECT_EQ(feed({ext, del}), "\x1b[3~");
}

TEST(KbDecoder, FakeShiftsAroundExtendedKeysChangeNothing)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {ext, left_shift, ext, up, ext, up_code(up), ext, up_code(left_shift)}),
              "\x1b[A");
    EXPECT_FALSE(d.shift());
    EXPECT_EQ(feed(d, {left_shift, ext, up_code(left_shift), ext, up, a}), "\x1b[A" "A");
    EXPECT_TRUE(d.shift());
}

TEST(KbDecoder, KeypadFollowsNumLock)
{
    kb::Decoder d;
    EXPECT_EQ(feed(d, {keypad_8, keypad_7, keypad_5, keypad_minus}), "\x1b[A" "\x1b[H" "-");
    EXPECT_EQ(feed(d, {num_lock, up_code(num_lock), keypad_8, keypad_5}), "85");
    EXPECT_TRUE(d.num_lock());
}

TEST(KbDecoder, AltPrefixesEscape)
{
    EXPECT_EQ(feed({alt, a, up_code(alt), a}), "\x1b" "aa");
    EXPECT_EQ(feed({ext, alt, a}), "\x1b" "a");
}

TEST(KbDecoder, PauseSequenceIsSwallowed)
{
    EXPECT_EQ(feed({0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, a}), "a");
}

TEST(KbDecoder, KeysWithoutCharacters)
{
    EXPECT_EQ(feed({f1, up_code(f1)}), "");
    EXPECT_EQ(feed({ext, a, a}), "a");              // no extended key 0x1e: ignored
    EXPECT_EQ(feed({0xfa, 0xaa, 0x00, 0xff}), "");  // controller answers, errors
}

TEST(KbDecoder, NoByteWritesMoreThanMaxOutput)
{
    // Every byte after every prefix and with every modifier, into a buffer
    // with a guard behind max_output.
    constexpr char guard = '#';
    for (int prefix : {-1, 0xe0, 0xe1}) {
        for (int mod : {-1, int(left_shift), int(ctrl), int(alt)}) {
            for (int byte = 0; byte < 256; ++byte) {
                kb::Decoder d;
                char out[kb::Decoder::max_output + 1];
                out[kb::Decoder::max_output] = guard;
                if (mod >= 0)
                    d.feed(static_cast<uint8_t>(mod), out);
                if (prefix >= 0)
                    d.feed(static_cast<uint8_t>(prefix), out);
                size_t n = d.feed(static_cast<uint8_t>(byte), out);
                EXPECT_LE(n, kb::Decoder::max_output);
                EXPECT_EQ(out[kb::Decoder::max_output], guard);
            }
        }
    }
}

} // namespace
