// The block cache: a fixed number of slots of up to 4 KiB, least recently used
// replacement, dirty bits and write-back. The cache lives in memory the caller
// places (the ext2 server puts it in persistent memory), so it never
// allocates; its size is the constant BlockCache::slot_count * max_block_size.
//
// A block is used through a BlockRef, which pins its slot: a pinned slot is
// never chosen for reuse, so the bytes behind data() stay put until the
// BlockRef is released or destroyed. Writers change the bytes and call
// mark_dirty(); dirty blocks reach the device on sync() or when their slot is
// reused. When every slot is pinned, a request fails with cache_full (the
// file system pins at most a handful at a time).
//
// Transactions make a request undoable, for a server that replays a request
// its crash interrupted (servers/ext2). Between begin() and commit() every
// block the file system pins is *touched*. Invariants while a transaction is
// open:
//   - a touched block was clean when first touched: a dirty block is written
//     back before the transaction pins it, so the device holds its bytes as
//     they were at begin();
//   - a touched block that became dirty is never written back (no steal), so
//     the device never sees a change the transaction may take back.
// rollback() therefore only has to forget the touched blocks for cache and
// device together to hold what they held at begin(). The cost is a write of
// each block that two transactions in a row change.
//
// A crash may stop any of these at any point, and the cache (in persistent
// memory) is still right: commit() is one store (a slot is touched only while
// its transaction number is the open one's), and rollback() may be run again.
#pragma once
#include <stdint.h>
#include "ext2/block_device.h"
#include "ext2/format.h"
#include "ext2/status.h"

namespace ext2 {

class BlockCache;

class BlockRef {
public:
    BlockRef() = default;
    ~BlockRef() { release(); }
    BlockRef(const BlockRef&) = delete;
    BlockRef& operator=(const BlockRef&) = delete;
    // Moving hands the pin over; the source is left empty.
    BlockRef(BlockRef&& other) : cache_(other.cache_), slot_(other.slot_) { other.cache_ = nullptr; }
    BlockRef& operator=(BlockRef&& other);

    bool valid() const { return cache_ != nullptr; }
    uint32_t number() const;          // the block number; precondition valid()
    uint8_t* data() const;            // block_size bytes; precondition valid()
    void mark_dirty();                // the bytes changed: write them back before reuse
    void release();                   // unpin now (also done by the destructor)

private:
    friend class BlockCache;
    BlockCache* cache_ = nullptr;
    uint32_t slot_ = 0;
};

class BlockCache {
public:
    static constexpr uint32_t slot_count = 32;
    // The data blocks one transaction should write at most: every block it
    // changes stays in the cache until commit, and the file's metadata
    // (inode, bitmaps, descriptors, indirect blocks) needs slots too.
    static constexpr uint32_t transaction_data_blocks = 16;

    // Uses `device` with blocks of `block_size` bytes (1, 2 or 4 KiB) numbered
    // 0 .. block_count - 1. Forgets every cached block, dirty or not: sync first.
    void attach(BlockDevice& device, uint32_t block_size, uint32_t block_count);
    void detach();
    bool attached() const { return device_ != nullptr; }
    uint32_t block_size() const { return block_size_; }

    // Pins `block` into `ref` (releasing what `ref` held), reading it from the
    // device unless it is cached.
    Status read(uint32_t block, BlockRef& ref);
    // Pins `block` into `ref` as all zeros and dirty, without reading it: for
    // a block just allocated, or one about to be overwritten whole.
    Status fresh(uint32_t block, BlockRef& ref);
    // Drops `block` if it is cached and not pinned, dirty or not: for a block
    // just freed, whose contents no longer matter.
    void discard(uint32_t block);
    // Writes every dirty block to the device (but those an open transaction
    // changed). Stops at the first failure; the blocks not written stay dirty.
    Status sync();

    // --- Transactions ---------------------------------------------------------
    void begin();
    // Keeps the transaction's changes (as dirty blocks, written back later).
    void commit();
    // Forgets the transaction's changes. No BlockRef may be live (after a
    // crash none is: the stack that held them is gone).
    void rollback();
    bool in_transaction() const { return open_; }
    // The cache outlived the process that used it (a hot or warm restart
    // keeps it in persistent memory): forgets the pins of BlockRefs that died
    // with the process, and takes `device` (the same disk, at its new
    // address) for the old one. Cached blocks, dirty or not, are kept.
    void reattach(BlockDevice& device);

    // For tests and statistics.
    uint32_t dirty_count() const;
    uint32_t pinned_count() const;

private:
    friend class BlockRef;

    struct Slot {
        uint32_t block;
        uint32_t pins;
        uint64_t last_use;       // the value of clock_ at the last request; 0 = never
        bool valid;              // holds `block`'s bytes
        bool dirty;              // the bytes differ from the device's
        uint32_t touched_by;     // the transaction that last pinned it (0: none)
    };

    Status claim(uint32_t block, bool load, BlockRef& ref);
    Status touch(uint32_t slot);
    bool touched(const Slot& s) const { return open_ && s.touched_by == transaction_; }
    bool may_write_back(const Slot& s) const { return !(touched(s) && s.dirty); }
    Status choose_victim(uint32_t& slot);
    Status write_back(uint32_t slot);
    void pin(uint32_t slot, BlockRef& ref);
    void unpin(uint32_t slot);

    BlockDevice* device_ = nullptr;
    uint32_t block_size_ = 0;
    uint32_t sectors_per_block_ = 0;
    uint32_t block_count_ = 0;
    uint64_t clock_ = 0;
    uint32_t transaction_ = 0;       // the open or last transaction's number
    bool open_ = false;
    Slot slots_[slot_count] = {};
    alignas(16) uint8_t data_[slot_count][max_block_size];
};

} // namespace ext2
