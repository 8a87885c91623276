// hello: prints "hello" and its arguments ("ram:hello world" -> "hello world").
// The smallest program a P3 loads; the system tests start it a thousand times.
#include "rt/print.h"

int main(int argc, char** argv)
{
    rt::print("hello");
    for (int i = 1; i < argc; ++i)
        rt::print(" %s", argv[i]);
    rt::print("\n");
    return 0;
}
