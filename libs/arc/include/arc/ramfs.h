// The ram file system's archive: a small read-only tree of files that
// tools/mkramfs.py builds from the staged sysroot and GRUB loads as the
// multiboot module "ramfs". ART reads it at boot (the boot programs, the
// `policy` file), the ram server serves it (protocol/fs.h), host tests and a
// fuzzer check the reader. Freestanding: no heap, no hooks, no global state.
//
// Layout. Integers are little-endian u32; offsets count from the archive's
// first byte; the reader reads them byte by byte, so the archive may sit at
// any address.
//
//     0    header, header_size (32) bytes
//            0  char[8]   magic "ARCRAMFS"
//            8  u32       version (1)
//           12  u32       entry count (at most max_entries)
//           16  u32       entry size (entry_size, 80)
//           20  u32       archive size: the header, the table and all data
//           24  u32[2]    reserved, zero
//    32    entry table: entry count x 80 bytes, names in strictly ascending
//          byte order (so they are unique, and a lookup is a binary search)
//            0  char[64]  name: the path from the root without a leading
//                         slash ("hello", "data/song.wav"), NUL-terminated,
//                         the rest of the field zero
//           64  u32       type: 1 regular, 2 directory (ext2's numbers, as
//                         fs::FileType)
//           68  u32       offset of the data: a multiple of 16 at or after
//                         the end of the table (directory: 0)
//           72  u32       size of the data in bytes (directory: 0)
//           76  u32       reserved, zero
//   ...    file data, each file at a 16-byte boundary, zero bytes between
//
// A name is 1..63 bytes of printable ASCII without blanks ('!' to '~'),
// components separated by single '/', none of them "." or "..". Every folder
// named in a path has its own directory entry; the root has none.
//
// Use:
//     auto archive = arc::ramfs::Archive::open(bytes, size);
//     if (!archive) { char why[128]; panic("%s", archive.status().describe(why, sizeof why)); }
//     auto policy = archive->find("/policy");           // File: data, size, type
//     for (arc::ramfs::File f : archive->list(archive->root())) ...
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "rt/result.h"

namespace arc::ramfs {

// ---------------------------------------------------------------------------
// The format's constants.
constexpr char magic[8] = {'A', 'R', 'C', 'R', 'A', 'M', 'F', 'S'};
constexpr uint32_t version = 1;
constexpr uint32_t header_size = 32;
constexpr uint32_t entry_size = 80;
constexpr uint32_t name_field_size = 64;
constexpr uint32_t max_name = name_field_size - 1;     // bytes, without the NUL
constexpr uint32_t data_alignment = 16;
constexpr uint32_t max_entries = 1024;                 // bounds validation and listing work

// Offsets of the fields within the header and within an entry.
namespace field {
constexpr uint32_t magic = 0, version = 8, entry_count = 12, entry_size = 16, archive_size = 20,
                   header_reserved = 24;
constexpr uint32_t name = 0, type = 64, offset = 68, size = 72, entry_reserved = 76;
} // namespace field

enum class Type : uint32_t { regular = 1, directory = 2 };

// ---------------------------------------------------------------------------
// Why an archive was refused or a lookup failed. describe() gives the text.
enum class Error : uint8_t {
    none,
    // The archive as a whole.
    too_small,
    bad_magic,
    bad_version,
    bad_entry_size,
    header_reserved_not_zero,
    size_beyond_module,
    too_many_entries,
    table_outside_archive,
    // One entry (Status::index).
    name_not_terminated,
    name_padding_not_zero,
    bad_name,
    names_not_sorted,
    duplicate_name,
    bad_type,
    entry_reserved_not_zero,
    directory_with_data,
    data_misaligned,
    data_overlaps_table,
    data_outside_archive,
    missing_folder,
    folder_is_a_file,
    // Lookups in a valid archive.
    bad_path,
    not_found,
    not_a_directory,
    end_of_directory,
};

// The message for an error: '#' stands for the entry's index, '@' for the
// other entry's index, '$' for the entry's name (describe() fills them in).
const char* message_template(Error error);

struct [[nodiscard]] Status {
    Error error = Error::none;
    uint32_t index = 0;              // the entry the error is about, if any
    uint32_t other = 0;              // the entry it collides with (sorting, duplicates)
    const char* name = nullptr;      // the entry's name, once it is known to be valid

    constexpr bool ok() const { return error == Error::none; }
    constexpr explicit operator bool() const { return ok(); }

    // Writes the message, e.g. `ramfs: entry 3 "hello": data extends past the
    // end of the archive`, into buffer (NUL-terminated, cut to size) and
    // returns buffer.
    const char* describe(char* buffer, size_t size) const;
};

// A value or the Status saying why there is none.
template <typename T>
using Result = rt::Result<T, Status>;

// A file or directory of a valid archive. Points into the archive's bytes.
struct File {
    static constexpr uint32_t root_index = 0xffffffff;

    uint32_t index = root_index;     // in the entry table; root_index for the root
    Type type = Type::directory;
    const char* name = "";           // the whole path without a leading slash; "" for the root
    const uint8_t* data = nullptr;   // size bytes (nullptr for a directory)
    uint32_t size = 0;

    bool is_root() const { return index == root_index; }
    bool is_directory() const { return type == Type::directory; }
    // The last component of the name ("song.wav" for "data/song.wav").
    const char* base_name() const;
};

class Archive;

// The entries of one directory in name order, for range-for.
class Listing {
public:
    class Iterator {
    public:
        File operator*() const;
        Iterator& operator++();
        bool operator==(const Iterator& other) const { return position_ == other.position_; }
        bool operator!=(const Iterator& other) const { return position_ != other.position_; }

    private:
        friend class Listing;
        Iterator(const Listing* listing, uint32_t position);
        void skip_to_child();
        const Listing* listing_;
        uint32_t position_;
    };

    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const;

private:
    friend class Archive;
    Listing(const Archive* archive, const File& directory) : archive_(archive), directory_(directory) {}
    const Archive* archive_;
    File directory_;
};

// A validated archive. Holds a pointer to the caller's bytes, which must stay
// alive and unchanged while the Archive is used.
class Archive {
public:
    Archive() = default;

    // Checks the header, every entry and every folder (see ramfs.cc for the
    // list, in order) and reports the first failure. `size` is what the
    // caller has (the module's size); the archive may be shorter, not longer.
    static Result<Archive> open(const void* data, size_t size);

    const uint8_t* bytes() const { return data_; }
    uint32_t size() const { return size_; }          // the archive's own size
    uint32_t count() const { return count_; }

    File root() const { return File{}; }
    // Precondition: index < count(). Entries come in name order.
    File entry(uint32_t index) const;

    // The file or directory at `path`: an optional leading '/', components
    // separated by '/', an optional trailing '/' (then it must be a
    // directory); "/" and "" are the root. bad_path for a malformed path,
    // not_found, not_a_directory.
    Result<File> find(const char* path) const;

    // The index-th entry (0, 1, ...) of `directory` in name order;
    // end_of_directory past the last, not_a_directory for a regular file.
    Result<File> child(const File& directory, uint32_t index) const;
    // The same by path.
    Result<File> child(const char* directory_path, uint32_t index) const;

    // Every entry of `directory` (none for a regular file).
    Listing list(const File& directory) const { return Listing(this, directory); }

    // Is entry `index` directly inside `directory`?
    bool contains(const File& directory, uint32_t index) const;

private:
    const uint8_t* entry_bytes(uint32_t index) const;
    const char* entry_name(uint32_t index) const;
    Result<File> find_exact(const char* path, size_t length) const;

    const uint8_t* data_ = nullptr;
    uint32_t size_ = 0;
    uint32_t count_ = 0;
};

} // namespace arc::ramfs
