// rt::Heap over test-owned memory: alignment, random workloads checked by
// content, coalescing back to one block, and the panics on misuse.
#include <gtest/gtest.h>
#include <random>
#include <stdint.h>
#include <string.h>
#include <vector>
#include "rt/heap.h"
#include "rt/hooks.h"

namespace {

// A heap over one region of `size` bytes that the fixture owns.
class HeapTest : public testing::Test {
protected:
    void SetUp() override
    {
        memory_.assign(region_size + 64, 0);
        ASSERT_GT(heap_.add_region(memory_.data(), region_size), region_size - 64);
    }

    static constexpr size_t region_size = 1 << 20;
    std::vector<unsigned char> memory_;
    rt::Heap heap_;
};

bool aligned(const void* p, size_t a) { return reinterpret_cast<uintptr_t>(p) % a == 0; }

TEST_F(HeapTest, AllocationsAreAlignedAndDisjoint)
{
    std::vector<std::pair<unsigned char*, size_t>> blocks;
    for (size_t size : {0, 1, 7, 8, 15, 16, 17, 100, 4096, 12345}) {
        auto* p = static_cast<unsigned char*>(heap_.allocate(size));
        ASSERT_NE(p, nullptr);
        EXPECT_TRUE(aligned(p, rt::Heap::alignment));
        EXPECT_GE(heap_.usable_size(p), size);
        blocks.emplace_back(p, heap_.usable_size(p));
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
        for (size_t j = i + 1; j < blocks.size(); ++j) {
            auto [a, an] = blocks[i];
            auto [b, bn] = blocks[j];
            EXPECT_TRUE(a + an <= b || b + bn <= a);
        }
    }
    EXPECT_EQ(heap_.stats().used_blocks, blocks.size());
    EXPECT_EQ(heap_.check(), nullptr);
}

TEST_F(HeapTest, AlignedAllocations)
{
    std::vector<void*> blocks;
    for (size_t align : {1, 2, 8, 16, 32, 64, 128, 4096, 65536}) {
        for (size_t size : {1, 100, 5000}) {
            void* p = heap_.allocate(size, align);
            ASSERT_NE(p, nullptr) << align << " " << size;
            EXPECT_TRUE(aligned(p, align < 16 ? 16 : align)) << align;
            memset(p, 0xab, size);
            blocks.push_back(p);
            ASSERT_EQ(heap_.check(), nullptr);
        }
    }
    for (void* p : blocks)
        heap_.free(p);
    EXPECT_EQ(heap_.check(), nullptr);
    EXPECT_EQ(heap_.stats().free_blocks, 1u);
}

TEST_F(HeapTest, RefusesBadRequests)
{
    EXPECT_EQ(heap_.allocate(16, 3), nullptr);    // not a power of two
    EXPECT_EQ(heap_.allocate(16, 0), nullptr);
    EXPECT_EQ(heap_.allocate(SIZE_MAX), nullptr);  // would overflow
    EXPECT_EQ(heap_.allocate(SIZE_MAX - 8), nullptr);
    EXPECT_EQ(heap_.allocate(region_size), nullptr);  // more than there is
    EXPECT_EQ(heap_.stats().used_blocks, 0u);
}

TEST_F(HeapTest, ExhaustionThenFullRecovery)
{
    std::vector<void*> blocks;
    while (void* p = heap_.allocate(1000))
        blocks.push_back(p);
    EXPECT_GT(blocks.size() * 1000, region_size * 9 / 10);
    EXPECT_EQ(heap_.check(), nullptr);
    // Free every other block first (no merging possible), then the rest.
    for (size_t i = 0; i < blocks.size(); i += 2)
        heap_.free(blocks[i]);
    EXPECT_EQ(heap_.check(), nullptr);
    for (size_t i = 1; i < blocks.size(); i += 2)
        heap_.free(blocks[i]);
    rt::Heap::Stats s = heap_.stats();
    EXPECT_EQ(s.free_blocks, 1u);
    EXPECT_EQ(s.free_bytes, s.total_bytes);
    EXPECT_NE(heap_.allocate(region_size / 2), nullptr);
}

// Random allocate / free / reallocate with every block filled with a pattern
// derived from its id; the pattern is verified before each free and after each
// reallocate, and the invariants are checked along the way.
TEST_F(HeapTest, RandomWorkloadKeepsContentsAndCoalesces)
{
    struct Live {
        unsigned char* p;
        size_t size;
        unsigned id;
    };
    auto fill = [](const Live& b) {
        for (size_t i = 0; i < b.size; ++i)
            b.p[i] = static_cast<unsigned char>(b.id * 31 + i);
    };
    auto intact = [](const Live& b, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            if (b.p[i] != static_cast<unsigned char>(b.id * 31 + i))
                return false;
        }
        return true;
    };

    std::mt19937 rng(6);
    std::vector<Live> live;
    unsigned next_id = 0;
    for (int step = 0; step < 20000; ++step) {
        unsigned action = rng() % 10;
        if (action < 5 || live.empty()) {
            size_t size = rng() % 4 == 0 ? rng() % 8192 : rng() % 128;
            size_t align = rng() % 8 == 0 ? size_t(1) << (rng() % 10) : 16;
            auto* p = static_cast<unsigned char*>(heap_.allocate(size, align));
            if (p == nullptr)
                continue;   // full: fine, frees will follow
            ASSERT_TRUE(aligned(p, align));
            live.push_back({p, size, next_id++});
            fill(live.back());
        } else if (action < 8) {
            size_t i = rng() % live.size();
            ASSERT_TRUE(intact(live[i], live[i].size)) << "block " << live[i].id;
            heap_.free(live[i].p);
            live[i] = live.back();
            live.pop_back();
        } else {
            size_t i = rng() % live.size();
            size_t size = rng() % 4096;
            auto* p = static_cast<unsigned char*>(heap_.reallocate(live[i].p, size));
            if (size == 0) {
                live[i] = live.back();
                live.pop_back();
                continue;
            }
            if (p == nullptr)
                continue;   // old block untouched
            Live moved{p, size, live[i].id};
            ASSERT_TRUE(intact(moved, std::min(size, live[i].size))) << "block " << moved.id;
            live[i] = moved;
            fill(live[i]);
        }
        if (step % 500 == 0) {
            ASSERT_EQ(heap_.check(), nullptr) << "step " << step;
            ASSERT_EQ(heap_.stats().used_blocks, live.size());
        }
    }
    for (const Live& b : live) {
        ASSERT_TRUE(intact(b, b.size));
        heap_.free(b.p);
    }
    rt::Heap::Stats s = heap_.stats();
    EXPECT_EQ(heap_.check(), nullptr);
    EXPECT_EQ(s.used_blocks, 0u);
    EXPECT_EQ(s.free_blocks, 1u) << "freeing everything must coalesce into one block";
    EXPECT_EQ(s.free_bytes, s.total_bytes);
}

TEST_F(HeapTest, ReallocateKeepsDataAndShrinksInPlace)
{
    auto* p = static_cast<char*>(heap_.allocate(100));
    strcpy(p, "persistent words");
    auto* q = static_cast<char*>(heap_.reallocate(p, 5000));
    ASSERT_NE(q, nullptr);
    EXPECT_STREQ(q, "persistent words");
    EXPECT_EQ(heap_.reallocate(q, 40), q);   // shrinking never moves
    EXPECT_STREQ(q, "persistent words");
    EXPECT_GE(heap_.usable_size(q), 40u);
    EXPECT_LT(heap_.usable_size(q), 5000u);
    EXPECT_EQ(heap_.reallocate(q, 0), nullptr);   // frees
    EXPECT_EQ(heap_.stats().used_blocks, 0u);
    void* fresh = heap_.reallocate(nullptr, 10);
    EXPECT_NE(fresh, nullptr);
    EXPECT_EQ(heap_.reallocate(fresh, SIZE_MAX), nullptr);   // failure leaves it alone
    EXPECT_EQ(heap_.stats().used_blocks, 1u);
}

TEST(Heap, AdjacentRegionsMerge)
{
    alignas(16) static unsigned char memory[3 * 4096];
    rt::Heap heap;
    EXPECT_EQ(heap.add_region(memory, 4096), 4096u);
    EXPECT_EQ(heap.add_region(memory + 2 * 4096, 4096), 4096u);
    EXPECT_EQ(heap.stats().free_blocks, 2u);
    EXPECT_EQ(heap.add_region(memory + 4096, 4096), 4096u);   // fills the gap
    EXPECT_EQ(heap.stats().free_blocks, 1u);
    EXPECT_EQ(heap.stats().largest_free, 3 * 4096u);
    EXPECT_NE(heap.allocate(2 * 4096 + 100), nullptr);
    EXPECT_EQ(heap.check(), nullptr);
}

TEST(Heap, TinyAndUnalignedRegions)
{
    alignas(16) static unsigned char memory[256];
    rt::Heap heap;
    EXPECT_EQ(heap.add_region(memory + 1, 8), 0u);      // too small once trimmed
    EXPECT_EQ(heap.add_region(memory + 3, 100), 80u);   // trimmed to 16-byte edges
    EXPECT_EQ(heap.allocate(0, 16) != nullptr, true);
    rt::Heap empty;
    EXPECT_EQ(empty.allocate(1), nullptr);
    empty.free(nullptr);   // allowed
}

using HeapDeathTest = HeapTest;

TEST_F(HeapDeathTest, DoubleFreeIsDetected)
{
    void* p = heap_.allocate(64);
    heap_.free(p);
    EXPECT_EXIT(heap_.free(p), testing::ExitedWithCode(rt::exit_panic), "panic: heap: double free");
}

TEST_F(HeapDeathTest, DoubleFreeAfterMergeIsDetected)
{
    void* a = heap_.allocate(64);
    void* b = heap_.allocate(64);
    heap_.allocate(64);   // keeps b's upper neighbour used
    heap_.free(a);
    heap_.free(b);        // merges into a's block
    EXPECT_EXIT(heap_.free(b), testing::ExitedWithCode(rt::exit_panic), "panic: heap: double free");
}

TEST_F(HeapDeathTest, CorruptedHeaderIsDetected)
{
    auto* p = static_cast<unsigned char*>(heap_.allocate(64));
    memset(p - rt::Heap::overhead(), 0x41, rt::Heap::overhead());   // an underflow from a neighbour
    EXPECT_EXIT(heap_.free(p), testing::ExitedWithCode(rt::exit_panic), "corrupted block header");
}

TEST_F(HeapDeathTest, ForeignAndInteriorPointersAreDetected)
{
    int on_stack = 0;
    EXPECT_EXIT(heap_.free(&on_stack), testing::ExitedWithCode(rt::exit_panic), "never handed out");
    auto* p = static_cast<unsigned char*>(heap_.allocate(256));
    EXPECT_EXIT(heap_.free(p + 8), testing::ExitedWithCode(rt::exit_panic), "never handed out");
    EXPECT_EXIT(heap_.free(p + 64), testing::ExitedWithCode(rt::exit_panic), "corrupted block header");
}

} // namespace
