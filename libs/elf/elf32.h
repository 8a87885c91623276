// ELF32 executables for IA-32: validation and read-only access to an image held
// in memory. Shared by the kernel's boot loader, the per-process pager (P3) and
// host tools; freestanding, no heap, no hooks, no global state.
//
// Use: Image::open validates everything a loader relies on, once; after it
// succeeds, iterating segments and looking up sections cannot read outside the
// image or produce a segment outside the policy's address range.
//
//     auto image = elf::Image::open(bytes, size, elf::Policy{});
//     if (!image.ok()) { char why[96]; panic("%s", image.status().describe(why, sizeof why)); }
//     for (elf::Segment s : image->loads())
//         map(s.vaddr, s.memsz, s.flags) ... copy s.data[0..s.filesz), zero the rest
//
// The image may sit at any address (fields are read byte by byte, so no
// alignment is required) and is never written.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "rt/result.h"

namespace elf {

// ---------------------------------------------------------------------------
// The ELF constants this code uses (System V gABI, i386 psABI).
constexpr uint32_t header_size = 52;            // sizeof(Elf32_Ehdr)
constexpr uint32_t program_header_size = 32;    // sizeof(Elf32_Phdr)
constexpr uint32_t section_header_size = 40;    // sizeof(Elf32_Shdr)

constexpr uint8_t class32 = 1;       // EI_CLASS: ELFCLASS32
constexpr uint8_t data_lsb = 1;      // EI_DATA: ELFDATA2LSB
constexpr uint8_t version_current = 1;
constexpr uint16_t type_exec = 2;    // ET_EXEC
constexpr uint16_t machine_386 = 3;  // EM_386

constexpr uint32_t pt_null = 0, pt_load = 1, pt_dynamic = 2, pt_interp = 3, pt_tls = 7;
constexpr uint32_t pf_x = 1, pf_w = 2, pf_r = 4;

constexpr uint32_t sht_null = 0, sht_progbits = 1, sht_strtab = 3, sht_nobits = 8;
constexpr uint16_t shn_undef = 0, shn_loreserve = 0xff00, shn_xindex = 0xffff;

// ---------------------------------------------------------------------------
// Why an image was refused. describe() gives the human-readable form.
enum class Error : uint8_t {
    none,
    too_small,
    bad_magic,
    not_32_bit,
    not_little_endian,
    bad_version,
    not_executable,
    not_i386,
    bad_header_size,
    bad_program_header_size,
    no_program_headers,
    too_many_program_headers,
    program_headers_outside_file,
    unsupported_segment,
    segment_file_larger_than_memory,
    segment_outside_file,
    segment_wraps,
    segment_outside_limits,
    segment_misaligned,
    segments_overlap,
    no_loadable_segment,
    entry_not_executable,
    bad_section_header_size,
    section_headers_outside_file,
    extended_numbering,
    bad_string_table,
    section_outside_file,
    bad_section_name,
    section_not_found,
    address_not_loaded,
};

// The message for an error, with '#' where the first header index goes and
// '@' where the second goes (describe() fills them in).
const char* message_template(Error error);

// The outcome of a check: an error and the program or section header(s) it is
// about. [[nodiscard]]: every function returning a Status must be checked.
struct [[nodiscard]] Status {
    Error error = Error::none;
    uint16_t index = 0;   // the header the error is about, if any
    uint16_t other = 0;   // the second header (segments_overlap)

    constexpr bool ok() const { return error == Error::none; }
    constexpr explicit operator bool() const { return ok(); }

    // Writes the message, e.g. "ELF: program header 2 extends past the end of
    // the file", into buffer (NUL-terminated, cut to size) and returns buffer.
    const char* describe(char* buffer, size_t size) const;
};

// A value or the Status saying why there is none.
template <typename T>
using Result = rt::Result<T, Status>;

// What the caller accepts; the defaults fit an Arc user program.
struct Policy {
    uint32_t lowest = 0x00001000;      // first address a segment may occupy (page 0 stays unmapped)
    uint32_t limit = 0xC0000000;       // first address no segment may reach (the kernel's)
    uint32_t page_size = 4096;         // segments must be mappable page by page from the file
    uint16_t max_program_headers = 64; // bounds the work of validation
};

// A PT_LOAD segment with p_memsz > 0: `memsz` bytes at `vaddr`, the first
// `filesz` of them from the file (data[0..filesz)), the rest zero.
struct Segment {
    uint16_t index = 0;          // in the program header table
    uint32_t vaddr = 0;
    uint32_t memsz = 0;
    uint32_t offset = 0;         // of the file bytes within the image
    uint32_t filesz = 0;
    uint32_t flags = 0;          // pf_r | pf_w | pf_x
    const uint8_t* data = nullptr;

    constexpr uint32_t end() const { return vaddr + memsz; }   // cannot wrap (validated)
    constexpr bool readable() const { return (flags & pf_r) != 0; }
    constexpr bool writable() const { return (flags & pf_w) != 0; }
    constexpr bool executable() const { return (flags & pf_x) != 0; }
    constexpr bool contains(uint32_t address) const { return address - vaddr < memsz; }
};

// A section header. data is nullptr for SHT_NOBITS (e.g. .bss) and SHT_NULL.
struct Section {
    uint16_t index = 0;
    uint32_t type = 0;
    uint32_t flags = 0;
    uint32_t addr = 0;
    uint32_t offset = 0;
    uint32_t size = 0;
    const uint8_t* data = nullptr;
};

class Image;

// The loadable segments of an image, for range-for: PT_LOAD entries with
// p_memsz > 0, in program header order (empty PT_LOAD entries are skipped).
class LoadSegments {
public:
    class Iterator {
    public:
        Segment operator*() const;
        Iterator& operator++();
        bool operator==(const Iterator& other) const { return index_ == other.index_; }
        bool operator!=(const Iterator& other) const { return index_ != other.index_; }

    private:
        friend class LoadSegments;
        Iterator(const Image* image, unsigned index);
        void skip_to_load();
        const Image* image_;
        unsigned index_;
    };

    Iterator begin() const { return Iterator(image_, 0); }
    Iterator end() const;

private:
    friend class Image;
    explicit LoadSegments(const Image* image) : image_(image) {}
    const Image* image_;
};

// A validated executable image. Holds pointers into the caller's bytes, which
// must stay alive and unchanged while the Image is used.
class Image {
public:
    Image() = default;

    // Checks the whole image against the ELF rules and `policy`; see elf32.cc
    // for the list of checks, in order. The first failure is reported.
    static Result<Image> open(const void* data, size_t size, const Policy& policy = {});

    uint32_t entry() const { return entry_; }
    const uint8_t* bytes() const { return data_; }
    size_t size() const { return size_; }
    uint16_t program_header_count() const { return phnum_; }
    uint16_t section_count() const { return shnum_; }

    LoadSegments loads() const { return LoadSegments(this); }
    unsigned load_count() const;

    // The loadable segment that contains `address` (address_not_loaded if none).
    Result<Segment> segment_at(uint32_t address) const;

    // The first section called `name` (e.g. ".pdata"); section_not_found if
    // there is none or the image has no section names (stripped).
    Result<Section> find_section(const char* name) const;

private:
    friend class LoadSegments;

    bool is_nonempty_load(unsigned index) const;   // PT_LOAD with p_memsz > 0
    Segment segment(unsigned index) const;         // precondition: is_nonempty_load
    Section section(unsigned index) const;

    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    uint32_t entry_ = 0;
    uint32_t phoff_ = 0;
    uint16_t phnum_ = 0;
    uint32_t shoff_ = 0;
    uint16_t shnum_ = 0;
    uint16_t shstrndx_ = 0;
};

} // namespace elf
