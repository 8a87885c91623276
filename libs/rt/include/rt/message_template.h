// Error messages with their numbers filled in, for freestanding libraries
// that describe what they refused (libs/elf, libs/ext2): a template such as
// "inode # refers to block @" gets its first number where '#' stands and
// its second where '@' does. After "0x" a number is written in hexadecimal
// (feature masks read best so). Header only: the libraries that use it
// depend on no compiled part of rt.
#pragma once
#include "rt/types.h"

namespace rt {

// Fills `buffer` (`size` bytes, always NUL-terminated when size > 0; text
// that does not fit is cut) and returns it.
inline const char* fill_message_template(char* buffer, size_t size, const char* text, uint32_t first,
                                         uint32_t second)
{
    if (buffer == nullptr || size == 0)
        return buffer;
    size_t used = 0;
    auto put = [&](char c) {
        if (used + 1 < size)
            buffer[used++] = c;
    };
    auto put_number = [&](uint32_t value, unsigned base) {
        char digits[12];
        unsigned n = 0;
        do {
            unsigned digit = value % base;
            digits[n++] = static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value /= base;
        } while (value != 0);
        while (n > 0)
            put(digits[--n]);
    };
    for (const char* p = text; *p != '\0'; ++p) {
        unsigned base = (p > text + 1 && p[-1] == 'x' && p[-2] == '0') ? 16 : 10;
        if (*p == '#')
            put_number(first, base);
        else if (*p == '@')
            put_number(second, base);
        else
            put(*p);
    }
    buffer[used] = '\0';
    return buffer;
}

} // namespace rt
