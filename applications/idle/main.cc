// idle [SECONDS]: blocks, forever or for SECONDS, doing nothing. A process
// that stays alive for ps and kill to act on ("ram:idle &").
#include "l4/syscalls.h"
#include "rt/print.h"

namespace {
constexpr L4_Word64_t microseconds_per_second = 1000000;
} // namespace

int main(int argc, char** argv)
{
    if (argc > 2) {
        rt::print("idle: usage: idle [SECONDS]\n");
        return 2;
    }
    unsigned seconds = 0;
    for (const char* p = argc == 2 ? argv[1] : ""; *p; ++p) {
        if (*p < '0' || *p > '9') {
            rt::print("idle: %s: not a number of seconds\n", argv[1]);
            return 2;
        }
        seconds = seconds * 10 + static_cast<unsigned>(*p - '0');
    }
    if (seconds == 0) {
        // Nobody ever sends to this thread from itself: a receive that
        // never ends, without a timer.
        for (;;)
            L4_Receive(L4_Myself());
    }
    L4_Sleep(L4_TimePeriod(seconds * microseconds_per_second));
    return 0;
}
