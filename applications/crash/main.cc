// crash [MODE [ADDRESS]]: fails on purpose, so that the system tests see a
// fault reported with the right kind and address while everything else
// keeps running. Modes:
//   null            write to address 0 (the default)
//   divide          divide by zero (#DE)
//   opcode          an invalid instruction (#UD)
//   read ADDRESS    read a word at ADDRESS, e.g. 0x40000000 (ART's window on
//                   RAM in its own space), 0xA0000000 (the P3's program)
//   write ADDRESS   write a word at ADDRESS, e.g. 0x60000000 (no region)
// Each mode prints what it is about to do first; if the access does not
// fault, it says so and exits with 1, which the tests reject.
#include <stdint.h>
#include "rt/print.h"
#include "rt/string.h"

namespace {
constexpr int not_faulted = 1;
constexpr int usage_error = 2;

int usage()
{
    rt::print("crash: usage: crash [null | divide | opcode | read ADDRESS | write ADDRESS]\n");
    return usage_error;
}

bool parse_address(const char* text, uintptr_t& address)
{
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    unsigned base = hex ? 16 : 10;
    text += hex ? 2 : 0;
    if (*text == '\0')
        return false;
    uint64_t v = 0;
    for (; *text; ++text) {
        char c = *text;
        unsigned d;
        if (c >= '0' && c <= '9')
            d = static_cast<unsigned>(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = static_cast<unsigned>(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = static_cast<unsigned>(c - 'A' + 10);
        else
            return false;
        v = v * base + d;
        if (v > UINTPTR_MAX)
            return false;
    }
    address = static_cast<uintptr_t>(v);
    return true;
}

// The accesses go through volatile pointers made at run time, so the
// compiler can neither drop them nor replace them with a trap of its own.
int read_at(uintptr_t address)
{
    rt::print("crash: reading 0x%08x\n", static_cast<unsigned>(address));
    uint32_t value = *reinterpret_cast<volatile uint32_t*>(address);
    rt::print("crash: read 0x%08x at 0x%08x without a fault\n", value, static_cast<unsigned>(address));
    return not_faulted;
}

int write_at(uintptr_t address)
{
    rt::print("crash: writing 0x%08x\n", static_cast<unsigned>(address));
    *reinterpret_cast<volatile uint32_t*>(address) = 0xdeadbeef;
    rt::print("crash: wrote 0x%08x without a fault\n", static_cast<unsigned>(address));
    return not_faulted;
}

int divide()
{
    // In assembly: the compiler may turn 1 / x into compares (division by
    // zero being undefined), and then nothing would fault.
    uint32_t divisor = 0;
    uint32_t quotient = 1, remainder = 0;
    rt::print("crash: dividing by zero\n");
    __asm__ volatile("divl %2" : "+a"(quotient), "+d"(remainder) : "rm"(divisor));
    rt::print("crash: 1 / 0 = %u without a fault\n", quotient);
    return not_faulted;
}

int invalid_opcode()
{
    rt::print("crash: executing ud2\n");
    __asm__ volatile("ud2");
    rt::print("crash: ud2 did not fault\n");
    return not_faulted;
}
} // namespace

int main(int argc, char** argv)
{
    const char* mode = argc > 1 ? argv[1] : "null";
    volatile uintptr_t null_address = 0;
    if (argc <= 2 && strcmp(mode, "null") == 0)
        return write_at(null_address);
    if (argc == 2 && strcmp(mode, "divide") == 0)
        return divide();
    if (argc == 2 && strcmp(mode, "opcode") == 0)
        return invalid_opcode();
    uintptr_t address = 0;
    if (argc == 3 && parse_address(argv[2], address)) {
        if (strcmp(mode, "read") == 0)
            return read_at(address);
        if (strcmp(mode, "write") == 0)
            return write_at(address);
    }
    return usage();
}
