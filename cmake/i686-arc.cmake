# Toolchain for Arc's freestanding i686 target: clang and lld from Debian, no
# multilib, no host libc. Every flag is here with its reason (seL4's habit).
set(CMAKE_SYSTEM_NAME Generic)        # no operating system underneath
set(CMAKE_SYSTEM_PROCESSOR i686)

set(CMAKE_C_COMPILER clang)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_ASM_COMPILER clang)
set(triple i686-unknown-none-elf)     # 32-bit x86, ELF, no OS, no libc
set(CMAKE_C_COMPILER_TARGET ${triple})
set(CMAKE_CXX_COMPILER_TARGET ${triple})
set(CMAKE_ASM_COMPILER_TARGET ${triple})

# try_compile cannot link a program without our runtime; a static library suffices.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(ARC_TARGET_FLAGS
  -march=i686                  # the CPU QEMU emulates by default can run it
  -ffreestanding               # no hosted library behind the compiler's back
  -nostdlibinc                 # compiler's own stddef.h/stdint.h only, never /usr/include
  -fno-pic                     # everything is linked at a fixed address
  -fno-stack-protector         # no __stack_chk_guard to provide
  -fno-asynchronous-unwind-tables -fno-unwind-tables  # no .eh_frame: we never unwind
  -fno-omit-frame-pointer      # the kernel's panic backtrace walks %ebp
  -mno-sse -mno-mmx -mno-80387 # the kernel saves no FPU state; programs do integer math
  -g                           # symbols and lines for tools/arc debug; GRUB loads no debug sections
  -Wall -Wextra)
string(JOIN " " ARC_TARGET_FLAGS_STR ${ARC_TARGET_FLAGS})
set(CMAKE_C_FLAGS_INIT "${ARC_TARGET_FLAGS_STR}")
set(CMAKE_ASM_FLAGS_INIT "${ARC_TARGET_FLAGS_STR}")
set(CMAKE_CXX_FLAGS_INIT "${ARC_TARGET_FLAGS_STR} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_C_FLAGS_RELEASE_INIT "-O2")
set(CMAKE_CXX_FLAGS_RELEASE_INIT "-O2")

# Static, no start files, no default libraries; each program brings its linker script.
# The compile flags reach the link step too; the include-path one means nothing there.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -nostdlib -static -Wl,--build-id=none -Wno-unused-command-line-argument")
