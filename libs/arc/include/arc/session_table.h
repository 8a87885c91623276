// The session control blocks of a SessionServer (004 section 4.5.3): who
// holds each session, with which pages. The table lives in persistent
// memory (arc/session_server.h), so sessions survive the server's hot and
// warm restarts; a cold restart empties it. Freestanding: the host tests
// drive it (tests/unit/arc/session_table_test.cc).
//
// Invariants:
//  - a block is `used` only once every other field of it is written: a
//    restart in the middle of a connect leaves the slot free, and the
//    replayed connect takes it again;
//  - a handle names one slot and one connect: its low byte is the slot, the
//    rest a key that differs from connect to connect, so a handle kept from
//    before a cold restart does not name a session made after it.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/layout.h"
#include "arc/protocol/session.h"
#include "l4/types.h"

namespace arc {

struct SessionControlBlock {
    bool used = false;
    L4_ThreadId_t client = L4_nilthread;   // the thread that connected: the only one it answers
    L4_Word_t client_pid = 0;               // whom ART lets map the pages
    L4_Word_t handle = 0;
    L4_Word_t pages = 0;
    L4_Word_t connected_by = 0;             // the connect request's sequence number
    // The server's own per-session state (an open file, a position): kept
    // with the block, so it is as persistent as the session.
    L4_Word_t state[4] = {};

    static constexpr L4_Word_t slot_of(L4_Word_t handle) { return handle & 0xff; }
    // Where slot `slot`'s pages are in the server (one fixed run per slot).
    static constexpr L4_Word_t address_of(L4_Word_t slot)
    {
        return layout::served_start + slot * session::max_pages * layout::page_size;
    }
    L4_Word_t address() const { return address_of(slot_of(handle)); }
    uint8_t* base() const { return reinterpret_cast<uint8_t*>(address()); }
    size_t size() const { return pages * layout::page_size; }
};

static_assert(SessionControlBlock::address_of(session::max_sessions) <= layout::served_end,
              "every slot's pages fit the served range");

class SessionTable {
public:
    static constexpr L4_Word_t slots = session::max_sessions;

    // The session `handle` names, if `client` holds it; else nullptr.
    SessionControlBlock* find(L4_Word_t handle, L4_ThreadId_t client)
    {
        L4_Word_t slot = SessionControlBlock::slot_of(handle);
        if (slot >= slots)
            return nullptr;
        SessionControlBlock& b = blocks_[slot];
        return b.used && b.handle == handle && b.client == client ? &b : nullptr;
    }

    // The session connect request `sequence` of `client` made, if it got as
    // far (its replay answers with it instead of making another).
    SessionControlBlock* made_by(L4_Word_t sequence, L4_ThreadId_t client)
    {
        for (SessionControlBlock& b : blocks_)
            if (b.used && b.connected_by == sequence && b.client == client)
                return &b;
        return nullptr;
    }

    // The first free slot at or after `from`, or `slots`.
    L4_Word_t free_slot(L4_Word_t from) const
    {
        while (from < slots && blocks_[from].used)
            ++from;
        return from;
    }

    // Fills free slot `slot` for a session and marks it used last.
    SessionControlBlock& open(L4_Word_t slot, L4_ThreadId_t client, L4_Word_t pid, L4_Word_t pages,
                              L4_Word_t sequence, L4_Word_t key)
    {
        SessionControlBlock& b = blocks_[slot];
        b.client = client;
        b.client_pid = pid;
        b.pages = pages;
        b.connected_by = sequence;
        L4_Word_t keyed = key << 8;
        if (keyed == 0)
            keyed = 1u << 8;             // never a key of 0: never the handle 0 a Session starts with
        b.handle = keyed | slot;
        for (L4_Word_t& w : b.state)
            w = 0;
        asm volatile("" ::: "memory");   // used only after the rest is in place
        b.used = true;
        return b;
    }

    void close(SessionControlBlock& b) { b.used = false; }
    void reset()
    {
        for (SessionControlBlock& b : blocks_)
            b = SessionControlBlock{};
    }

    SessionControlBlock* begin() { return blocks_; }
    SessionControlBlock* end() { return blocks_ + slots; }

private:
    SessionControlBlock blocks_[slots];
};

} // namespace arc
