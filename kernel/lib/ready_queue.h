// The scheduler's ready queues: one FIFO per priority (0..255, higher runs
// first) and a 256-bit map of the non-empty ones, so finding the highest ready
// priority takes at most eight word tests however many threads are ready.
// Intrusive and allocation-free; freestanding, so host unit tests drive it.
//
// T provides `T* ready_next; T* ready_prev; uint8_t priority;`.
//
// Invariants:
//  - queue p is a circular doubly linked list through ready_next/ready_prev;
//    head(p) is its first element (the next to run), head(p)->ready_prev its
//    last, and head(p) is nullptr when the queue is empty;
//  - bit p of the map is set iff queue p is non-empty;
//  - an element is queued iff its ready_next is not nullptr (a lone element
//    links to itself); an element that is not queued has both links nullptr;
//  - a queued element is in the queue of its current `priority`, so change
//    the priority only while it is not queued (dequeue, change, enqueue).
// Not synchronised: the kernel calls it with interrupts off.
#pragma once
#include <stdint.h>

namespace kernel {

template <typename T>
class ReadyQueues {
public:
    static constexpr unsigned priorities = 256;

    // Puts `t` (not queued) at the back of its priority's queue, or at the
    // front (it runs next within that priority) if `at_front`.
    void enqueue(T* t, bool at_front)
    {
        T*& head = head_[t->priority];
        if (!head) {
            t->ready_next = t->ready_prev = t;
            head = t;
            nonempty_[t->priority / 32] |= 1u << (t->priority % 32);
            return;
        }
        link_before(t, head);       // the back of a circle is just before its head
        if (at_front)
            head = t;
    }

    // Takes `t` (queued) out of its queue and clears its links.
    void dequeue(T* t)
    {
        T*& head = head_[t->priority];
        if (t->ready_next == t) {
            head = nullptr;
            nonempty_[t->priority / 32] &= ~(1u << (t->priority % 32));
        } else {
            unlink(t);
            if (head == t)
                head = t->ready_next;
        }
        t->ready_next = t->ready_prev = nullptr;
    }

    // Moves `t` (queued) to the back of its queue: round robin when its time
    // slice ends. The same as dequeue(t) then enqueue(t, false).
    void rotate(T* t)
    {
        T*& head = head_[t->priority];
        if (head == t) {
            head = t->ready_next;    // the circle turns; t is now the last
            return;
        }
        unlink(t);
        link_before(t, head);
    }

    // The highest priority with a queued element, -1 if none.
    int highest_priority() const
    {
        for (int w = priorities / 32 - 1; w >= 0; --w)
            if (nonempty_[w])
                return w * 32 + 31 - __builtin_clz(nonempty_[w]);
        return -1;
    }

    // The first element of queue `priority`, nullptr if it is empty.
    T* head(uint8_t priority) const { return head_[priority]; }

    // The element that runs next: the head of the highest non-empty queue,
    // nullptr if all are empty (the scheduler then runs its idle thread).
    T* first() const
    {
        int p = highest_priority();
        return p < 0 ? nullptr : head_[p];
    }

    bool empty() const { return highest_priority() < 0; }

    // Whether `t` is in a ready queue (of this or, if misused, another object).
    static bool queued(const T* t) { return t->ready_next != nullptr; }

private:
    static void unlink(T* t)
    {
        t->ready_prev->ready_next = t->ready_next;
        t->ready_next->ready_prev = t->ready_prev;
    }

    static void link_before(T* t, T* at)
    {
        t->ready_next = at;
        t->ready_prev = at->ready_prev;
        at->ready_prev->ready_next = t;
        at->ready_prev = t;
    }

    T* head_[priorities] = {};
    uint32_t nonempty_[priorities / 32] = {};
};

} // namespace kernel
