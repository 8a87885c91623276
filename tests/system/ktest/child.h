// Child address spaces for tests. A child is one thread in a new,
// unprivileged space that runs code of this very program: its pager (ktest's
// main thread, normally) maps our own pages into it 1:1 on demand, so a child
// shares our text and data and gets a stack of its own from a slot here.
#pragma once
#include "l4/l4.h"

namespace ktest {

extern L4_ThreadId_t root;          // ktest's main thread
extern const kapi::Kip* kip;

// Message labels between children and the test.
namespace label {
constexpr L4_Word_t done = 0x100;       // a child's entry function returned
constexpr L4_Word_t report = 0x101;     // a child reports results in MR1..
} // namespace label

struct Child {
    L4_ThreadId_t id = L4_nilthread;
    unsigned slot = 0;
};

using ChildEntry = void (*)(L4_Word_t arg);

// A fresh thread id: numbers cycle, versions grow, so no id is ever reused.
L4_ThreadId_t new_thread_id();

// Creates a child in a new space and starts it at entry(arg). Its pager is
// `pager` (its exceptions go there too).
bool spawn(Child& c, ChildEntry entry, L4_Word_t arg, L4_ThreadId_t pager, L4_Word_t priority = 100);
bool spawn(Child& c, ChildEntry entry, L4_Word_t arg);
void kill(Child& c);
void kill_all();      // every child still alive (after a failed test)

// True if `address` is part of this program's image (text .. _end).
bool in_image(L4_Word_t address);

// Loads a reply that maps our page `our_page` with `rights` at the hot spot.
void load_map_reply(L4_Word_t our_page, L4_Word_t rights, L4_Word_t hotspot);

// Acts as the pager of our children: page faults inside our image are
// answered with our own page at the same address; returns the first other
// message (or a fault outside the image, or a failed receive) with its sender.
L4_MsgTag_t serve(L4_ThreadId_t* from, L4_Time_t timeout = L4_Never);

// Serves our children's page faults until none has anything to say for
// 20 ms: new children have then faulted their way to their first wait.
void settle();

// Calls a child we are the pager of: if its reply is a page fault (it
// faulted while serving us), the fault is served and the real reply awaited.
L4_MsgTag_t call_child(L4_ThreadId_t child, L4_Time_t timeout);

// Sends label::report with up to 4 words to the root (from a child).
void report(L4_Word_t a = 0, L4_Word_t b = 0, L4_Word_t c = 0, L4_Word_t d = 0);

inline L4_Time_t milliseconds(L4_Word_t ms) { return L4_TimePeriod(ms * 1000ull); }

} // namespace ktest
