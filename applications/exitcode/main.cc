// exitcode N: ends with exit code N (decimal, may be negative), so that the
// shell's report of a non-zero exit can be tested.
#include "rt/print.h"

namespace {
constexpr int usage_error = 2;

bool parse(const char* text, int& value)
{
    bool negative = *text == '-';
    if (negative)
        ++text;
    if (*text == '\0')
        return false;
    long long v = 0;
    for (; *text; ++text) {
        if (*text < '0' || *text > '9')
            return false;
        v = v * 10 + (*text - '0');
        if (v > 0x7fffffffLL + negative)
            return false;
    }
    value = static_cast<int>(negative ? -v : v);
    return true;
}
} // namespace

int main(int argc, char** argv)
{
    int code = 0;
    if (argc != 2 || !parse(argv[1], code)) {
        rt::print("exitcode: usage: exitcode N (an int)\n");
        return usage_error;
    }
    return code;
}
