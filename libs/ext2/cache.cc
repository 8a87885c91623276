// The block cache (see cache.h). Lookups scan the 32 slots; that is cheaper
// than the device request a miss costs, and needs no index to keep right.
#include "ext2/cache.h"
#include "rt/string.h"

namespace ext2 {

// ---------------------------------------------------------------------------
// BlockRef

uint32_t BlockRef::number() const { return cache_->slots_[slot_].block; }
uint8_t* BlockRef::data() const { return cache_->data_[slot_]; }
void BlockRef::mark_dirty() { cache_->slots_[slot_].dirty = true; }

BlockRef& BlockRef::operator=(BlockRef&& other)
{
    if (this != &other) {
        release();
        cache_ = other.cache_;
        slot_ = other.slot_;
        other.cache_ = nullptr;
    }
    return *this;
}

void BlockRef::release()
{
    if (cache_ != nullptr)
        cache_->unpin(slot_);
    cache_ = nullptr;
}

// ---------------------------------------------------------------------------
// BlockCache

void BlockCache::attach(BlockDevice& device, uint32_t block_size, uint32_t block_count)
{
    device_ = &device;
    block_size_ = block_size;
    sectors_per_block_ = block_size / sector_size;
    block_count_ = block_count;
    clock_ = 0;
    open_ = false;
    for (Slot& s : slots_)
        s = Slot{};
}

void BlockCache::detach()
{
    device_ = nullptr;
    open_ = false;
    for (Slot& s : slots_)
        s = Slot{};
}

void BlockCache::reattach(BlockDevice& device)
{
    device_ = &device;
    for (Slot& s : slots_)
        s.pins = 0;
}

void BlockCache::begin()
{
    if (++transaction_ == 0)
        transaction_ = 1;               // 0 marks a slot no transaction touched
    open_ = true;
}

void BlockCache::commit() { open_ = false; }

void BlockCache::rollback()
{
    for (Slot& s : slots_) {
        if (touched(s))
            s = Slot{};
        s.pins = 0;
    }
    open_ = false;
}

Status BlockCache::read(uint32_t block, BlockRef& ref) { return claim(block, true, ref); }

Status BlockCache::fresh(uint32_t block, BlockRef& ref)
{
    Status s = claim(block, false, ref);
    if (s.ok()) {
        memset(data_[ref.slot_], 0, block_size_);
        slots_[ref.slot_].dirty = true;
    }
    return s;
}

void BlockCache::discard(uint32_t block)
{
    for (Slot& s : slots_) {
        // A transaction keeps a committed change (rollback may give the
        // block back to its file); writing a freed block later is harmless.
        bool committed_change = open_ && s.dirty && !touched(s);
        if (s.valid && s.block == block && s.pins == 0 && !committed_change)
            s = Slot{};
    }
}

Status BlockCache::sync()
{
    for (uint32_t i = 0; i < slot_count; ++i) {
        if (slots_[i].valid && slots_[i].dirty && may_write_back(slots_[i])) {
            Status s = write_back(i);
            if (!s.ok())
                return s;
        }
    }
    return success();
}

uint32_t BlockCache::dirty_count() const
{
    uint32_t n = 0;
    for (const Slot& s : slots_)
        n += (s.valid && s.dirty) ? 1 : 0;
    return n;
}

uint32_t BlockCache::pinned_count() const
{
    uint32_t n = 0;
    for (const Slot& s : slots_)
        n += s.pins > 0 ? 1 : 0;
    return n;
}

// Finds `block` in the cache, or gives it the least recently used unpinned
// slot (writing that slot back first if dirty) and, if `load`, reads it.
Status BlockCache::claim(uint32_t block, bool load, BlockRef& ref)
{
    ref.release();
    if (device_ == nullptr)
        return fail(Error::not_mounted);
    if (block >= block_count_)
        return fail(Error::outside_device, block);
    for (uint32_t i = 0; i < slot_count; ++i) {
        if (slots_[i].valid && slots_[i].block == block) {
            Status s = touch(i);
            if (s.ok())
                pin(i, ref);
            return s;
        }
    }
    uint32_t victim = 0;
    Status s = choose_victim(victim);
    if (!s.ok())
        return s;
    Slot& slot = slots_[victim];
    slot = Slot{};
    if (load) {
        s = device_->read(uint64_t{block} * sectors_per_block_, sectors_per_block_, data_[victim]);
        if (!s.ok())
            return s;
    }
    slot.block = block;
    slot.touched_by = open_ ? transaction_ : 0;
    slot.valid = true;
    pin(victim, ref);
    return success();
}

// A cached block the open transaction pins for the first time is made clean
// first (see the invariants in cache.h).
Status BlockCache::touch(uint32_t i)
{
    Slot& slot = slots_[i];
    if (!open_ || touched(slot))
        return success();
    if (slot.dirty) {
        Status s = write_back(i);
        if (!s.ok())
            return s;
    }
    slot.touched_by = transaction_;
    return success();
}

// An unused slot if there is one, else the least recently used unpinned one,
// written back if dirty.
Status BlockCache::choose_victim(uint32_t& victim)
{
    bool found = false;
    for (uint32_t i = 0; i < slot_count; ++i) {
        const Slot& s = slots_[i];
        if (s.pins > 0 || !may_write_back(s))
            continue;
        if (!s.valid) {
            victim = i;
            return success();
        }
        if (!found || s.last_use < slots_[victim].last_use) {
            victim = i;
            found = true;
        }
    }
    if (!found)
        return fail(Error::cache_full);
    if (slots_[victim].dirty)
        return write_back(victim);
    return success();
}

Status BlockCache::write_back(uint32_t i)
{
    Slot& slot = slots_[i];
    Status s = device_->write(uint64_t{slot.block} * sectors_per_block_, sectors_per_block_, data_[i]);
    if (s.ok())
        slot.dirty = false;
    return s;
}

void BlockCache::pin(uint32_t i, BlockRef& ref)
{
    slots_[i].pins++;
    slots_[i].last_use = ++clock_;
    ref.cache_ = this;
    ref.slot_ = i;
}

void BlockCache::unpin(uint32_t i)
{
    if (slots_[i].pins > 0)
        slots_[i].pins--;
}

} // namespace ext2
