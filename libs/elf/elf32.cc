// ELF32 validation and access (see elf32.h).
//
// Image::open runs these checks in order and reports the first failure:
//   1. the ELF header: size, magic, class, byte order, version, type ET_EXEC,
//      machine EM_386, e_ehsize;
//   2. the program header table: entry size, 1..policy.max_program_headers
//      entries, inside the file;
//   3. each program header: no PT_DYNAMIC / PT_INTERP / PT_TLS (Arc loads only
//      static executables); each non-empty PT_LOAD has p_filesz <= p_memsz,
//      its file bytes inside the file, no address wrap-around, addresses in
//      [policy.lowest, policy.limit), a power-of-two p_align, and p_vaddr
//      congruent to p_offset modulo the page size and p_align (so pages can
//      be mapped straight from the file);
//   4. no two loadable segments share a page (each page gets one set of rights);
//   5. at least one loadable segment, and the entry point inside an
//      executable one;
//   6. the section header table, if any: entry size, inside the file, no
//      extended numbering, a string table of type SHT_STRTAB, and every
//      section with file contents inside the file.
// Sums of file values are computed in 64 bits, so none can wrap; nothing
// divides 64-bit values (the kernel links this without the division helpers).
#include "elf/elf32.h"
#include "rt/message_template.h"

namespace elf {
namespace {

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t u32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// The fields of Elf32_Ehdr after e_ident, by offset.
struct FileHeader {
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;

    static FileHeader read(const uint8_t* p)
    {
        return {u16(p + 16), u16(p + 18), u32(p + 20), u32(p + 24), u32(p + 28), u32(p + 32),
                u16(p + 40), u16(p + 42), u16(p + 44), u16(p + 46), u16(p + 48), u16(p + 50)};
    }
};

struct ProgramHeader {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;

    static ProgramHeader read(const uint8_t* p)
    {
        return {u32(p), u32(p + 4), u32(p + 8), u32(p + 12),
                u32(p + 16), u32(p + 20), u32(p + 24), u32(p + 28)};
    }
    bool is_nonempty_load() const { return type == pt_load && memsz > 0; }
};

struct SectionHeader {
    uint32_t name, type, flags, addr, offset, size;

    static SectionHeader read(const uint8_t* p)
    {
        return {u32(p), u32(p + 4), u32(p + 8), u32(p + 12), u32(p + 16), u32(p + 20)};
    }
    bool has_file_data() const { return type != sht_nobits && type != sht_null; }
};

constexpr Status fail(Error error, unsigned index = 0, unsigned other = 0)
{
    return Status{error, static_cast<uint16_t>(index), static_cast<uint16_t>(other)};
}

bool is_power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

// The checks, each over the raw bytes and the already-checked header fields.
class Validator {
public:
    Validator(const uint8_t* data, size_t size, const Policy& policy)
        : data_(data), size_(size), policy_(policy) {}

    Status run()
    {
        Status s = check_ident();
        if (s.ok())
            s = check_header();
        if (s.ok())
            s = check_program_headers();
        if (s.ok())
            s = check_overlaps();
        if (s.ok())
            s = check_entry();
        if (s.ok())
            s = check_section_headers();
        return s;
    }

    const FileHeader& header() const { return header_; }

private:
    ProgramHeader program_header(unsigned i) const
    {
        return ProgramHeader::read(data_ + header_.phoff + i * program_header_size);
    }
    SectionHeader section_header(unsigned i) const
    {
        return SectionHeader::read(data_ + header_.shoff + i * section_header_size);
    }
    bool inside_file(uint64_t offset, uint64_t length) const { return offset + length <= size_; }

    Status check_ident()
    {
        if (data_ == nullptr || size_ < header_size)
            return fail(Error::too_small);
        if (data_[0] != 0x7f || data_[1] != 'E' || data_[2] != 'L' || data_[3] != 'F')
            return fail(Error::bad_magic);
        if (data_[4] != class32)
            return fail(Error::not_32_bit);
        if (data_[5] != data_lsb)
            return fail(Error::not_little_endian);
        if (data_[6] != version_current)
            return fail(Error::bad_version);
        header_ = FileHeader::read(data_);
        return {};
    }

    Status check_header() const
    {
        if (header_.version != version_current)
            return fail(Error::bad_version);
        if (header_.type != type_exec)
            return fail(Error::not_executable);
        if (header_.machine != machine_386)
            return fail(Error::not_i386);
        if (header_.ehsize != header_size)
            return fail(Error::bad_header_size);
        if (header_.phentsize != program_header_size)
            return fail(Error::bad_program_header_size);
        if (header_.phnum == 0)
            return fail(Error::no_program_headers);
        if (header_.phnum > policy_.max_program_headers)
            return fail(Error::too_many_program_headers);
        if (!inside_file(header_.phoff, uint64_t(header_.phnum) * program_header_size))
            return fail(Error::program_headers_outside_file);
        return {};
    }

    Status check_program_headers() const
    {
        for (unsigned i = 0; i < header_.phnum; ++i) {
            Status s = check_segment(i, program_header(i));
            if (!s.ok())
                return s;
        }
        return {};
    }

    Status check_segment(unsigned i, const ProgramHeader& ph) const
    {
        if (ph.type == pt_dynamic || ph.type == pt_interp || ph.type == pt_tls)
            return fail(Error::unsupported_segment, i);
        if (!ph.is_nonempty_load())
            return {};   // other types carry nothing a loader uses; empty loads are skipped
        if (ph.filesz > ph.memsz)
            return fail(Error::segment_file_larger_than_memory, i);
        if (!inside_file(ph.offset, ph.filesz))
            return fail(Error::segment_outside_file, i);
        uint64_t end = uint64_t(ph.vaddr) + ph.memsz;
        if (end > 0x100000000ull)
            return fail(Error::segment_wraps, i);
        if (ph.vaddr < policy_.lowest || end > policy_.limit)
            return fail(Error::segment_outside_limits, i);
        if (ph.align > 1 && !is_power_of_two(ph.align))
            return fail(Error::segment_misaligned, i);
        uint32_t modulus = ph.align > policy_.page_size ? ph.align : policy_.page_size;
        if (ph.filesz > 0 && modulus > 1 && ph.vaddr % modulus != ph.offset % modulus)
            return fail(Error::segment_misaligned, i);
        return {};
    }

    // Whole pages [first, last] touched by a (validated, hence non-wrapping)
    // loadable segment. 32-bit arithmetic: no 64-bit division helpers needed.
    uint32_t first_page(const ProgramHeader& ph) const { return ph.vaddr / page(); }
    uint32_t last_page(const ProgramHeader& ph) const { return (ph.vaddr + (ph.memsz - 1)) / page(); }
    uint32_t page() const { return policy_.page_size > 0 ? policy_.page_size : 1; }

    // Quadratic, but phnum <= policy.max_program_headers.
    Status check_overlaps() const
    {
        for (unsigned i = 0; i < header_.phnum; ++i) {
            ProgramHeader a = program_header(i);
            if (!a.is_nonempty_load())
                continue;
            for (unsigned j = i + 1; j < header_.phnum; ++j) {
                ProgramHeader b = program_header(j);
                if (b.is_nonempty_load() && first_page(a) <= last_page(b) && first_page(b) <= last_page(a))
                    return fail(Error::segments_overlap, i, j);
            }
        }
        return {};
    }

    Status check_entry() const
    {
        bool any_load = false;
        for (unsigned i = 0; i < header_.phnum; ++i) {
            ProgramHeader ph = program_header(i);
            if (!ph.is_nonempty_load())
                continue;
            any_load = true;
            if ((ph.flags & pf_x) != 0 && header_.entry - ph.vaddr < ph.memsz)
                return {};
        }
        return fail(any_load ? Error::entry_not_executable : Error::no_loadable_segment);
    }

    Status check_section_headers() const
    {
        if (header_.shnum == 0) {
            // e_shnum 0 with a table offset means the count lives in section 0
            // (extended numbering, for >= 0xff00 sections): not supported.
            return header_.shoff == 0 ? Status{} : fail(Error::extended_numbering);
        }
        if (header_.shentsize != section_header_size)
            return fail(Error::bad_section_header_size);
        if (header_.shnum >= shn_loreserve || header_.shstrndx == shn_xindex)
            return fail(Error::extended_numbering);
        if (header_.shoff < header_size ||
            !inside_file(header_.shoff, uint64_t(header_.shnum) * section_header_size))
            return fail(Error::section_headers_outside_file);
        for (unsigned i = 0; i < header_.shnum; ++i) {
            SectionHeader sh = section_header(i);
            if (sh.has_file_data() && !inside_file(sh.offset, sh.size))
                return fail(Error::section_outside_file, i);
        }
        if (header_.shstrndx != shn_undef &&
            (header_.shstrndx >= header_.shnum || section_header(header_.shstrndx).type != sht_strtab))
            return fail(Error::bad_string_table, header_.shstrndx);
        return {};
    }

    const uint8_t* data_;
    size_t size_;
    const Policy& policy_;
    FileHeader header_{};
};

} // namespace

// ---------------------------------------------------------------------------
// Messages

const char* message_template(Error error)
{
    switch (error) {
    case Error::none: return "ELF: no error";
    case Error::too_small: return "ELF: the file is smaller than an ELF header";
    case Error::bad_magic: return "ELF: not an ELF file (bad magic number)";
    case Error::not_32_bit: return "ELF: not a 32-bit (ELFCLASS32) file";
    case Error::not_little_endian: return "ELF: not a little-endian file";
    case Error::bad_version: return "ELF: unknown ELF version";
    case Error::not_executable: return "ELF: not an executable (e_type is not ET_EXEC)";
    case Error::not_i386: return "ELF: not an IA-32 (EM_386) file";
    case Error::bad_header_size: return "ELF: e_ehsize is not 52";
    case Error::bad_program_header_size: return "ELF: e_phentsize is not 32";
    case Error::no_program_headers: return "ELF: no program headers";
    case Error::too_many_program_headers: return "ELF: too many program headers";
    case Error::program_headers_outside_file: return "ELF: the program header table extends past the end of the file";
    case Error::unsupported_segment: return "ELF: program header # needs dynamic linking or TLS, which are not supported";
    case Error::segment_file_larger_than_memory: return "ELF: program header # has p_filesz > p_memsz";
    case Error::segment_outside_file: return "ELF: program header # extends past the end of the file";
    case Error::segment_wraps: return "ELF: program header # wraps around the end of the address space";
    case Error::segment_outside_limits: return "ELF: program header # lies outside the allowed address range";
    case Error::segment_misaligned: return "ELF: program header # has a bad p_align, or p_vaddr and p_offset differ modulo the page size";
    case Error::segments_overlap: return "ELF: program headers # and @ share a page";
    case Error::no_loadable_segment: return "ELF: no loadable segment";
    case Error::entry_not_executable: return "ELF: the entry point is not inside an executable segment";
    case Error::bad_section_header_size: return "ELF: e_shentsize is not 40";
    case Error::section_headers_outside_file: return "ELF: the section header table lies outside the file";
    case Error::extended_numbering: return "ELF: extended section numbering is not supported";
    case Error::bad_string_table: return "ELF: section header # is not a valid section name table";
    case Error::section_outside_file: return "ELF: section header # extends past the end of the file";
    case Error::bad_section_name: return "ELF: section header # has a name outside the section name table";
    case Error::section_not_found: return "ELF: no such section";
    case Error::address_not_loaded: return "ELF: the address is in no loadable segment";
    }
    return "ELF: unknown error";
}

const char* Status::describe(char* buffer, size_t size) const
{
    return rt::fill_message_template(buffer, size, message_template(error), index, other);
}

// ---------------------------------------------------------------------------
// Image

Result<Image> Image::open(const void* data, size_t size, const Policy& policy)
{
    auto* bytes = static_cast<const uint8_t*>(data);
    Validator validator(bytes, size, policy);
    Status status = validator.run();
    if (!status.ok())
        return status;
    const FileHeader& h = validator.header();
    Image image;
    image.data_ = bytes;
    image.size_ = size;
    image.entry_ = h.entry;
    image.phoff_ = h.phoff;
    image.phnum_ = h.phnum;
    image.shoff_ = h.shoff;
    image.shnum_ = h.shnum;
    image.shstrndx_ = h.shstrndx;
    return image;
}

bool Image::is_nonempty_load(unsigned index) const
{
    return ProgramHeader::read(data_ + phoff_ + index * program_header_size).is_nonempty_load();
}

Segment Image::segment(unsigned index) const
{
    ProgramHeader ph = ProgramHeader::read(data_ + phoff_ + index * program_header_size);
    return Segment{static_cast<uint16_t>(index), ph.vaddr, ph.memsz, ph.offset,
                   ph.filesz, ph.flags & (pf_r | pf_w | pf_x), data_ + ph.offset};
}

Section Image::section(unsigned index) const
{
    SectionHeader sh = SectionHeader::read(data_ + shoff_ + index * section_header_size);
    return Section{static_cast<uint16_t>(index), sh.type, sh.flags, sh.addr, sh.offset, sh.size,
                   sh.has_file_data() ? data_ + sh.offset : nullptr};
}

unsigned Image::load_count() const
{
    unsigned n = 0;
    for (unsigned i = 0; i < phnum_; ++i)
        n += is_nonempty_load(i) ? 1 : 0;
    return n;
}

Result<Segment> Image::segment_at(uint32_t address) const
{
    for (Segment s : loads()) {
        if (s.contains(address))
            return s;
    }
    return Status{Error::address_not_loaded};
}

Result<Section> Image::find_section(const char* name) const
{
    if (shnum_ == 0 || shstrndx_ == shn_undef)
        return Status{Error::section_not_found};
    Section names = section(shstrndx_);   // validated: SHT_STRTAB inside the file
    for (unsigned i = 1; i < shnum_; ++i) {
        Section s = section(i);
        uint32_t at = SectionHeader::read(data_ + shoff_ + i * section_header_size).name;
        if (at >= names.size)
            return Status{Error::bad_section_name, static_cast<uint16_t>(i)};
        // Compare up to and including name's NUL, never past the table's end.
        uint32_t k = 0;
        while (at + k < names.size && names.data[at + k] == name[k] && name[k] != '\0')
            ++k;
        if (at + k < names.size && names.data[at + k] == '\0' && name[k] == '\0')
            return s;
    }
    return Status{Error::section_not_found};
}

// ---------------------------------------------------------------------------
// LoadSegments

LoadSegments::Iterator::Iterator(const Image* image, unsigned index) : image_(image), index_(index)
{
    skip_to_load();
}

void LoadSegments::Iterator::skip_to_load()
{
    while (index_ < image_->phnum_ && !image_->is_nonempty_load(index_))
        ++index_;
}

Segment LoadSegments::Iterator::operator*() const { return image_->segment(index_); }

LoadSegments::Iterator& LoadSegments::Iterator::operator++()
{
    ++index_;
    skip_to_load();
    return *this;
}

LoadSegments::Iterator LoadSegments::end() const { return Iterator(image_, image_->phnum_); }

} // namespace elf
