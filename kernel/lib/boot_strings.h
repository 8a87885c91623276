// The two strings a Multiboot loader hands the kernel, read the same way
// whichever loader wrote them.
//
// Multiboot 1 leaves their form to the loader, and two loaders Arc boots
// from differ:
//   GRUB 2 (the disk image)     command line "test=ipc"        module "ramfs"
//   QEMU -kernel/-initrd        command line "/boot/kernel test=ipc"
//                                                              module "/boot/ramfs ramfs"
// (GRUB legacy wrote them as QEMU does.) The kernel's command line is made of
// words like `dump_idle` and `test=NAME`, none of which begins with '/', so a
// first word that does is the loader's path to the kernel. A module's name is
// the last word of its string: the one word GRUB 2 passes, the word after the
// path otherwise.
//
// Freestanding and header-only: the kernel (kip.cc) and the host unit tests
// (tests/unit/kernel/boot_strings_test.cc) include it.
#pragma once

namespace kernel {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The command line without a leading path to the kernel image, and without
// the blanks that followed it.
inline const char* command_line_words(const char* s)
{
    const char* p = s;
    while (is_blank(*p))
        ++p;
    if (*p != '/')
        return s;
    while (*p && !is_blank(*p))
        ++p;
    while (is_blank(*p))
        ++p;
    return p;
}

// A module's name: its string's last word. LENGTH receives the word's length
// (trailing blanks are not part of it). An empty or blank string has the
// empty name.
inline const char* module_name(const char* s, unsigned& length)
{
    const char* word = s;
    length = 0;
    for (const char* p = s; *p;) {
        while (is_blank(*p))
            ++p;
        if (!*p)
            break;
        const char* start = p;
        while (*p && !is_blank(*p))
            ++p;
        word = start;
        length = static_cast<unsigned>(p - start);
    }
    return word;
}

} // namespace kernel
