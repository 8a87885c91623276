#include "descriptors.h"
#include "layout.h"
#include "rt/string.h"

extern "C" {
void syscall_entry();
#define DECLARE_TRAP(n) void trap_##n();
DECLARE_TRAP(0) DECLARE_TRAP(1) DECLARE_TRAP(2) DECLARE_TRAP(3) DECLARE_TRAP(4)
DECLARE_TRAP(5) DECLARE_TRAP(6) DECLARE_TRAP(7) DECLARE_TRAP(8) DECLARE_TRAP(9)
DECLARE_TRAP(10) DECLARE_TRAP(11) DECLARE_TRAP(12) DECLARE_TRAP(13) DECLARE_TRAP(14)
DECLARE_TRAP(15) DECLARE_TRAP(16) DECLARE_TRAP(17) DECLARE_TRAP(18) DECLARE_TRAP(19)
DECLARE_TRAP(20) DECLARE_TRAP(21) DECLARE_TRAP(22) DECLARE_TRAP(23) DECLARE_TRAP(24)
DECLARE_TRAP(25) DECLARE_TRAP(26) DECLARE_TRAP(27) DECLARE_TRAP(28) DECLARE_TRAP(29)
DECLARE_TRAP(30) DECLARE_TRAP(31) DECLARE_TRAP(32) DECLARE_TRAP(33) DECLARE_TRAP(34)
DECLARE_TRAP(35) DECLARE_TRAP(36) DECLARE_TRAP(37) DECLARE_TRAP(38) DECLARE_TRAP(39)
DECLARE_TRAP(40) DECLARE_TRAP(41) DECLARE_TRAP(42) DECLARE_TRAP(43) DECLARE_TRAP(44)
DECLARE_TRAP(45) DECLARE_TRAP(46) DECLARE_TRAP(47)
#undef DECLARE_TRAP
}

namespace x86 {

namespace {

struct __attribute__((packed)) Tss {
    uint32_t link;
    uint32_t esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
    uint8_t io_bitmap[io_bitmap_bytes + 1];   // + the terminating 0xff byte
};

struct __attribute__((packed)) TablePointer {
    uint16_t limit;
    uint32_t base;
};

constexpr uint64_t segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    return (uint64_t(limit & 0xffff)) | (uint64_t(base & 0xffffff) << 16) | (uint64_t(access) << 40) |
           (uint64_t((limit >> 16) & 0xf) << 48) | (uint64_t(flags & 0xf) << 52) |
           (uint64_t(base >> 24) << 56);
}

// Access bytes: present, DPL, code/data, type.
constexpr uint8_t kernel_code = 0x9a, kernel_data = 0x92, user_code = 0xfa, user_data = 0xf2,
                  tss_available = 0x89;
constexpr uint8_t flat_4k_32bit = 0xc;     // granularity 4 KiB, 32-bit

// Descriptor tables: set up at boot, then only the two run-time fields change.
alignas(8) uint64_t gdt[7];
alignas(8) uint64_t idt[256];
alignas(16) Tss tss;

constexpr unsigned gdt_utcb_index = SEL_UTCB >> 3;

void set_gate(unsigned vector, void (*handler)(), unsigned dpl)
{
    uint32_t offset = reinterpret_cast<uint32_t>(handler);
    uint8_t type = 0x8e | (dpl << 5);      // present, 32-bit interrupt gate (IF cleared)
    idt[vector] = (uint64_t(offset & 0xffff)) | (uint64_t(SEL_KERNEL_CODE) << 16) |
                  (uint64_t(type) << 40) | (uint64_t(offset >> 16) << 48);
}

void load_gdt()
{
    TablePointer p{sizeof(gdt) - 1, reinterpret_cast<uint32_t>(gdt)};
    asm volatile("lgdt %0\n"
                 "ljmp %1, $1f\n"
                 "1:\n"
                 "mov %2, %%ds\n mov %2, %%es\n mov %2, %%ss\n"
                 "mov %3, %%fs\n mov %3, %%gs\n"
                 ::"m"(p), "i"(SEL_KERNEL_CODE), "r"(SEL_KERNEL_DATA), "r"(0)
                 : "memory");
    asm volatile("ltr %w0" ::"r"(SEL_TSS));
}

void build_idt()
{
    void (*const traps[48])() = {
        trap_0,  trap_1,  trap_2,  trap_3,  trap_4,  trap_5,  trap_6,  trap_7,  trap_8,  trap_9,
        trap_10, trap_11, trap_12, trap_13, trap_14, trap_15, trap_16, trap_17, trap_18, trap_19,
        trap_20, trap_21, trap_22, trap_23, trap_24, trap_25, trap_26, trap_27, trap_28, trap_29,
        trap_30, trap_31, trap_32, trap_33, trap_34, trap_35, trap_36, trap_37, trap_38, trap_39,
        trap_40, trap_41, trap_42, trap_43, trap_44, trap_45, trap_46, trap_47};
    for (unsigned v = 0; v < 48; ++v)
        set_gate(v, traps[v], v == 3 ? 3 : 0);   // int3 may come from user code
    set_gate(0x30, syscall_entry, 3);
    TablePointer p{sizeof(idt) - 1, reinterpret_cast<uint32_t>(idt)};
    asm volatile("lidt %0" ::"m"(p));
}

} // namespace

void descriptors_init()
{
    gdt[0] = 0;
    gdt[SEL_KERNEL_CODE >> 3] = segment(0, 0xfffff, kernel_code, flat_4k_32bit);
    gdt[SEL_KERNEL_DATA >> 3] = segment(0, 0xfffff, kernel_data, flat_4k_32bit);
    gdt[SEL_USER_CODE >> 3] = segment(0, 0xbffff, user_code, flat_4k_32bit);   // below the kernel
    gdt[SEL_USER_DATA >> 3] = segment(0, 0xbffff, user_data, flat_4k_32bit);
    gdt[SEL_TSS >> 3] = segment(reinterpret_cast<uint32_t>(&tss), sizeof(Tss) - 1, tss_available, 0);
    gdt[gdt_utcb_index] = segment(0, 0, user_data, 0x4);    // byte granular, 32-bit

    tss.ss0 = SEL_KERNEL_DATA;
    tss.iomap_base = sizeof(Tss);                           // beyond the limit: no port allowed
    for (auto& b : tss.io_bitmap)
        b = 0xff;                                           // every port denied
    load_gdt();
    build_idt();
}

void set_kernel_stack(uint32_t top) { tss.esp0 = top; }

uint64_t utcb_descriptor(uint32_t base)
{
    // The UTCB is 4 KiB; a limit of 4095 keeps %gs-relative accesses inside it.
    return segment(base, 4095, user_data, 0x4);
}

void set_utcb_descriptor(uint64_t descriptor) { gdt[gdt_utcb_index] = descriptor; }

void io_bitmap_load(const uint8_t* bitmap, unsigned extent) { memcpy(tss.io_bitmap, bitmap, extent); }

void io_bitmap_clear(unsigned extent) { memset(tss.io_bitmap, 0xff, extent); }

// A bitmap offset past the TSS's limit denies every port without touching
// the bitmap: switching spaces costs one store.
void io_bitmap_enable() { tss.iomap_base = __builtin_offsetof(Tss, io_bitmap); }
void io_bitmap_disable() { tss.iomap_base = sizeof(Tss); }
bool io_bitmap_enabled() { return tss.iomap_base != sizeof(Tss); }

} // namespace x86
