// PS/2 keyboard scancodes to the characters a terminal sends. The i8042
// controller translates the keyboard's codes to scancode set 1 (QEMU's and
// every PC BIOS's default): one byte per make (key down, repeated while held)
// and the same byte | 0x80 per break (key up); 0xE0 prefixes the keys added
// by the 101-key keyboard, 0xE1 the Pause key's six bytes. Freestanding; the
// host unit tests (tests/unit/kb) feed it byte strings.
//
//   letters, digits, punctuation   US layout; shift (either) and caps lock
//                                  (letters only) for the upper case
//   ctrl + letter                  1..26 (ctrl-c 3); ctrl + @ [ \ ] ^ _ and
//                                  ctrl-2, ctrl-6, ctrl-minus: 0, 27..31;
//                                  ctrl + space 0
//   alt + character                ESC, then the character (as xterm's meta)
//   Enter (both)  \n   Tab \t   Escape 0x1b   Backspace 0x7f (DEL, as a
//                                  terminal's Backspace key sends it)
//   arrows                         ESC [ A (up), B (down), C (right), D (left)
//   Home End                       ESC [ H, ESC [ F
//   Insert Delete PgUp PgDn        ESC [ 2 ~, 3 ~, 5 ~, 6 ~
//   keypad                         digits with num lock on, else the
//                                  navigation keys above; / * - + always
//   function keys, Pause, Print, scroll lock, key releases: nothing
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace kb {

class Decoder {
public:
    // The longest output of one byte: ESC [ 3 ~ (Delete).
    static constexpr size_t max_output = 4;

    // Feeds one byte read from the controller. Writes the characters it
    // completes to `out` (room for max_output) and returns their number: 0
    // for prefixes, releases and modifiers.
    size_t feed(uint8_t byte, char* out);

    bool shift() const { return left_shift_ || right_shift_; }
    bool ctrl() const { return left_ctrl_ || right_ctrl_; }
    bool alt() const { return left_alt_ || right_alt_; }
    bool caps_lock() const { return caps_lock_; }
    bool num_lock() const { return num_lock_; }

private:
    size_t key(uint8_t code, bool released, char* out);
    size_t extended_key(uint8_t code, bool released, char* out);
    bool modifier(uint8_t code, bool extended, bool released);
    size_t character(char c, char* out) const;
    size_t keypad(uint8_t code, char* out) const;
    static size_t sequence(const char* text, char* out);

    bool extended_ = false;           // the last byte was 0xE0
    uint8_t pause_bytes_left_ = 0;    // of the Pause key's sequence, ignored
    bool left_shift_ = false, right_shift_ = false;
    bool left_ctrl_ = false, right_ctrl_ = false;
    bool left_alt_ = false, right_alt_ = false;
    bool caps_lock_ = false, num_lock_ = false;
    // A held lock key repeats its make code: only the first one toggles.
    bool caps_held_ = false, num_held_ = false;
};

} // namespace kb
