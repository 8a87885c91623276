// Builds small ELF32 i386 executables in memory for the ELF tests: a valid
// image by default, whose fields the tests then break one at a time.
#pragma once
#include <stdint.h>
#include <string>
#include <vector>

namespace test {

struct Phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct Shdr {
    std::string name;
    uint32_t type, flags, addr, offset, size;
};

// Layout of the default image (all offsets in the file):
//   0x0000  ELF header, program headers (3)
//   0x1000  text    -> 0x00001000, R X, 0x40 bytes
//   0x2000  data    -> 0x00002000, R W, 0x20 bytes in the file, 0x1000 in memory
//   0x3000  pdata   -> 0x80000000, R W, 0x10 bytes
//   0x3010  section names, then the section headers
class ElfBuilder {
public:
    ElfBuilder();

    std::vector<uint8_t> build() const;

    // ELF header fields.
    uint8_t ident[16];
    uint16_t type = 2, machine = 3, ehsize = 52, phentsize = 32, shentsize = 40;
    uint32_t version = 1, entry = 0x1000, flags = 0;
    bool with_sections = true;
    // Overrides for fields build() computes (phoff, phnum, shoff, shnum, shstrndx).
    int64_t phoff = -1, phnum = -1, shoff = -1, shnum = -1, shstrndx = -1;

    std::vector<Phdr> phdrs;
    std::vector<Shdr> shdrs;   // [0] is the null section; names go into .shstrtab
    size_t file_size = 0x3000 + 0x10;   // bytes of segment data (before names and headers)
};

} // namespace test
