/* Fixed addresses and bits shared by the kernel's assembly and C++ code. */
#pragma once

#define KERNEL_VIRT      0xC0000000
#define DIRECT_MAP_SIZE  0x30000000   /* 768 MiB of RAM reachable by the kernel */

#define PDE_PRESENT 0x001
#define PDE_WRITE   0x002
#define PDE_USER    0x004
#define PDE_LARGE   0x080
#define PDE_GLOBAL  0x100

#define CR0_WP  0x00010000
#define CR0_PG  0x80000000
#define CR4_PSE 0x00000010
#define CR4_PGE 0x00000080

/* GDT selectors (gdt.cc builds the table in this order). */
#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_CODE   0x1b
#define SEL_USER_DATA   0x23
#define SEL_TSS         0x28
#define SEL_UTCB        0x33   /* %gs of user threads: base = the thread's UTCB */

/* Offsets into struct TrapFrame (trapframe.h checks them with static_assert). */
#define TF_CS     44
#define TF_SIZE   60
