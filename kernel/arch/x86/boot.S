/* Multiboot entry. GRUB jumps here in 32-bit protected mode, paging off,
 * eax = multiboot magic, ebx = physical address of the multiboot info.
 *
 * Before C++ can run at its linked (high) addresses we enable paging with a
 * boot page directory of 4 MiB pages:
 *   0x00000000..0x00400000 -> identity, only so the next instructions survive
 *                             turning paging on (removed in paging_init);
 *   0xC0000000..0xF0000000 -> physical 0..768 MiB, the kernel's direct map of
 *                             RAM. Entries for memory that does not exist are
 *                             never touched: the multiboot map says what is RAM.
 * This directory stays the kernel's master directory for the whole run. */
#include "layout.h"

#define MULTIBOOT_MAGIC  0x1BADB002
#define MULTIBOOT_FLAGS  ((1 << 0) | (1 << 1))  /* page-align modules, memory map */

    .section .multiboot, "a"
    .align 4
    .long MULTIBOOT_MAGIC
    .long MULTIBOOT_FLAGS
    .long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

    .section .boot.text, "ax"
    .code32
    .global boot_entry
boot_entry:
    cli
    mov %eax, %edi                  /* keep the multiboot magic and info */
    mov %ebx, %esi

    mov $(boot_page_directory - KERNEL_VIRT), %ebx
    mov $(PDE_PRESENT | PDE_WRITE | PDE_LARGE), %eax
    mov %eax, (%ebx)                /* identity map of the first 4 MiB */
    or  $PDE_GLOBAL, %eax
    xor %ecx, %ecx
1:  mov %eax, (KERNEL_VIRT >> 20)(%ebx,%ecx,4)
    add $0x400000, %eax
    inc %ecx
    cmp $(DIRECT_MAP_SIZE >> 22), %ecx
    jne 1b

    mov %cr4, %eax
    or  $(CR4_PSE | CR4_PGE), %eax
    mov %eax, %cr4
    mov %ebx, %cr3
    mov %cr0, %eax
    or  $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0

    lea boot_high, %eax
    jmp *%eax

    .text
boot_high:
    mov $boot_stack_top, %esp
    xor %ebp, %ebp                  /* ends the panic backtrace */
    push %esi
    push %edi
    call kernel_main
2:  cli
    hlt
    jmp 2b

    .bss
    .align 4096
    .global boot_page_directory
boot_page_directory:
    .skip 4096
    .global boot_stack
boot_stack:
    .skip 8192
boot_stack_top:
