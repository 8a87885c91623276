/* _start: the entry point of every Arc user program (arc-crt0).
 *
 * Two ways to be started:
 *  - by the kernel (sigma0, the root task): ESP is 0, nothing on the stack;
 *  - by a P3: ESP points at argc, argv and a pointer to the process's
 *    arc::Startup block (libs/arc/include/arc/startup.h).
 * So _start
 *   1. keeps a stack it was given and takes argc, argv and the startup block
 *      from it (the block's address goes to rt_startup); without one it loads
 *      its own stack: __stack_top if the linker script defines it, else the
 *      top of a 16 KiB array in .bss.crt0_stack (user.ld puts it above an
 *      unmapped guard page);
 *   2. clears EBP, so a backtrace ends here;
 *   3. calls every function pointer in [__init_array_start, __init_array_end)
 *      (static constructors), in order;
 *   4. calls main(argc, argv) (the C symbol; src/main_shim.cc forwards it to
 *      a C++ main) and hands its result to rt_exit, which does not
 *      return (ud2 below if it does anyway).
 *
 * The loader is expected to have zeroed .bss (p_memsz beyond p_filesz), as
 * every ELF loader does; _start does not clear it again.
 */
/* "ARCS": must equal arc::startup_magic (libs/arc/include/arc/startup.h). */
#define STARTUP_MAGIC 0x41524353

    .weak __stack_top

    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    xorl    %esi, %esi                  /* argc */
    xorl    %edi, %edi                  /* argv */
    testl   %esp, %esp
    jz      0f
    /* A stack a P3 prepared has a startup block that begins with its magic
     * (arc::startup_magic in libs/arc/include/arc/startup.h); a loader that
     * merely left ESP somewhere (a multiboot boot) has not. */
    movl    8(%esp), %eax
    testl   %eax, %eax
    jz      0f
    cmpl    $STARTUP_MAGIC, (%eax)
    jne     0f
    movl    0(%esp), %esi
    movl    4(%esp), %edi
    movl    %eax, rt_startup
    jmp     1f
0:  movl    $__stack_top, %esp
    testl   %esp, %esp
    jnz     1f
    movl    $crt0_stack_top, %esp
1:  andl    $-16, %esp                  /* the i386 SysV ABI's call alignment */
    xorl    %ebp, %ebp

    /* ebx, esi and edi are callee-saved: they survive the constructor calls. */
    movl    $__init_array_start, %ebx
2:  cmpl    $__init_array_end, %ebx
    jae     3f
    call    *(%ebx)
    addl    $4, %ebx
    jmp     2b

3:  subl    $8, %esp                    /* keep 16-byte alignment at the call */
    pushl   %edi                        /* argv */
    pushl   %esi                        /* argc */
    call    main
    addl    $16, %esp
    subl    $12, %esp
    pushl   %eax
    call    rt_exit
4:  ud2
    jmp     4b
    .size _start, . - _start

    .bss
    .balign 4
    .globl rt_startup
rt_startup:                             /* const void*: the arc::Startup block or 0 */
    .long   0

    .section .bss.crt0_stack, "aw", @nobits
    .balign 16
crt0_stack:
    .skip   16384
crt0_stack_top:

    .section .note.GNU-stack, "", @progbits
