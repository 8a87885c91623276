#include "elf_builder.h"
#include <string.h>

namespace test {
namespace {

void put16(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    b[at] = v & 0xff;
    b[at + 1] = (v >> 8) & 0xff;
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v)
{
    put16(b, at, v & 0xffff);
    put16(b, at + 2, v >> 16);
}

} // namespace

ElfBuilder::ElfBuilder()
{
    const uint8_t id[16] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0};
    memcpy(ident, id, sizeof(ident));
    phdrs = {
        {1, 0x1000, 0x00001000, 0x00001000, 0x40, 0x40, 5, 0x1000},
        {1, 0x2000, 0x00002000, 0x00002000, 0x20, 0x1000, 6, 0x1000},
        {1, 0x3000, 0x80000000, 0x80000000, 0x10, 0x10, 6, 0x1000},
    };
    shdrs = {
        {"", 0, 0, 0, 0, 0},
        {".text", 1, 6, 0x1000, 0x1000, 0x40},
        {".data", 1, 3, 0x2000, 0x2000, 0x20},
        {".bss", 8, 3, 0x2020, 0x2020, 0xfe0},
        {".pdata", 1, 3, 0x80000000, 0x3000, 0x10},
        {".shstrtab", 3, 0, 0, 0, 0},   // offset and size filled in by build()
    };
}

std::vector<uint8_t> ElfBuilder::build() const
{
    std::vector<uint8_t> b(file_size, 0);
    // Segment contents: a recognisable pattern.
    for (size_t i = 0x1000; i < b.size(); ++i)
        b[i] = static_cast<uint8_t>(i * 7);

    // Section names and headers go after the segment data.
    std::vector<uint32_t> name_offsets;
    std::string names(1, '\0');
    for (const Shdr& s : shdrs) {
        if (s.name.empty()) {
            name_offsets.push_back(0);
            continue;
        }
        name_offsets.push_back(static_cast<uint32_t>(names.size()));
        names += s.name;
        names += '\0';
    }
    size_t names_at = b.size();
    b.insert(b.end(), names.begin(), names.end());
    while (b.size() % 4 != 0)
        b.push_back(0);
    size_t sh_at = b.size();
    if (with_sections) {
        b.resize(b.size() + shdrs.size() * 40, 0);
        for (size_t i = 0; i < shdrs.size(); ++i) {
            const Shdr& s = shdrs[i];
            size_t at = sh_at + i * 40;
            bool is_names = s.name == ".shstrtab";
            put32(b, at, name_offsets[i]);
            put32(b, at + 4, s.type);
            put32(b, at + 8, s.flags);
            put32(b, at + 12, s.addr);
            put32(b, at + 16, is_names ? uint32_t(names_at) : s.offset);
            put32(b, at + 20, is_names ? uint32_t(names.size()) : s.size);
        }
    }

    memcpy(b.data(), ident, sizeof(ident));
    put16(b, 16, type);
    put16(b, 18, machine);
    put32(b, 20, version);
    put32(b, 24, entry);
    put32(b, 28, phoff >= 0 ? uint32_t(phoff) : 52);
    put32(b, 32, shoff >= 0 ? uint32_t(shoff) : (with_sections ? uint32_t(sh_at) : 0));
    put32(b, 36, flags);
    put16(b, 40, ehsize);
    put16(b, 42, phentsize);
    put16(b, 44, phnum >= 0 ? uint32_t(phnum) : uint32_t(phdrs.size()));
    put16(b, 46, shentsize);
    put16(b, 48, shnum >= 0 ? uint32_t(shnum) : (with_sections ? uint32_t(shdrs.size()) : 0));
    uint32_t names_index = 0;
    for (size_t i = 0; i < shdrs.size(); ++i)
        names_index = shdrs[i].name == ".shstrtab" ? uint32_t(i) : names_index;
    put16(b, 50, shstrndx >= 0 ? uint32_t(shstrndx) : (with_sections ? names_index : 0));

    // Program headers at 52 (they must fit before 0x1000: up to 127 of them).
    for (size_t i = 0; i < phdrs.size() && 52 + (i + 1) * 32 <= 0x1000; ++i) {
        const Phdr& p = phdrs[i];
        size_t at = 52 + i * 32;
        const uint32_t fields[] = {p.type, p.offset, p.vaddr, p.paddr, p.filesz, p.memsz, p.flags, p.align};
        for (size_t f = 0; f < 8; ++f)
            put32(b, at + f * 4, fields[f]);
    }
    return b;
}

} // namespace test
