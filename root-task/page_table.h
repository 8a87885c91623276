// ART's physical page table (004, appendix A): one record per 4 KiB frame of
// RAM, saying what the frame is used for and who holds it. Freestanding and
// header-only: the host tests drive it, ART keeps its records in frames of
// its own.
//
// Invariants:
//  - every frame is in exactly one state; a free frame is on the free list,
//    a mapped frame on the list of exactly one holder (its owner);
//  - a page is private unless its owner shared it: then one other process
//    (share_with) may map it too, with at most share_rights; once it has,
//    partner/partner_vaddr say where (004 appendix A: a shared page is
//    mapped to at most two processes, the owner controls its status);
//  - counts() always equals a walk over the records.
#pragma once
#include <stdint.h>

namespace art {

enum class PageState : uint8_t {
    absent = 0,     // not RAM ART owns (device memory, the kernel, sigma0, modules)
    free,           // on the free list
    art,            // ART's own use (its heap, this table)
    mapped,         // given to a P3 (holder, vaddr)
    immortal,       // a boot module's page: mapped read-only, never freed
};

struct Page {
    PageState state = PageState::absent;
    uint8_t rights = 0;
    uint16_t holder = 0;      // the holding P3's slot (mapped)
    uint32_t vaddr = 0;       // where the holder has it (mapped)
    uint32_t next = 0;        // next frame of the free list or of the holder's list
    // Shared status (mapped pages only): 0 = private.
    uint32_t share_with = 0;  // who may map it too (an id the caller chooses: a pid)
    uint8_t share_rights = 0;
    uint16_t partner = 0;     // the partner's holder slot once it mapped it
    uint32_t partner_vaddr = 0;

    bool shared() const { return share_with != 0; }
};

constexpr uint32_t no_frame = ~0u;

class PageTable {
public:
    static constexpr unsigned max_holders = 128;

    struct Counts {
        uint32_t total, free, art, mapped, immortal;
    };

    // `pages` has room for `frames` records, all absent.
    void init(Page* pages, uint32_t frames)
    {
        pages_ = pages;
        frames_ = frames;
        free_head_ = no_frame;
        counts_ = {};
        for (uint32_t i = 0; i < max_holders; ++i)
            holder_head_[i] = no_frame;
        for (uint32_t f = 0; f < frames; ++f)
            pages[f] = Page{};
    }

    uint32_t frames() const { return frames_; }
    const Page& page(uint32_t frame) const { return pages_[frame]; }
    Counts counts() const { return counts_; }

    // A frame ART took from sigma0 becomes free (or ART's own, or immortal).
    void add(uint32_t frame, PageState state)
    {
        if (frame >= frames_ || pages_[frame].state != PageState::absent)
            return;
        ++counts_.total;
        enter(frame, state);
    }

    // A free frame for ART's own use or to be mapped; no_frame if none left.
    uint32_t take(PageState state)
    {
        uint32_t f = free_head_;
        if (f == no_frame)
            return no_frame;
        free_head_ = pages_[f].next;
        --counts_.free;
        enter(f, state);
        return f;
    }

    // `count` free frames in a row for ART's own use, the first a multiple
    // of `align` (frames) and the last below frame `limit`: an ISA DMA
    // buffer, which the controller reads by physical address and which must
    // not cross the boundary `align` divides (a power of two no smaller
    // than `count`, so the run never straddles one). The first frame, or
    // no_frame if no such run is free. A walk of the records and of the
    // free list: rare, at a driver's start.
    uint32_t take_run(uint32_t count, uint32_t align, uint32_t limit)
    {
        if (count == 0 || align < count || (align & (align - 1)))
            return no_frame;
        if (limit > frames_)
            limit = frames_;
        for (uint32_t first = 0; first + count <= limit; first += align) {
            uint32_t n = 0;
            while (n < count && pages_[first + n].state == PageState::free)
                ++n;
            if (n < count)
                continue;
            for (uint32_t f = first; f < first + count; ++f) {
                unlink_free(f);
                enter(f, PageState::art);
            }
            return first;
        }
        return no_frame;
    }

    // Records that `frame` (ART's, just taken) is now mapped to `holder`.
    bool assign(uint32_t frame, uint16_t holder, uint32_t vaddr, uint8_t rights)
    {
        if (frame >= frames_ || holder == 0 || holder >= max_holders || pages_[frame].state != PageState::art)
            return false;
        --counts_.art;
        Page& p = pages_[frame];
        p.state = PageState::mapped;
        p.holder = holder;
        p.vaddr = vaddr;
        p.rights = rights;
        p.next = holder_head_[holder];
        holder_head_[holder] = frame;
        ++counts_.mapped;
        return true;
    }

    // A frame of ART's own goes back to the free list.
    void release(uint32_t frame)
    {
        if (frame < frames_ && pages_[frame].state == PageState::art) {
            --counts_.art;
            enter(frame, PageState::free);
        }
    }

    // Every frame `holder` holds goes back to the free list; calls
    // on_release(frame) for each first. Returns how many.
    template <typename F>
    uint32_t release_holder(uint16_t holder, F&& on_release)
    {
        if (holder == 0 || holder >= max_holders)
            return 0;
        uint32_t n = 0;
        for (uint32_t f = holder_head_[holder]; f != no_frame;) {
            uint32_t next = pages_[f].next;
            on_release(f);
            --counts_.mapped;
            enter(f, PageState::free);
            f = next;
            ++n;
        }
        holder_head_[holder] = no_frame;
        return n;
    }

    // The owner makes its page shared with `with` (nonzero) for `rights`,
    // in place of whom it was shared with before, if that one no longer
    // maps it; false if `frame` is not `owner`'s mapped page or a partner
    // still maps it.
    bool share(uint32_t frame, uint16_t owner, uint32_t with, uint8_t rights)
    {
        if (frame >= frames_ || with == 0 || pages_[frame].state != PageState::mapped ||
            pages_[frame].holder != owner || pages_[frame].partner != 0)
            return false;
        pages_[frame].share_with = with;
        pages_[frame].share_rights = rights & pages_[frame].rights;
        return true;
    }

    // `partner` (known as `who`) maps the shared page at `vaddr`; false if
    // the page is not shared with `who` or has its partner already.
    bool attach_partner(uint32_t frame, uint32_t who, uint16_t partner, uint32_t vaddr)
    {
        if (frame >= frames_ || pages_[frame].state != PageState::mapped || !pages_[frame].shared() ||
            pages_[frame].share_with != who || pages_[frame].partner != 0 || partner == 0)
            return false;
        pages_[frame].partner = partner;
        pages_[frame].partner_vaddr = vaddr;
        return true;
    }

    // The partner no longer maps it (it ended or unmapped it); the page
    // stays shared with it until the owner shares it anew.
    void detach_partner(uint32_t frame)
    {
        if (frame < frames_ && pages_[frame].state == PageState::mapped) {
            pages_[frame].partner = 0;
            pages_[frame].partner_vaddr = 0;
        }
    }

    // The frame `holder` has at `vaddr`, or no_frame (a walk of its list).
    uint32_t find(uint16_t holder, uint32_t vaddr) const
    {
        if (holder == 0 || holder >= max_holders)
            return no_frame;
        for (uint32_t f = holder_head_[holder]; f != no_frame; f = pages_[f].next)
            if (pages_[f].vaddr == vaddr)
                return f;
        return no_frame;
    }

private:
    // Takes a free frame off the free list, wherever it is on it.
    void unlink_free(uint32_t frame)
    {
        uint32_t* link = &free_head_;
        while (*link != no_frame && *link != frame)
            link = &pages_[*link].next;
        if (*link == frame) {
            *link = pages_[frame].next;
            --counts_.free;
        }
    }

    void enter(uint32_t frame, PageState state)
    {
        Page& p = pages_[frame];
        p = Page{};
        p.state = state;
        switch (state) {
        case PageState::free:
            p.next = free_head_;
            free_head_ = frame;
            ++counts_.free;
            break;
        case PageState::art:
            ++counts_.art;
            break;
        case PageState::immortal:
            ++counts_.immortal;
            break;
        default:
            break;
        }
    }

    Page* pages_ = nullptr;
    uint32_t frames_ = 0;
    uint32_t free_head_ = no_frame;
    uint32_t holder_head_[max_holders];
    Counts counts_{};
};

} // namespace art
