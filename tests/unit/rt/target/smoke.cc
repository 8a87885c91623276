// libs/rt running as real i686 code: this program is linked from rt's sources,
// crt0.S and user.ld (moved to 1 MiB, see ../CMakeLists.txt) and booted by
// QEMU as a multiboot kernel, with no stack, no paging, flat segments. It
// checks what the host tests cannot: the 32-bit heap layout, the division
// helpers as clang calls them, va_arg on i386, crt0 and .init_array.
// Output on COM1; exit through isa-debug-exit. Prints "rt-smoke: PASS" last.
#include "rt/assert.h"
#include "rt/format.h"
#include "rt/heap.h"
#include "rt/hooks.h"
#include "rt/new.h"
#include "rt/print.h"
#include "rt/string.h"

// The multiboot header, in the section crt0 also uses so that it lands within
// the first 8 KiB of the file: magic, flags 0 (ELF image), checksum.
asm(R"(
    .section .text._start, "ax", @progbits
    .balign 4
    .long 0x1BADB002, 0, -0x1BADB002
)");

namespace {

void outb(uint16_t port, uint8_t value) { asm volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }
void outl(uint16_t port, uint32_t value) { asm volatile("outl %0, %1" ::"a"(value), "Nd"(port)); }

unsigned checks = 0, failures = 0;

void check(bool ok, const char* what, int line)
{
    ++checks;
    if (!ok) {
        ++failures;
        rt::print("rt-smoke: check failed at line %d: %s\n", line, what);
    }
}
#define CHECK(expr) check((expr), #expr, __LINE__)

void check_format(const char* expected, const char* fmt, ...) RT_PRINTF_LIKE(2, 3);
void check_format(const char* expected, const char* fmt, ...)
{
    char buffer[128];
    va_list args;
    va_start(args, fmt);
    int n = rt::vsnprintf(buffer, sizeof(buffer), fmt, args);
    va_end(args);
    ++checks;
    if (strcmp(buffer, expected) != 0 || n != static_cast<int>(strlen(expected))) {
        ++failures;
        rt::print("rt-smoke: format \"%s\" gave \"%s\" (%d), expected \"%s\"\n", fmt, buffer, n, expected);
    }
}

// A static constructor: crt0 must run it before main.
volatile int constructed = 0;
struct Constructed {
    Constructed() { constructed = 0x600d; }
};
Constructed constructed_object;

uint64_t lcg_state = 0x853c49e6748fea9bull;
uint64_t next_random()
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return lcg_state ^ (lcg_state >> 29);
}

void test_format()
{
    check_format("-2147483648|2147483647", "%d|%d", INT32_MIN, INT32_MAX);
    check_format("-9223372036854775808", "%lld", static_cast<long long>(INT64_MIN));
    check_format("18446744073709551615", "%llu", ~0ull);
    check_format("0x123456789abcdef0", "%#llx", 0x123456789abcdef0ull);
    check_format("0x0000abcd", "%p", reinterpret_cast<void*>(0xabcd));
    check_format("4294967295 ffffffff", "%zu %lx", static_cast<size_t>(-1), 0xfffffffful);
    check_format("-1|255|-32768", "%hhd|%hhu|%hd", static_cast<signed char>(-1),
                 static_cast<unsigned char>(255), static_cast<short>(-32768));
    check_format("[  -0042]|[+7   ]|[  0x1f]", "[%7.4d]|[%-+5d]|[%#6x]", -42, 7, 31);
    check_format("[abc  ]|[   ab]|(null)", "[%-5s]|[%*.*s]|%s", "abc", 5, 2, "abcdef", static_cast<char*>(nullptr));
    check_format("1 2 3 4 5 6 7 8 9 10", "%d %lld %d %llu %d %lld %d %llu %d %lld", 1, 2ll, 3, 4ull, 5, 6ll, 7, 8ull, 9, 10ll);
}

void test_division()
{
    for (int i = 0; i < 20000; ++i) {
        uint64_t n = next_random() >> (next_random() % 64);
        uint64_t d = next_random() >> (next_random() % 64);
        if (d == 0)
            continue;
        uint64_t q = n / d, r = n % d;   // __udivdi3, __umoddi3
        CHECK(r < d && q * d + r == n);
        auto sn = static_cast<int64_t>(n ^ (i & 1 ? ~0ull : 0));
        auto sd = static_cast<int64_t>(d ^ (i & 2 ? ~0ull : 0));
        if (sd == 0 || (sd == -1 && sn == INT64_MIN))
            continue;
        int64_t sq = sn / sd, sr = sn % sd;   // __divdi3, __moddi3
        CHECK(sq * sd + sr == sn);
        CHECK(sr == 0 || (sr < 0) == (sn < 0));
        uint64_t mag_r = sr < 0 ? 0 - static_cast<uint64_t>(sr) : static_cast<uint64_t>(sr);
        uint64_t mag_d = sd < 0 ? 0 - static_cast<uint64_t>(sd) : static_cast<uint64_t>(sd);
        CHECK(mag_r < mag_d);
        if (failures > 10)
            return;
    }
    CHECK(1000000000000ull / 1000 == 1000000000ull);
    CHECK(-1000000000000ll / 7 == -142857142857ll);
    CHECK(-1000000000000ll % 7 == -1ll);
}

void test_strings()
{
    char a[64], b[64];
    for (int i = 0; i < 64; ++i)
        a[i] = b[i] = static_cast<char>(i);
    memmove(a + 3, a + 1, 40);   // overlapping, forwards
    for (int i = 0; i < 40; ++i)
        CHECK(a[3 + i] == b[1 + i]);
    memmove(b + 1, b + 9, 30);   // overlapping, backwards source
    for (int i = 0; i < 30; ++i)
        CHECK(b[1 + i] == static_cast<char>(9 + i));
    memset(a, 0x5a, 37);
    CHECK(a[0] == 0x5a && a[36] == 0x5a && a[37] == 37 - 2);
    CHECK(strlen("twelve chars") == 12 && strcmp("abc", "abd") < 0 && strncmp("abc", "abd", 2) == 0);
    char small[4];
    CHECK(strlcpy(small, "truncate", sizeof(small)) == 8 && strcmp(small, "tru") == 0);
}

struct alignas(64) Aligned {
    char bytes[100];
};

struct Base {
    virtual ~Base() = default;
    virtual int value() const = 0;
};
struct Derived : Base {
    int v;
    explicit Derived(int x) : v(x) {}
    int value() const override { return v * 2; }
};

void test_heap()
{
    rt::Heap& heap = rt::global_heap();
    constexpr int slots = 64;
    unsigned char* blocks[slots] = {};
    size_t sizes[slots] = {};
    for (int step = 0; step < 5000; ++step) {
        int i = static_cast<int>(next_random() % slots);
        if (blocks[i] != nullptr) {
            for (size_t k = 0; k < sizes[i]; ++k)
                CHECK(blocks[i][k] == static_cast<unsigned char>(i + k));
            free(blocks[i]);
            blocks[i] = nullptr;
        } else {
            sizes[i] = next_random() % 3000;
            blocks[i] = static_cast<unsigned char*>(malloc(sizes[i]));
            CHECK(blocks[i] != nullptr && reinterpret_cast<uintptr_t>(blocks[i]) % 16 == 0);
            for (size_t k = 0; k < sizes[i]; ++k)
                blocks[i][k] = static_cast<unsigned char>(i + k);
        }
        if (failures > 10)
            return;
    }
    CHECK(heap.check() == nullptr);
    for (auto* p : blocks)
        free(p);

    auto* aligned = new Aligned;
    CHECK(reinterpret_cast<uintptr_t>(aligned) % 64 == 0);
    delete aligned;
    int* array = new int[1000]();
    CHECK(array[999] == 0);
    delete[] array;
    Base* object = new Derived(21);
    CHECK(object->value() == 42);
    delete object;
    CHECK(new (std::nothrow) char[1u << 30] == nullptr);   // more than the arena

    rt::Heap::Stats s = heap.stats();
    CHECK(heap.check() == nullptr);
    CHECK(s.used_blocks == 0);
    CHECK(s.free_blocks == 1);   // everything merged back
    CHECK(rt::Heap::overhead() == 16);
}

} // namespace

extern "C" void rt_write(const char* text, unsigned length)
{
    for (unsigned i = 0; i < length; ++i)
        outb(0x3f8, static_cast<uint8_t>(text[i]));
}

// isa-debug-exit: QEMU exits with (status << 1) | 1.
extern "C" [[noreturn]] void rt_exit(int status)
{
    for (;;)
        outl(0xf4, static_cast<uint32_t>(status));
}

int main(int argc, char** argv)
{
    rt::print("rt-smoke: started\n");
    CHECK(argc == 0 && argv == nullptr);
    CHECK(constructed == 0x600d);
    int local;
    CHECK(reinterpret_cast<uintptr_t>(&local) > 0x100000);   // crt0's own stack
    test_format();
    test_strings();
    test_division();
    test_heap();
    if (failures != 0) {
        rt::print("rt-smoke: FAIL (%u of %u checks)\n", failures, checks);
        return 1;
    }
    rt::print("rt-smoke: PASS (%u checks)\n", checks);
    return 0;
}
