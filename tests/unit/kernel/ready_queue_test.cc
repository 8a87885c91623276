// kernel::ReadyQueues: FIFO per priority, the highest non-empty priority runs,
// round robin by rotation; checked directly and against a reference model.
#include "lib/ready_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <vector>

namespace {

struct Thread {
    Thread* ready_next = nullptr;
    Thread* ready_prev = nullptr;
    uint8_t priority = 0;
    int id = 0;
};

using Queues = kernel::ReadyQueues<Thread>;

// A global of this type is constant-initialised: no constructor has to run
// before the kernel's .init_array walk (or ever).
constinit Queues global_queues;

// Every queue's elements, head first, walking ready_next; checks the links
// both ways and the invariants of the header comment on the way.
std::vector<int> order(const Queues& q, uint8_t p)
{
    std::vector<int> ids;
    Thread* head = q.head(p);
    if (!head)
        return ids;
    Thread* t = head;
    do {
        EXPECT_EQ(t->priority, p);
        EXPECT_EQ(t->ready_next->ready_prev, t);
        EXPECT_EQ(t->ready_prev->ready_next, t);
        EXPECT_TRUE(Queues::queued(t));
        ids.push_back(t->id);
        t = t->ready_next;
        if (ids.size() > 100000) {
            ADD_FAILURE() << "queue " << int(p) << " does not close its circle";
            break;
        }
    } while (t != head);
    return ids;
}

std::vector<std::unique_ptr<Thread>> make_threads(int n, uint8_t priority, int first_id = 0)
{
    std::vector<std::unique_ptr<Thread>> ts;
    for (int i = 0; i < n; ++i) {
        ts.push_back(std::make_unique<Thread>());
        ts.back()->priority = priority;
        ts.back()->id = first_id + i;
    }
    return ts;
}

using Ids = std::vector<int>;

TEST(ReadyQueues, NewQueuesAreEmptyWithNoHighestPriority)
{
    Queues q;
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.highest_priority(), -1);
    EXPECT_EQ(q.first(), nullptr);
    for (unsigned p = 0; p < Queues::priorities; ++p)
        EXPECT_EQ(q.head(uint8_t(p)), nullptr);
    EXPECT_TRUE(global_queues.empty());
}

TEST(ReadyQueues, LoneElementLinksToItself)
{
    Queues q;
    Thread t;
    t.priority = 7;
    EXPECT_FALSE(Queues::queued(&t));
    q.enqueue(&t, false);
    EXPECT_TRUE(Queues::queued(&t));
    EXPECT_EQ(t.ready_next, &t);
    EXPECT_EQ(t.ready_prev, &t);
    EXPECT_EQ(q.head(7), &t);
    EXPECT_EQ(q.first(), &t);
    EXPECT_EQ(q.highest_priority(), 7);
    EXPECT_FALSE(q.empty());
}

TEST(ReadyQueues, EnqueueKeepsFifoOrderWithinAPriority)
{
    Queues q;
    auto ts = make_threads(5, 42);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    EXPECT_EQ(order(q, 42), (Ids{0, 1, 2, 3, 4}));
    EXPECT_EQ(q.first(), ts[0].get());
}

TEST(ReadyQueues, EnqueueAtFrontRunsNextWithinItsPriority)
{
    Queues q;
    auto ts = make_threads(4, 9);
    q.enqueue(ts[0].get(), false);
    q.enqueue(ts[1].get(), false);
    q.enqueue(ts[2].get(), true);
    EXPECT_EQ(order(q, 9), (Ids{2, 0, 1}));
    q.enqueue(ts[3].get(), true);
    EXPECT_EQ(order(q, 9), (Ids{3, 2, 0, 1}));
    EXPECT_EQ(q.first(), ts[3].get());
}

TEST(ReadyQueues, EnqueueAtFrontIntoEmptyQueue)
{
    Queues q;
    Thread t;
    t.priority = 200;
    q.enqueue(&t, true);
    EXPECT_EQ(order(q, 200), (Ids{0}));
    EXPECT_EQ(q.highest_priority(), 200);
}

TEST(ReadyQueues, HighestNonEmptyPriorityWins)
{
    Queues q;
    // Priorities on both sides of every 32-bit word of the map.
    std::vector<uint8_t> prios = {0, 1, 31, 32, 33, 63, 64, 127, 128, 191, 192, 223, 224, 254, 255};
    std::vector<std::unique_ptr<Thread>> ts;
    for (uint8_t p : prios) {
        ts.push_back(std::make_unique<Thread>());
        ts.back()->priority = p;
        ts.back()->id = p;
    }
    // Added in ascending order: each new one is the highest.
    for (auto& t : ts) {
        q.enqueue(t.get(), false);
        EXPECT_EQ(q.highest_priority(), t->priority);
        EXPECT_EQ(q.first(), t.get());
    }
    // Removed from the top: the next lower takes over.
    for (size_t i = ts.size(); i-- > 0;) {
        EXPECT_EQ(q.highest_priority(), ts[i]->priority);
        q.dequeue(ts[i].get());
        EXPECT_EQ(q.highest_priority(), i ? int(ts[i - 1]->priority) : -1);
    }
    EXPECT_TRUE(q.empty());
}

TEST(ReadyQueues, EveryPriorityIsFoundAlone)
{
    Queues q;
    Thread t;
    for (unsigned p = 0; p < Queues::priorities; ++p) {
        t.priority = uint8_t(p);
        q.enqueue(&t, false);
        EXPECT_EQ(q.highest_priority(), int(p));
        EXPECT_EQ(q.head(uint8_t(p)), &t);
        q.dequeue(&t);
        EXPECT_EQ(q.highest_priority(), -1);
    }
}

TEST(ReadyQueues, LowerPriorityDoesNotHideHigher)
{
    Queues q;
    Thread low, high;
    low.priority = 3;
    high.priority = 250;
    q.enqueue(&high, false);
    q.enqueue(&low, true);
    EXPECT_EQ(q.first(), &high);
    q.dequeue(&low);
    EXPECT_EQ(q.first(), &high);
}

TEST(ReadyQueues, MapBitClearedWhenQueueEmpties)
{
    Queues q;
    auto ts = make_threads(3, 100);
    Thread other;
    other.priority = 99;
    q.enqueue(&other, false);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[1].get());
    q.dequeue(ts[0].get());
    EXPECT_EQ(q.highest_priority(), 100);
    q.dequeue(ts[2].get());
    EXPECT_EQ(q.head(100), nullptr);
    EXPECT_EQ(q.highest_priority(), 99);
    q.dequeue(&other);
    EXPECT_EQ(q.highest_priority(), -1);
    EXPECT_TRUE(q.empty());
}

TEST(ReadyQueues, DequeueHeadMakesSecondTheHead)
{
    Queues q;
    auto ts = make_threads(3, 5);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[0].get());
    EXPECT_EQ(order(q, 5), (Ids{1, 2}));
    EXPECT_EQ(q.head(5), ts[1].get());
    EXPECT_EQ(ts[0]->ready_next, nullptr);
    EXPECT_EQ(ts[0]->ready_prev, nullptr);
    EXPECT_FALSE(Queues::queued(ts[0].get()));
}

TEST(ReadyQueues, DequeueMiddleKeepsOrderOfTheRest)
{
    Queues q;
    auto ts = make_threads(3, 5);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[1].get());
    EXPECT_EQ(order(q, 5), (Ids{0, 2}));
    EXPECT_EQ(q.head(5), ts[0].get());
    EXPECT_FALSE(Queues::queued(ts[1].get()));
    EXPECT_EQ(ts[1]->ready_prev, nullptr);
}

TEST(ReadyQueues, DequeueTailKeepsHead)
{
    Queues q;
    auto ts = make_threads(3, 5);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[2].get());
    EXPECT_EQ(order(q, 5), (Ids{0, 1}));
    EXPECT_EQ(q.head(5)->ready_prev, ts[1].get());
    EXPECT_FALSE(Queues::queued(ts[2].get()));
}

TEST(ReadyQueues, DequeuedElementCanBeEnqueuedAgain)
{
    Queues q;
    auto ts = make_threads(3, 17);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[0].get());
    q.enqueue(ts[0].get(), false);
    EXPECT_EQ(order(q, 17), (Ids{1, 2, 0}));
}

TEST(ReadyQueues, PriorityChangedWhileNotQueued)
{
    Queues q;
    auto ts = make_threads(2, 10);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.dequeue(ts[0].get());
    ts[0]->priority = 11;
    q.enqueue(ts[0].get(), false);
    EXPECT_EQ(order(q, 10), (Ids{1}));
    EXPECT_EQ(order(q, 11), (Ids{0}));
    EXPECT_EQ(q.first(), ts[0].get());
}

TEST(ReadyQueues, RotatingTheHeadGivesRoundRobin)
{
    Queues q;
    auto ts = make_threads(3, 64);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    // The time slice of whoever runs ends: it goes to the back.
    std::vector<int> ran;
    for (int i = 0; i < 7; ++i) {
        Thread* running = q.first();
        ran.push_back(running->id);
        q.rotate(running);
    }
    EXPECT_EQ(ran, (Ids{0, 1, 2, 0, 1, 2, 0}));
    EXPECT_EQ(order(q, 64), (Ids{1, 2, 0}));
}

TEST(ReadyQueues, RotateMovesAnyElementToTheBack)
{
    Queues q;
    auto ts = make_threads(4, 1);
    for (auto& t : ts)
        q.enqueue(t.get(), false);
    q.rotate(ts[1].get());
    EXPECT_EQ(order(q, 1), (Ids{0, 2, 3, 1}));
    q.rotate(ts[1].get());                  // already the last: no change
    EXPECT_EQ(order(q, 1), (Ids{0, 2, 3, 1}));
    q.rotate(ts[0].get());
    EXPECT_EQ(order(q, 1), (Ids{2, 3, 1, 0}));
}

TEST(ReadyQueues, RotateOfLoneElementChangesNothing)
{
    Queues q;
    Thread t;
    t.priority = 128;
    q.enqueue(&t, false);
    q.rotate(&t);
    EXPECT_EQ(q.head(128), &t);
    EXPECT_EQ(t.ready_next, &t);
    EXPECT_EQ(t.ready_prev, &t);
    EXPECT_EQ(q.highest_priority(), 128);
}

TEST(ReadyQueues, RotateLeavesOtherPrioritiesAlone)
{
    Queues q;
    auto a = make_threads(2, 30, 0);
    auto b = make_threads(2, 31, 10);
    for (auto* v : {&a, &b})
        for (auto& t : *v)
            q.enqueue(t.get(), false);
    q.rotate(a[0].get());
    EXPECT_EQ(order(q, 30), (Ids{1, 0}));
    EXPECT_EQ(order(q, 31), (Ids{10, 11}));
    EXPECT_EQ(q.first(), b[0].get());
}

// ---------------------------------------------------------------------------
// Randomized: every operation mirrored on a std::deque per priority.

class Model {
public:
    void enqueue(Thread* t, bool at_front)
    {
        auto& d = queues_[t->priority];
        at_front ? d.push_front(t) : d.push_back(t);
    }
    void dequeue(Thread* t)
    {
        auto& d = queues_[t->priority];
        d.erase(std::find(d.begin(), d.end(), t));
        if (d.empty())
            queues_.erase(t->priority);
    }
    void rotate(Thread* t)
    {
        dequeue(t);
        enqueue(t, false);
    }
    int highest_priority() const { return queues_.empty() ? -1 : queues_.rbegin()->first; }
    std::vector<int> order(uint8_t p) const
    {
        std::vector<int> ids;
        auto it = queues_.find(p);
        if (it != queues_.end())
            for (Thread* t : it->second)
                ids.push_back(t->id);
        return ids;
    }

private:
    std::map<uint8_t, std::deque<Thread*>> queues_;
};

// Compares the queues of `prios` (all 256 if empty) and the element links.
void expect_same(const Queues& q, const Model& m, const std::vector<std::unique_ptr<Thread>>& ts,
                 const std::vector<uint8_t>& prios)
{
    ASSERT_EQ(q.highest_priority(), m.highest_priority());
    ASSERT_EQ(q.empty(), m.highest_priority() < 0);
    ASSERT_EQ(q.first(), m.highest_priority() < 0 ? nullptr : q.head(uint8_t(m.highest_priority())));
    size_t in_model = 0;
    auto compare = [&](uint8_t p) {
        std::vector<int> want = m.order(p);
        ASSERT_EQ(order(q, p), want) << "priority " << int(p);
        in_model += want.size();
    };
    if (prios.empty()) {
        for (unsigned p = 0; p < Queues::priorities; ++p)
            ASSERT_NO_FATAL_FAILURE(compare(uint8_t(p)));
    } else {
        for (uint8_t p : prios)
            ASSERT_NO_FATAL_FAILURE(compare(p));
    }
    size_t queued = 0;
    for (auto& t : ts) {
        if (Queues::queued(t.get()))
            ++queued;
        else
            ASSERT_EQ(t->ready_prev, nullptr);
    }
    ASSERT_EQ(queued, in_model);
}

TEST(ReadyQueues, RandomOperationsMatchADequePerPriority)
{
    for (unsigned seed : {1u, 2u, 3u, 4u, 5u}) {
        SCOPED_TRACE(testing::Message() << "seed " << seed);
        std::mt19937 rng(seed);
        // Few priorities make long queues; a few far apart exercise the map.
        const std::vector<uint8_t> prios = {0, 1, 2, 31, 32, 100, 200, 255};
        std::vector<std::unique_ptr<Thread>> ts = make_threads(64, 0);
        Queues q;
        Model m;
        for (int step = 0; step < 5000; ++step) {
            Thread* t = ts[rng() % ts.size()].get();
            switch (rng() % 4) {
            case 0:
            case 1:
                if (Queues::queued(t)) {
                    q.dequeue(t);
                    m.dequeue(t);
                } else {
                    t->priority = prios[rng() % prios.size()];
                    bool front = rng() % 3 == 0;
                    q.enqueue(t, front);
                    m.enqueue(t, front);
                }
                break;
            case 2:
                if (Queues::queued(t)) {
                    q.rotate(t);
                    m.rotate(t);
                }
                break;
            case 3:
                // The scheduler's time-slice end: the running thread to the back.
                if (Thread* running = q.first()) {
                    q.rotate(running);
                    m.rotate(running);
                }
                break;
            }
            // The used priorities every step, all 256 now and then.
            ASSERT_NO_FATAL_FAILURE(expect_same(q, m, ts, step % 250 ? prios : std::vector<uint8_t>{}))
                << "step " << step;
        }
        for (auto& t : ts)
            if (Queues::queued(t.get()))
                q.dequeue(t.get());
        EXPECT_TRUE(q.empty());
    }
}

} // namespace
