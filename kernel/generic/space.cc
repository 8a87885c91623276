#include "space.h"
#include "kmem.h"
#include "memory.h"
#include "mapping.h"
#include "panic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/descriptors.h"
#include "rt/string.h"

extern "C" uint32_t boot_page_directory[1024];

namespace kernel {

namespace {
constexpr uint32_t pte_present = 0x1, pte_write = 0x2, pte_user = 0x4, pte_accessed = 0x20,
                   pte_dirty = 0x40;
constexpr uint32_t frame_mask = ~0xfffu;

// Which space the MMU and the TSS's I/O bitmap currently reflect.
Space* active_space = nullptr;
Space* io_bitmap_owner = nullptr;
unsigned io_bitmap_loaded_extent = 0;

Space kernel_space_object;     // the idle thread's: the master directory only
unsigned live_spaces;

uint32_t rights_to_pte(uint32_t rights)
{
    return pte_present | pte_user | ((rights & kapi::rights::w) ? pte_write : 0);
}

uint32_t pte_to_rights(uint32_t pte)
{
    return (pte & pte_present) ? (kapi::rights::r | kapi::rights::x | ((pte & pte_write) ? kapi::rights::w : 0)) : 0;
}
} // namespace

unsigned space_count() { return live_spaces; }

Space* Space::create()
{
    auto* s = kmem::make<Space>();
    if (!s)
        return nullptr;
    ++live_spaces;
    s->directory_ = static_cast<uint32_t*>(frames::allocate());
    s->node_tables_ = static_cast<MappingNode***>(frames::allocate());
    if (!s->directory_ || !s->node_tables_) {
        s->destroy();
        return nullptr;
    }
    // The kernel half is the same in every space: share the master's entries.
    for (unsigned i = user_pde_count; i < 1024; ++i)
        s->directory_[i] = boot_page_directory[i];
    return s;
}

Space* Space::kernel()
{
    if (!kernel_space_object.directory_)
        kernel_space_object.directory_ = boot_page_directory;
    return &kernel_space_object;
}

void Space::destroy()
{
    KASSERT(this != &kernel_space_object);
    if (active_space == this)
        kernel()->activate();
    if (io_bitmap_owner == this) {
        x86::io_bitmap_clear(io_bitmap_loaded_extent);
        io_bitmap_owner = nullptr;
    }
    if (directory_ && node_tables_) {
        revoke_all_mappings(this);
        for (unsigned i = 0; i < user_pde_count; ++i) {
            if (directory_[i] & pte_present) {
                frames::release(phys_to_virt(directory_[i] & frame_mask));
                frames::release(node_tables_[i]);
            }
        }
    }
    if (directory_)
        frames::release(directory_);
    if (node_tables_)
        frames::release(node_tables_);
    if (io_bitmap_)
        frames::release(io_bitmap_, 2);
    --live_spaces;
    kmem::destroy(this);
}

uint32_t* Space::table_for(uint32_t va, bool create)
{
    uint32_t& pde = directory_[va >> 22];
    if (pde & pte_present)
        return static_cast<uint32_t*>(phys_to_virt(pde & frame_mask));
    if (!create)
        return nullptr;
    void* table = frames::allocate();
    void* nodes = frames::allocate();
    if (!table || !nodes) {
        if (table)
            frames::release(table);
        if (nodes)
            frames::release(nodes);
        return nullptr;
    }
    node_tables_[va >> 22] = static_cast<MappingNode**>(nodes);
    pde = virt_to_phys(table) | pte_present | pte_write | pte_user;
    return static_cast<uint32_t*>(table);
}

MappingNode** Space::nodes_for(uint32_t va) const
{
    return node_tables_[va >> 22] + ((va >> 12) & 1023);
}

void Space::invalidate(uint32_t va)
{
    if (active_space == this)
        x86::invlpg(va);
}

bool Space::lookup(uint32_t va, Entry& out) const
{
    if (va >= user_end || !(directory_[va >> 22] & pte_present))
        return false;
    uint32_t pte = static_cast<uint32_t*>(phys_to_virt(directory_[va >> 22] & frame_mask))[(va >> 12) & 1023];
    if (!(pte & pte_present))
        return false;
    out = {pte & frame_mask, pte_to_rights(pte), *nodes_for(va)};
    return true;
}

bool Space::insert(uint32_t va, uint32_t phys, uint32_t rights, MappingNode* node)
{
    uint32_t* table = table_for(va, true);
    if (!table)
        return false;
    uint32_t& pte = table[(va >> 12) & 1023];
    MappingNode*& slot = *nodes_for(va);
    if ((pte & pte_present) && !slot)
        return false;              // a UTCB or the KIP: never replaced
    pte = (phys & frame_mask) | rights_to_pte(rights);
    slot = node;
    invalidate(va);
    return true;
}

uint32_t Space::update(uint32_t va, uint32_t rights)
{
    uint32_t* table = table_for(va, false);
    if (!table)
        return 0;
    uint32_t& pte = table[(va >> 12) & 1023];
    uint32_t seen = ((pte & pte_accessed) ? kapi::rights::r : 0) | ((pte & pte_dirty) ? kapi::rights::w : 0);
    if (rights & kapi::rights::r) {
        pte = (pte & frame_mask) | rights_to_pte(rights);
    } else {
        pte = 0;
        *nodes_for(va) = nullptr;
    }
    invalidate(va);
    return seen;
}

bool Space::insert_kernel_page(uint32_t va, uint32_t phys, bool writable)
{
    uint32_t* table = table_for(va, true);
    if (!table)
        return false;
    uint32_t& pte = table[(va >> 12) & 1023];
    if (pte & pte_present)
        return false;
    pte = phys | pte_present | pte_user | (writable ? pte_write : 0);
    *nodes_for(va) = nullptr;
    invalidate(va);
    return true;
}

void Space::remove_kernel_page(uint32_t va)
{
    if (uint32_t* table = table_for(va, false)) {
        table[(va >> 12) & 1023] = 0;
        invalidate(va);
    }
}

void Space::activate()
{
    if (active_space == this)
        return;
    x86::write_cr3(virt_to_phys(directory_));
    active_space = this;
    // Ports: loaded on this space's first port access (load_io_bitmap).
    if (io_bitmap_owner != this && x86::io_bitmap_enabled())
        x86::io_bitmap_disable();
    else if (io_bitmap_owner == this)
        x86::io_bitmap_enable();
}

bool Space::load_io_bitmap()
{
    if (!io_bitmap_ || io_bitmap_owner == this)
        return false;                       // no ports, or loaded already: a real fault
    if (io_bitmap_owner)
        x86::io_bitmap_clear(io_bitmap_loaded_extent);
    x86::io_bitmap_load(io_bitmap_, io_extent_);
    io_bitmap_owner = this;
    io_bitmap_loaded_extent = io_extent_;
    x86::io_bitmap_enable();
    return true;
}

Space* Space::active() { return active_space; }

bool Space::in_utcb_area(uint32_t va) const
{
    return configured() && va >= utcb_area.base() && va - utcb_area.base() < utcb_area.size();
}

bool Space::has_ports(uint32_t base, uint32_t count) const
{
    if (physical_source)
        return true;               // sigma0 holds every port
    if (!io_bitmap_)
        return false;
    for (uint32_t p = base; p < base + count; ++p)
        if (io_bitmap_[p / 8] & (1u << (p % 8)))
            return false;
    return true;
}

bool Space::grant_ports(uint32_t base, uint32_t count)
{
    if (!io_bitmap_) {
        io_bitmap_ = static_cast<uint8_t*>(frames::allocate(2));
        if (!io_bitmap_)
            return false;
        memset(io_bitmap_, 0xff, x86::io_bitmap_bytes);
    }
    for (uint32_t p = base; p < base + count; ++p)
        io_bitmap_[p / 8] &= uint8_t(~(1u << (p % 8)));
    uint32_t extent = (base + count + 7) / 8;
    if (extent > io_extent_)
        io_extent_ = extent;
    if (io_bitmap_owner == this) {          // loaded: refresh the TSS copy
        x86::io_bitmap_load(io_bitmap_, io_extent_);
        io_bitmap_loaded_extent = io_extent_;
    }
    return true;
}

void Space::revoke_ports(uint32_t base, uint32_t count)
{
    if (!io_bitmap_)
        return;
    for (uint32_t p = base; p < base + count; ++p)
        io_bitmap_[p / 8] |= uint8_t(1u << (p % 8));
    if (io_bitmap_owner == this)
        x86::io_bitmap_load(io_bitmap_, io_extent_);
}

} // namespace kernel
