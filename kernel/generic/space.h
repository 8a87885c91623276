// An address space: an IA-32 page directory for the user half, a parallel
// table of mapping-database nodes (one per user page), the KIP and UTCB areas,
// and an I/O permission bitmap for spaces that were given ports.
#pragma once
#include <stdint.h>
#include "api/types.h"
#include "lib/mapping_tree.h"

namespace kernel {

class Space;
using MappingNode = Mapping<Space>;

constexpr uint32_t user_end = 0xc0000000;       // first address that is not user space
constexpr unsigned user_pde_count = user_end >> 22;

unsigned space_count();

class Space {
public:
    static Space* create();           // nullptr when out of kernel memory
    static Space* kernel();           // the space of the idle thread (kernel half only)
    void destroy();                   // revokes every mapping, frees every table

    // --- page table ------------------------------------------------------
    struct Entry {
        uint32_t phys;               // frame address
        uint32_t rights;             // kapi::rights as mapped
        MappingNode* node;           // nullptr for kernel-owned pages (UTCB, KIP)
    };
    // The page mapped at `va`, if any.
    bool lookup(uint32_t va, Entry& out) const;
    // Maps a page; fails if out of memory or if a kernel-owned page is there.
    bool insert(uint32_t va, uint32_t phys, uint32_t rights, MappingNode* node);
    // Changes the rights of a present page, or removes it if no read right is
    // left. Returns the rights the hardware saw used (r if referenced, w if dirty).
    uint32_t update(uint32_t va, uint32_t rights);
    // Maps a kernel-owned page (UTCB, KIP): not in the mapping database.
    bool insert_kernel_page(uint32_t va, uint32_t phys, bool writable);
    void remove_kernel_page(uint32_t va);
    // Calls f(va, Entry) for every page with a mapping node in [start, end).
    template <typename F> void for_each_mapping(uint32_t start, uint64_t end, F&& f);

    void activate();                  // load into the MMU
    // On a #GP in user mode: if this space has ports but the TSS holds
    // another space's bitmap (or none), load ours; true means "retry".
    bool load_io_bitmap();
    static Space* active();

    // --- areas (SpaceControl) --------------------------------------------
    kapi::Fpage kip_area;
    kapi::Fpage utcb_area;
    bool in_utcb_area(uint32_t va) const;
    bool configured() const { return !utcb_area.is_nil(); }

    // --- I/O ports ---------------------------------------------------------
    bool has_ports(uint32_t base, uint32_t count) const;
    bool grant_ports(uint32_t base, uint32_t count);     // false: out of memory
    void revoke_ports(uint32_t base, uint32_t count);

    unsigned thread_count = 0;
    bool privileged = false;
    bool physical_source = false;     // sigma0: map items name physical memory

private:
    uint32_t* table_for(uint32_t va, bool create);
    MappingNode** nodes_for(uint32_t va) const;
    void invalidate(uint32_t va);

    uint32_t* directory_ = nullptr;         // kernel address of the page directory
    MappingNode*** node_tables_ = nullptr;  // per user PDE: 1024 node slots
    uint8_t* io_bitmap_ = nullptr;          // 8 KiB, bit clear = port allowed
    unsigned io_extent_ = 0;                // bytes of the bitmap that differ from "denied"
};

template <typename F>
void Space::for_each_mapping(uint32_t start, uint64_t end, F&& f)
{
    if (end > user_end)
        end = user_end;
    for (uint64_t va = start; va < end;) {
        uint32_t pde = directory_[va >> 22];
        if (!(pde & 1)) {
            va = ((va >> 22) + 1) << 22;    // skip the whole empty 4 MiB
            continue;
        }
        Entry e;
        if (lookup(static_cast<uint32_t>(va), e) && e.node)
            f(static_cast<uint32_t>(va), e);
        va += 4096;
    }
}

} // namespace kernel
