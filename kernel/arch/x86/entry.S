/* Every way into the kernel from user mode ends up here: CPU exceptions,
 * hardware interrupts and the system-call trap. Each entry builds the same
 * TrapFrame (trapframe.h) at the top of the current thread's kernel stack, so
 * a blocked thread's user registers are always at a known place. */
#include "layout.h"

/* Exceptions that push an error code themselves; the others push a zero. */
.macro TRAP_NOERR vector
    .global trap_\vector
trap_\vector:
    push $0
    push $\vector
    jmp trap_common
.endm
.macro TRAP_ERR vector
    .global trap_\vector
trap_\vector:
    push $\vector
    jmp trap_common
.endm

    .text
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
.irp v, 22,23,24,25,26,27,28,29,30,31
TRAP_NOERR \v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
TRAP_NOERR \v
.endr

trap_common:
    pusha
    mov $SEL_KERNEL_DATA, %ax       /* user code may have loaded anything */
    mov %ax, %ds
    mov %ax, %es
    push %esp                       /* TrapFrame* */
    call trap_dispatch
    add $4, %esp
    .global trap_return
trap_return:
    testl $3, TF_CS(%esp)           /* back to user mode? */
    jz 1f
    mov $SEL_USER_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov $SEL_UTCB, %ax              /* reload: the descriptor's base may have changed */
    mov %ax, %gs
1:  popa
    add $8, %esp                    /* vector and error code */
    iret

/* The system call: int $0x30. Same frame, straight to the dispatcher. */
    .global syscall_entry
syscall_entry:
    push $0
    push $0x30
    pusha
    mov $SEL_KERNEL_DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    push %esp
    call syscall_dispatch
    add $4, %esp
    jmp trap_return

/* void switch_stacks(uint32_t* save_sp, uint32_t next_sp)
 * Saves the callee-saved registers on the current kernel stack, records the
 * stack pointer, and continues on the next thread's kernel stack. */
    .global switch_stacks
switch_stacks:
    mov 4(%esp), %eax
    mov 8(%esp), %edx
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, (%eax)
    mov %edx, %esp
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

/* int copy_from_user(void* dst, const void* src, uint32_t n): 0 or -1.
 * The caller has checked that [src, src+n) lies in user space; a page fault
 * on the marked instruction resumes at copy_user_fixup (see page_fault). */
    .global copy_from_user, copy_user_insn, copy_user_fixup
copy_from_user:
    push %esi
    push %edi
    mov 12(%esp), %edi
    mov 16(%esp), %esi
    mov 20(%esp), %ecx
copy_user_insn:
    rep movsb
    xor %eax, %eax
2:  pop %edi
    pop %esi
    ret
copy_user_fixup:
    mov $-1, %eax
    jmp 2b
