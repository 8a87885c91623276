// ktest: the kernel's in-system test task. It runs as the root task (the
// kernel loads it in place of ART), exercises every kernel feature from user
// space, prints one grep-able line per test and leaves QEMU with a verdict:
//
//   ktest: PASS ipc_payload
//   ktest: FAIL grant_moves_page: tests/system/ktest/memory.cc:88: value == 0x1234
//   ktest: 12 passed, 0 failed
//
// The kernel command line picks what runs: test=NAME, test=all (default;
// every test but the destructive ones), or bench.
#pragma once
#include "l4/l4.h"
#include "rt/print.h"

namespace ktest {

// A failed CHECK prints where and what, and fails the current test.
#define CHECK(cond)                                                                               \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            rt::print("ktest: check failed: %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
            return false;                                                                         \
        }                                                                                         \
    } while (0)

using TestFn = bool (*)();
struct Test {
    const char* name;
    TestFn run;
    bool destructive;      // ends the system (kernel fault): only when named
};

// Per-area test lists (each file defines its own).
extern const Test ipc_tests[];
extern const Test memory_tests[];
extern const Test thread_tests[];
extern const Test interrupt_tests[];
extern const Test argument_tests[];

void run_benchmarks();

} // namespace ktest
