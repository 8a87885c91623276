// persist: persistent memory of a process. IS_PERSISTENT data sits in .pdata
// at 0x80000000; the persistent heap hands out memory above it. Builds a
// list of objects there, checks them, frees some, and prints "persist: ok".
// (That they survive a restart is the restart framework's test.)
#include "arc/layout.h"
#include "arc/persistent.h"
#include "rt/print.h"

namespace {

struct Node {
    unsigned value;
    Node* next;
};

// Persistent: the list's head and how many nodes it has.
Node* head IS_PERSISTENT = nullptr;
unsigned count IS_PERSISTENT = 0;
unsigned initialized IS_PERSISTENT = 0x1234;      // initial data comes from the file

int fail(const char* what)
{
    rt::print("persist: FAIL %s\n", what);
    return 1;
}

} // namespace

int main()
{
    if (initialized != 0x1234)
        return fail("initialized persistent data");
    if (reinterpret_cast<uintptr_t>(&head) < arc::layout::persistent_start ||
        reinterpret_cast<uintptr_t>(&head) >= arc::layout::persistent_end)
        return fail("IS_PERSISTENT data outside the persistent range");
    for (unsigned i = 0; i < 1000; ++i) {
        Node* n = arc::persistent::make<Node>(Node{i * 7, head});
        if (!n || !arc::persistent::contains(n))
            return fail("a persistent object");
        head = n;
        ++count;
    }
    // Big ones too: the heap grows over more of the range.
    void* big = arc::persistent::allocate(300 * 1024);
    if (!big || !arc::persistent::contains(big))
        return fail("a large persistent block");
    unsigned seen = 0;
    for (Node* n = head; n; n = n->next, ++seen)
        if (n->value != (count - 1 - seen) * 7)
            return fail("a node's value");
    if (seen != count)
        return fail("the list's length");
    arc::persistent::free(big);
    for (unsigned i = 0; i < 500; ++i) {
        Node* n = head;
        head = n->next;
        arc::persistent::destroy(n);
        --count;
    }
    rt::Heap::Stats s = arc::persistent::stats();
    rt::print("persist: %u objects in the persistent heap, %u KiB of it in use, head at 0x%08x: ok\n", count,
              static_cast<unsigned>((s.total_bytes - s.free_bytes) / 1024), reinterpret_cast<unsigned>(head));
    return 0;
}
