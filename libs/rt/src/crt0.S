/* _start: the entry point of every Arc user program (arc-crt0).
 *
 * The kernel (or a pager) starts a thread with nothing usable on its stack:
 * ESP may be 0. So _start
 *   1. loads its own stack: __stack_top if the linker script defines it,
 *      else the top of a 16 KiB array in .bss.crt0_stack (user.ld puts it
 *      above an unmapped guard page);
 *   2. clears EBP, so a backtrace ends here;
 *   3. calls every function pointer in [__init_array_start, __init_array_end)
 *      (static constructors), in order;
 *   4. calls main(0, nullptr) (the C symbol; src/main_shim.cc forwards it to a
 *      C++ main) and hands its result to rt_exit, which does not
 *      return (ud2 below if it does anyway).
 *
 * The loader is expected to have zeroed .bss (p_memsz beyond p_filesz), as
 * every ELF loader does; _start does not clear it again.
 */
    .weak __stack_top

    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    movl    $__stack_top, %esp
    testl   %esp, %esp
    jnz     1f
    movl    $crt0_stack_top, %esp
1:  andl    $-16, %esp                  /* the i386 SysV ABI's call alignment */
    xorl    %ebp, %ebp

    /* ebx is callee-saved, so it survives the constructor calls. */
    movl    $__init_array_start, %ebx
2:  cmpl    $__init_array_end, %ebx
    jae     3f
    call    *(%ebx)
    addl    $4, %ebx
    jmp     2b

3:  subl    $8, %esp                    /* keep 16-byte alignment at the call */
    pushl   $0                          /* argv */
    pushl   $0                          /* argc */
    call    main
    addl    $16, %esp
    subl    $12, %esp
    pushl   %eax
    call    rt_exit
4:  ud2
    jmp     4b
    .size _start, . - _start

    .section .bss.crt0_stack, "aw", @nobits
    .balign 16
crt0_stack:
    .skip   16384
crt0_stack_top:

    .section .note.GNU-stack, "", @progbits
