// ktest's main: pick the tests from the kernel command line, run them, print
// one line each and the summary, and leave QEMU with the verdict.
#include "child.h"
#include "ktest.h"
#include "rt/string.h"

namespace ktest {
namespace {

const Test* const all_lists[] = {ipc_tests, memory_tests, thread_tests, interrupt_tests, argument_tests};

// The value of `key=` on the command line, copied into `out`; false if absent.
bool option(const char* key, char* out, size_t size)
{
    size_t k = strlen(key);
    for (const char* p = kip->cmdline; *p;) {
        while (*p == ' ')
            ++p;
        const char* word = p;
        while (*p && *p != ' ')
            ++p;
        if (static_cast<size_t>(p - word) > k && strncmp(word, key, k) == 0 && word[k] == '=') {
            size_t n = static_cast<size_t>(p - word) - k - 1;
            if (n >= size)
                n = size - 1;
            memcpy(out, word + k + 1, n);
            out[n] = '\0';
            return true;
        }
        if (static_cast<size_t>(p - word) == k && strncmp(word, key, k) == 0) {
            out[0] = '\0';
            return true;
        }
    }
    return false;
}

int run(const char* selection)
{
    bool all = strcmp(selection, "all") == 0;
    unsigned passed = 0, failed = 0;
    for (const Test* list : all_lists)
        for (const Test* t = list; t->name; ++t) {
            if (all ? t->destructive : strcmp(selection, t->name) != 0)
                continue;
            rt::print("ktest: RUN %s\n", t->name);
            bool ok = t->run();
            kill_all();
            if (ok) {
                ++passed;
                rt::print("ktest: PASS %s\n", t->name);
            } else {
                ++failed;
                rt::print("ktest: FAIL %s\n", t->name);
            }
        }
    if (passed + failed == 0)
        rt::print("ktest: no test called \"%s\"\n", selection);
    rt::print("ktest: %u passed, %u failed\n", passed, failed);
    return (failed == 0 && passed > 0) ? 0 : 1;
}

} // namespace
} // namespace ktest

int main()
{
    using namespace ktest;
    root = L4_Myself();
    kip = L4_KernelInterface();
    char selection[64] = "all";
    if (option("bench", selection, sizeof(selection))) {
        run_benchmarks();
        L4_KDB_Shutdown(kapi::exit_code::pass);
    }
    option("test", selection, sizeof(selection));
    int result = run(selection);
    L4_KDB_Shutdown(result == 0 ? kapi::exit_code::pass : kapi::exit_code::fail);
    return result;
}
