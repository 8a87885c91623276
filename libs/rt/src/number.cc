#include "rt/number.h"

namespace rt {

namespace {
int digit_value(char c, uint32_t base)
{
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return (v >= 0 && static_cast<uint32_t>(v) < base) ? v : -1;
}
} // namespace

bool parse_number(const char* text, uint32_t& value)
{
    uint32_t base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (*text == '\0')
        return false;
    uint64_t v = 0;
    for (; *text; ++text) {
        int d = digit_value(*text, base);
        if (d < 0)
            return false;
        v = v * base + static_cast<uint32_t>(d);
        if (v > 0xffffffffu)
            return false;
    }
    value = static_cast<uint32_t>(v);
    return true;
}

} // namespace rt
