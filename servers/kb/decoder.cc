#include "decoder.h"

namespace kb {

namespace {
// Bytes of scancode set 1 with a meaning of their own.
constexpr uint8_t extended_prefix = 0xe0;
constexpr uint8_t pause_prefix = 0xe1;
constexpr uint8_t pause_sequence_bytes = 2;     // after each 0xE1: E1 1D 45, E1 9D C5
constexpr uint8_t break_bit = 0x80;

// Make codes of the keys the decoder treats specially.
constexpr uint8_t code_left_shift = 0x2a, code_right_shift = 0x36, code_ctrl = 0x1d,
                  code_alt = 0x38, code_caps_lock = 0x3a, code_num_lock = 0x45;
constexpr uint8_t code_keypad_first = 0x47, code_keypad_last = 0x53;
// After 0xE0.
constexpr uint8_t code_keypad_enter = 0x1c, code_keypad_slash = 0x35, code_home = 0x47,
                  code_up = 0x48, code_page_up = 0x49, code_left = 0x4b, code_right = 0x4d,
                  code_end = 0x4f, code_down = 0x50, code_page_down = 0x51, code_insert = 0x52,
                  code_delete = 0x53;

constexpr char escape = 0x1b;
constexpr char delete_char = 0x7f;
constexpr char control_mask = 0x1f;     // ctrl + X is X & 0x1f for X in '@'..'_'

// Characters of the main keys by make code, without and with shift; '\0':
// not a character key (modifiers, locks, function keys). Backspace sends DEL.
constexpr char plain[] =
    "\0\x1b" "1234567890-=\x7f"
    "\tqwertyuiop[]\n"
    "\0asdfghjkl;'`"
    "\0\\zxcvbnm,./\0"
    "*\0 ";
constexpr char shifted[] =
    "\0\x1b" "!@#$%^&*()_+\x7f"
    "\tQWERTYUIOP{}\n"
    "\0ASDFGHJKL:\"~"
    "\0|ZXCVBNM<>?\0"
    "*\0 ";
constexpr size_t main_keys = sizeof(plain) - 1;     // codes 0x00..0x39
static_assert(sizeof(plain) == sizeof(shifted), "one entry per key in both tables");
static_assert(main_keys == 0x3a, "the tables end with the space bar (0x39)");

// The keypad (0x47..0x53) with num lock on; its navigation keys without.
constexpr char keypad_digits[] = "789-456+1230.";
static_assert(sizeof(keypad_digits) - 1 == code_keypad_last - code_keypad_first + 1,
              "one character per keypad key");
constexpr char keypad_minus = '-', keypad_plus = '+';

// The sequences of the navigation keys (xterm's, as the shell expects them).
constexpr const char* seq_up = "\x1b[A";
constexpr const char* seq_down = "\x1b[B";
constexpr const char* seq_right = "\x1b[C";
constexpr const char* seq_left = "\x1b[D";
constexpr const char* seq_home = "\x1b[H";
constexpr const char* seq_end = "\x1b[F";
constexpr const char* seq_insert = "\x1b[2~";
constexpr const char* seq_delete = "\x1b[3~";
constexpr const char* seq_page_up = "\x1b[5~";
constexpr const char* seq_page_down = "\x1b[6~";

// The navigation key of a keypad or extended code (they share their codes),
// or nullptr.
const char* navigation(uint8_t code)
{
    switch (code) {
    case code_home: return seq_home;
    case code_up: return seq_up;
    case code_page_up: return seq_page_up;
    case code_left: return seq_left;
    case code_right: return seq_right;
    case code_end: return seq_end;
    case code_down: return seq_down;
    case code_page_down: return seq_page_down;
    case code_insert: return seq_insert;
    case code_delete: return seq_delete;
    default: return nullptr;
    }
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char other_case(char c) { return static_cast<char>(c ^ ('a' - 'A')); }
// The characters ctrl turns into control characters: '@' (0) .. '_' (31).
bool has_control(char c) { return c >= '@' && c <= '_'; }
} // namespace

size_t Decoder::feed(uint8_t byte, char* out)
{
    if (pause_bytes_left_ > 0) {
        --pause_bytes_left_;
        return 0;
    }
    if (byte == pause_prefix) {
        pause_bytes_left_ = pause_sequence_bytes;
        extended_ = false;
        return 0;
    }
    if (byte == extended_prefix) {
        extended_ = true;
        return 0;
    }
    bool was_extended = extended_;
    extended_ = false;
    bool released = (byte & break_bit) != 0;
    uint8_t code = static_cast<uint8_t>(byte & ~break_bit);
    if (modifier(code, was_extended, released))
        return 0;
    return was_extended ? extended_key(code, released, out) : key(code, released, out);
}

// Shift, ctrl, alt and the lock keys: updates their state; true if `code`
// was one of them (or the keyboard's fake shifts around extended keys).
bool Decoder::modifier(uint8_t code, bool extended, bool released)
{
    bool down = !released;
    switch (code) {
    case code_left_shift:
    case code_right_shift:
        // E0 2A / E0 36: a fake shift some keyboards send around the
        // extended keys; the real shift state is unchanged.
        if (!extended)
            (code == code_left_shift ? left_shift_ : right_shift_) = down;
        return true;
    case code_ctrl:
        (extended ? right_ctrl_ : left_ctrl_) = down;
        return true;
    case code_alt:
        (extended ? right_alt_ : left_alt_) = down;
        return true;
    case code_caps_lock:
        if (down && !caps_held_)
            caps_lock_ = !caps_lock_;
        caps_held_ = down;
        return true;
    case code_num_lock:
        if (extended)
            return false;
        if (down && !num_held_)
            num_lock_ = !num_lock_;
        num_held_ = down;
        return true;
    default:
        return false;
    }
}

size_t Decoder::key(uint8_t code, bool released, char* out)
{
    if (released)
        return 0;
    if (code >= code_keypad_first && code <= code_keypad_last)
        return keypad(code, out);
    if (code >= main_keys || plain[code] == '\0')
        return 0;
    char c = shift() ? shifted[code] : plain[code];
    if (caps_lock_ && is_letter(c))
        c = other_case(c);
    return character(c, out);
}

size_t Decoder::extended_key(uint8_t code, bool released, char* out)
{
    if (released)
        return 0;
    if (code == code_keypad_enter)
        return character('\n', out);
    if (code == code_keypad_slash)
        return character('/', out);
    const char* s = navigation(code);
    return s ? sequence(s, out) : 0;
}

size_t Decoder::keypad(uint8_t code, char* out) const
{
    char c = keypad_digits[code - code_keypad_first];
    if (num_lock_ || c == keypad_minus || c == keypad_plus)
        return character(c, out);
    const char* s = navigation(code);
    return s ? sequence(s, out) : 0;      // keypad 5 without num lock: nothing
}

// One character with ctrl and alt applied.
size_t Decoder::character(char c, char* out) const
{
    if (ctrl()) {
        if (is_letter(c) || has_control(c))
            c = static_cast<char>(c & control_mask);
        else if (c == ' ' || c == '2')
            c = '\0';                     // ctrl-space, ctrl-2: NUL (ctrl-@)
        else if (c == '6')
            c = '^' & control_mask;
        else if (c == '-')
            c = '_' & control_mask;
        else if (c == '?')
            c = delete_char;
    }
    size_t n = 0;
    if (alt())
        out[n++] = escape;
    out[n++] = c;
    return n;
}

size_t Decoder::sequence(const char* text, char* out)
{
    size_t n = 0;
    while (text[n] != '\0' && n < max_output) {
        out[n] = text[n];
        ++n;
    }
    return n;
}

} // namespace kb
