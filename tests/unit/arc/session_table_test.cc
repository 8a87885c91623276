// The session control blocks (arc/session_table.h): handles name one slot
// and one connect, only the connecting thread may use its session, a
// replayed connect finds what it made, and slots' pages never overlap.
#include "arc/session_table.h"

#include <gtest/gtest.h>
#include <set>

namespace {

using arc::SessionControlBlock;
using arc::SessionTable;

constexpr L4_ThreadId_t thread(L4_Word_t raw) { return L4_ThreadId_t{raw}; }

TEST(SessionTable, OnlyTheConnectingThreadWithTheRightHandleFindsItsSession)
{
    static SessionTable table;                     // static: as in .pdata, zero at first
    EXPECT_EQ(table.free_slot(0), 0u);
    SessionControlBlock& a = table.open(0, thread(0x40001), 7, 2, 11, 0x1234);
    EXPECT_TRUE(a.used);
    EXPECT_EQ(SessionControlBlock::slot_of(a.handle), 0u);
    EXPECT_EQ(table.find(a.handle, thread(0x40001)), &a);
    EXPECT_EQ(table.find(a.handle, thread(0x40002)), nullptr);       // another thread
    EXPECT_EQ(table.find(a.handle ^ 0x100, thread(0x40001)), nullptr);   // another key
    EXPECT_EQ(table.find(0xff, thread(0x40001)), nullptr);           // no such slot
    EXPECT_EQ(table.free_slot(0), 1u);
    table.close(a);
    EXPECT_EQ(table.find(a.handle, thread(0x40001)), nullptr);
    EXPECT_EQ(table.free_slot(0), 0u);
}

// A cold restart empties the table; a handle kept from before must not name
// the session a new connect makes in the same slot.
TEST(SessionTable, AHandleFromAnEarlierConnectDoesNotNameALaterSession)
{
    SessionTable table;
    L4_Word_t old_handle = table.open(3, thread(0x40001), 7, 1, 5, 0x111).handle;
    table.reset();
    SessionControlBlock& b = table.open(3, thread(0x40001), 7, 1, 1, 0x222);
    EXPECT_NE(b.handle, old_handle);
    EXPECT_EQ(table.find(old_handle, thread(0x40001)), nullptr);
    EXPECT_EQ(table.find(b.handle, thread(0x40001)), &b);
}

TEST(SessionTable, HandleZeroIsNeverGiven)
{
    SessionTable table;
    EXPECT_NE(table.open(0, thread(0x40001), 7, 1, 1, 0).handle, 0u);
    EXPECT_NE(table.open(1, thread(0x40001), 7, 1, 1, 0x1000000).handle & ~0xffu, 0u);
}

TEST(SessionTable, AReplayedConnectFindsTheSessionItMade)
{
    SessionTable table;
    SessionControlBlock& made = table.open(table.free_slot(0), thread(0x40001), 7, 4, 42, 9);
    EXPECT_EQ(table.made_by(42, thread(0x40001)), &made);
    EXPECT_EQ(table.made_by(42, thread(0x40002)), nullptr);
    EXPECT_EQ(table.made_by(43, thread(0x40001)), nullptr);
    made.state[0] = 5;
    table.close(made);
    EXPECT_EQ(table.made_by(42, thread(0x40001)), nullptr);
}

TEST(SessionTable, AFullTableHasNoFreeSlotAndOpeningClearsTheServersState)
{
    SessionTable table;
    for (L4_Word_t i = 0; i < SessionTable::slots; ++i) {
        SessionControlBlock& b = table.open(table.free_slot(0), thread(0x40001 + i), i, 1, i, i);
        b.state[1] = 99;
    }
    EXPECT_EQ(table.free_slot(0), SessionTable::slots);
    SessionControlBlock& victim = *table.find(table.begin()[5].handle, thread(0x40006));
    table.close(victim);
    EXPECT_EQ(table.free_slot(0), 5u);
    EXPECT_EQ(table.open(5, thread(0x50000), 1, 1, 1, 1).state[1], 0u);
}

TEST(SessionTable, EverySlotHasItsOwnPagesInTheServedRange)
{
    std::set<L4_Word_t> pages;
    for (L4_Word_t slot = 0; slot < SessionTable::slots; ++slot)
        for (L4_Word_t p = 0; p < arc::session::max_pages; ++p) {
            L4_Word_t a = SessionControlBlock::address_of(slot) + p * arc::layout::page_size;
            EXPECT_GE(a, arc::layout::served_start);
            EXPECT_LT(a, arc::layout::served_end);
            EXPECT_TRUE(pages.insert(a).second) << "slot " << slot << " page " << p;
        }
}

} // namespace
