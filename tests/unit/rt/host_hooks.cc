#include "host_hooks.h"
#include <stdio.h>
#include <unistd.h>
#include "rt/hooks.h"

namespace test {
namespace {
bool echo = true;
}
void echo_to_stderr(bool on) { echo = on; }

std::string& captured_output()
{
    static std::string text;
    return text;
}
} // namespace test

extern "C" void rt_write(const char* text, unsigned length)
{
    if (test::echo)
        fwrite(text, 1, length, stderr);
    test::captured_output().append(text, length);
}

extern "C" void rt_exit(int status)
{
    fflush(stderr);
    _exit(status);
}
