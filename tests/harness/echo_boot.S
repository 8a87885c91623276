// A boot sector for testing tools/qemu.py without Arc: it talks like a tiny shell.
// Prints the prompt "echo> " on COM1 and the screen (BIOS teletype), echoes every byte
// received on COM1 (a carriage return becomes a newline, then a new prompt), prints
// "key XX" for each key press on the PS/2 keyboard (scancode set 1, polled), and leaves
// QEMU through isa-debug-exit with the pass code when it receives 'q'.
        .code16
        .text
        .globl _start
_start:
        cli                             // polling only: no BIOS keyboard handler
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7c00, %sp
prompt:
        mov $prompt_text, %si
        call puts
poll:
        mov $0x3fd, %dx                 // COM1 line status: bit 0, a byte received
        in %dx, %al
        test $1, %al
        jz keyboard
        mov $0x3f8, %dx
        in %dx, %al
        cmp $'q', %al
        je pass
        cmp $'\r', %al
        je newline
        cmp $'\n', %al
        je newline
        call putc
        jmp poll
newline:
        mov $'\n', %al
        call putc
        jmp prompt
keyboard:
        in $0x64, %al                   // controller status: bit 0, output buffer full
        test $1, %al
        jz poll
        in $0x60, %al
        test $0x80, %al                 // a break code: ignored
        jnz poll
        mov %al, %bl
        mov $key_text, %si
        call puts
        mov %bl, %al
        shr $4, %al
        call hexdigit
        mov %bl, %al
        call hexdigit
        mov $'\n', %al
        call putc
        jmp poll
pass:
        mov $0x10, %al
        out %al, $0xf4
        hlt

// Prints the low nibble of %al in hex.
hexdigit:
        and $0xf, %al
        add $'0', %al
        cmp $'9', %al
        jbe putc
        add $('a' - '9' - 1), %al
        // falls through
// Prints %al on COM1 and on the screen; a newline as CR LF on the screen.
putc:
        push %ax
        push %dx
        mov %al, %ah
        mov $0x3fd, %dx                 // wait until the transmitter is empty
1:      in %dx, %al
        test $0x20, %al
        jz 1b
        mov $0x3f8, %dx
        mov %ah, %al
        out %al, %dx
        push %bx
        cmp $'\n', %al
        jne 2f
        mov $0x0e0d, %ax
        xor %bx, %bx
        int $0x10
        mov $'\n', %al
2:      mov $0x0e, %ah
        xor %bx, %bx
        int $0x10
        pop %bx
        pop %dx
        pop %ax
        ret

// Prints the NUL-terminated string at %si.
puts:
        lodsb
        test %al, %al
        jz 1f
        call putc
        jmp puts
1:      ret

prompt_text:
        .asciz "echo> "
key_text:
        .asciz "key "

        .org 510
        .byte 0x55, 0xaa
