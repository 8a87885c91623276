// With -ffreestanding, `main` is an ordinary C++ function, so `int main(int,
// char**)` in a program is the mangled symbol _Z4mainiPPc, not the `main` that
// _start calls. This member is linked only when no program object defines an
// extern "C" main; it forwards to whichever C++ main the program has.
#include "rt/panic.h"

int cxx_main_with_args(int, char**) __asm__("_Z4mainiPPc") __attribute__((weak));
int cxx_main_without_args() __asm__("_Z4mainv") __attribute__((weak));

extern "C" int main(int argc, char** argv)
{
    if (cxx_main_with_args != nullptr)
        return cxx_main_with_args(argc, argv);
    if (cxx_main_without_args != nullptr)
        return cxx_main_without_args();
    rt::panic("the program defines no main()");
}
