// The ram archive reader (see arc/ramfs.h for the format).
//
// Archive::open runs these checks in order and reports the first failure:
//   1. the header: at least header_size bytes, the magic, version 1, entry
//      size 80, reserved words zero;
//   2. the archive size is at most what the caller has (a cut-short module);
//   3. at most max_entries entries, and the table inside the archive;
//   4. each entry, in table order: the name NUL-terminated inside its field
//      and zero after the NUL, a well-formed name (ramfs.h), greater than
//      the previous entry's name, a known type, the reserved word zero; a
//      directory has offset and size 0; a regular file's data starts at a
//      16-byte boundary after the table and ends inside the archive;
//   5. each entry's folder exists and is a directory.
// Sums of archive values are computed in 64 bits, so none can wrap. Nothing
// here calls a library function: the same object runs in ART, in the ram
// server, in host tests and in the fuzzer.
#include "arc/ramfs.h"

namespace arc::ramfs {
namespace {

uint32_t u32(const uint8_t* p)
{
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

size_t length_of(const char* s)
{
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

// The byte order of names: a NUL-terminated name against a path slice of
// `length` bytes. Negative, zero or positive as with memcmp; a proper prefix
// sorts first.
int compare(const char* name, const char* path, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        auto a = static_cast<unsigned char>(name[i]);
        auto b = static_cast<unsigned char>(path[i]);
        if (a != b)
            return a == 0 ? -1 : (a < b ? -1 : 1);
    }
    return name[length] == 0 ? 0 : 1;
}

// Printable ASCII without the blank: what a shell can type unquoted.
bool is_name_char(char c) { return c > ' ' && c <= '~'; }

// One component of a name: not empty, not "." or "..", no '/'.
bool is_component(const char* s, size_t length)
{
    if (length == 0 || (length == 1 && s[0] == '.') || (length == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < length; ++i)
        if (!is_name_char(s[i]) || s[i] == '/')
            return false;
    return true;
}

// A name as ramfs.h defines it, of any length (the caller bounds it).
bool is_well_formed(const char* s, size_t length)
{
    size_t start = 0;
    for (size_t i = 0; i <= length; ++i) {
        if (i == length || s[i] == '/') {
            if (!is_component(s + start, i - start))
                return false;
            start = i + 1;
        }
    }
    return true;
}

// The length of the folder part of a name ("data" of "data/song.wav"); 0 if
// the entry is in the root.
size_t folder_length(const char* name)
{
    size_t folder = 0;
    for (size_t i = 0; name[i]; ++i)
        if (name[i] == '/')
            folder = i;
    return folder;
}

constexpr Status fail(Error error, uint32_t index = 0, const char* name = nullptr, uint32_t other = 0)
{
    return Status{error, index, other, name};
}

// Appends to a bounded buffer, always NUL-terminated.
class Writer {
public:
    Writer(char* buffer, size_t size) : buffer_(buffer), size_(size) {}
    void put(char c)
    {
        if (used_ + 1 < size_)
            buffer_[used_++] = c;
    }
    void put(const char* s)
    {
        while (*s)
            put(*s++);
    }
    void put_number(uint32_t value)
    {
        char digits[10];
        unsigned n = 0;
        do {
            digits[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value);
        while (n)
            put(digits[--n]);
    }
    void finish()
    {
        if (size_)
            buffer_[used_] = '\0';
    }

private:
    char* buffer_;
    size_t size_;
    size_t used_ = 0;
};

} // namespace

// ---------------------------------------------------------------------------
// Messages.

const char* message_template(Error error)
{
    switch (error) {
    case Error::none: return "ramfs: ok";
    case Error::too_small: return "ramfs: the archive is smaller than its header";
    case Error::bad_magic: return "ramfs: bad magic (not an Arc ram archive)";
    case Error::bad_version: return "ramfs: unsupported archive version";
    case Error::bad_entry_size: return "ramfs: the header's entry size is not 80";
    case Error::header_reserved_not_zero: return "ramfs: the header's reserved words are not zero";
    case Error::size_beyond_module:
        return "ramfs: the archive is cut short (its header gives a size larger than the module)";
    case Error::too_many_entries: return "ramfs: more entries than the limit (1024)";
    case Error::table_outside_archive: return "ramfs: the entry table extends past the end of the archive";
    case Error::name_not_terminated: return "ramfs: entry #: the name is not NUL-terminated";
    case Error::name_padding_not_zero: return "ramfs: entry #$: bytes after the name's NUL are not zero";
    case Error::bad_name:
        return "ramfs: entry #: bad name (empty, a character outside '!'..'~', "
               "or an empty, \".\" or \"..\" component)";
    case Error::names_not_sorted: return "ramfs: entry #$: the name sorts before entry @'s (names must ascend)";
    case Error::duplicate_name: return "ramfs: entry #$: the same name as entry @";
    case Error::bad_type: return "ramfs: entry #$: unknown type (1 regular, 2 directory)";
    case Error::entry_reserved_not_zero: return "ramfs: entry #$: the reserved word is not zero";
    case Error::directory_with_data: return "ramfs: entry #$: a directory with a data offset or size";
    case Error::data_misaligned: return "ramfs: entry #$: data not at a 16-byte boundary";
    case Error::data_overlaps_table: return "ramfs: entry #$: data overlaps the header or entry table";
    case Error::data_outside_archive: return "ramfs: entry #$: data extends past the end of the archive";
    case Error::missing_folder: return "ramfs: entry #$: its folder has no entry";
    case Error::folder_is_a_file: return "ramfs: entry #$: its folder is a regular file";
    case Error::bad_path: return "ramfs: bad path";
    case Error::not_found: return "ramfs: not found";
    case Error::not_a_directory: return "ramfs: not a directory";
    case Error::end_of_directory: return "ramfs: end of directory";
    }
    return "ramfs: unknown error";
}

const char* Status::describe(char* buffer, size_t size) const
{
    Writer out(buffer, size);
    for (const char* t = message_template(error); *t; ++t) {
        if (*t == '#') {
            out.put_number(index);
        } else if (*t == '@') {
            out.put_number(other);
        } else if (*t == '$') {
            if (name) {
                out.put(" \"");
                out.put(name);
                out.put('"');
            }
        } else {
            out.put(*t);
        }
    }
    out.finish();
    return buffer;
}

// ---------------------------------------------------------------------------
// Validation.

namespace {

class Validator {
public:
    Validator(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    Status check_header(uint32_t& archive_size, uint32_t& count) const
    {
        if (size_ < header_size)
            return fail(Error::too_small);
        for (uint32_t i = 0; i < sizeof(magic); ++i)
            if (data_[field::magic + i] != static_cast<uint8_t>(magic[i]))
                return fail(Error::bad_magic);
        if (u32(data_ + field::version) != version)
            return fail(Error::bad_version);
        if (u32(data_ + field::entry_size) != entry_size)
            return fail(Error::bad_entry_size);
        if (u32(data_ + field::header_reserved) != 0 || u32(data_ + field::header_reserved + 4) != 0)
            return fail(Error::header_reserved_not_zero);
        archive_size = u32(data_ + field::archive_size);
        count = u32(data_ + field::entry_count);
        if (archive_size > size_)
            return fail(Error::size_beyond_module);
        if (count > max_entries)
            return fail(Error::too_many_entries);
        if (uint64_t(header_size) + uint64_t(count) * entry_size > archive_size)
            return fail(Error::table_outside_archive);
        return {};
    }

    // Everything about entry `index` that needs no other entry but the one
    // before it. Precondition: the header checks passed.
    Status check_entry(uint32_t index, uint32_t count, uint32_t archive_size) const
    {
        const uint8_t* e = entry(index);
        const char* name = reinterpret_cast<const char*>(e + field::name);
        Status s = check_name(index, name);
        if (!s)
            return s;
        if (index > 0) {
            const char* previous = reinterpret_cast<const char*>(entry(index - 1) + field::name);
            int order = compare(previous, name, length_of(name));
            if (order == 0)
                return fail(Error::duplicate_name, index, name, index - 1);
            if (order > 0)
                return fail(Error::names_not_sorted, index, name, index - 1);
        }
        if (u32(e + field::entry_reserved) != 0)
            return fail(Error::entry_reserved_not_zero, index, name);
        return check_data(index, name, e, count, archive_size);
    }

private:
    const uint8_t* entry(uint32_t index) const { return data_ + header_size + index * entry_size; }

    Status check_name(uint32_t index, const char* name) const
    {
        size_t length = 0;
        while (length < name_field_size && name[length])
            ++length;
        if (length == name_field_size)
            return fail(Error::name_not_terminated, index);
        if (!is_well_formed(name, length))
            return fail(Error::bad_name, index);
        for (size_t i = length; i < name_field_size; ++i)
            if (name[i])
                return fail(Error::name_padding_not_zero, index, name);
        return {};
    }

    Status check_data(uint32_t index, const char* name, const uint8_t* e, uint32_t count,
                      uint32_t archive_size) const
    {
        uint32_t type = u32(e + field::type), offset = u32(e + field::offset), size = u32(e + field::size);
        if (type == static_cast<uint32_t>(Type::directory))
            return offset == 0 && size == 0 ? Status{} : fail(Error::directory_with_data, index, name);
        if (type != static_cast<uint32_t>(Type::regular))
            return fail(Error::bad_type, index, name);
        if (offset % data_alignment != 0)
            return fail(Error::data_misaligned, index, name);
        if (offset < header_size + count * entry_size)
            return fail(Error::data_overlaps_table, index, name);
        if (uint64_t(offset) + size > archive_size)
            return fail(Error::data_outside_archive, index, name);
        return {};
    }

    const uint8_t* data_;
    size_t size_;
};

} // namespace

Result<Archive> Archive::open(const void* data, size_t size)
{
    Validator v(static_cast<const uint8_t*>(data), size);
    uint32_t archive_size = 0, count = 0;
    if (Status s = v.check_header(archive_size, count); !s)
        return s;
    for (uint32_t i = 0; i < count; ++i)
        if (Status s = v.check_entry(i, count, archive_size); !s)
            return s;

    Archive a;
    a.data_ = static_cast<const uint8_t*>(data);
    a.size_ = archive_size;
    a.count_ = count;
    // Now that every name is valid and the table sorted, lookups work: each
    // entry's folder must be a directory entry.
    for (uint32_t i = 0; i < count; ++i) {
        const char* name = a.entry_name(i);
        size_t folder = folder_length(name);
        if (folder == 0)
            continue;
        Result<File> f = a.find_exact(name, folder);
        if (!f)
            return fail(Error::missing_folder, i, name);
        if (!f->is_directory())
            return fail(Error::folder_is_a_file, i, name);
    }
    return a;
}

// ---------------------------------------------------------------------------
// Access to a valid archive.

const char* File::base_name() const
{
    size_t folder = folder_length(name);
    return folder ? name + folder + 1 : name;
}

const uint8_t* Archive::entry_bytes(uint32_t index) const { return data_ + header_size + index * entry_size; }

const char* Archive::entry_name(uint32_t index) const
{
    return reinterpret_cast<const char*>(entry_bytes(index) + field::name);
}

File Archive::entry(uint32_t index) const
{
    if (index >= count_)
        __builtin_trap();
    const uint8_t* e = entry_bytes(index);
    File f;
    f.index = index;
    f.type = static_cast<Type>(u32(e + field::type));
    f.name = entry_name(index);
    if (f.type == Type::regular) {
        f.data = data_ + u32(e + field::offset);
        f.size = u32(e + field::size);
    }
    return f;
}

// Binary search of the sorted table for exactly `length` bytes of `path`.
Result<File> Archive::find_exact(const char* path, size_t length) const
{
    uint32_t low = 0, high = count_;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        int order = compare(entry_name(middle), path, length);
        if (order == 0)
            return entry(middle);
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return fail(Error::not_found);
}

Result<File> Archive::find(const char* path) const
{
    if (path == nullptr)
        return fail(Error::bad_path);
    if (*path == '/')
        ++path;
    size_t length = length_of(path);
    if (length == 0)
        return root();
    bool wants_directory = path[length - 1] == '/';
    if (wants_directory)
        --length;
    if (!is_well_formed(path, length))
        return fail(Error::bad_path);
    if (length > max_name)
        return fail(Error::not_found);      // well-formed, but no entry can be that long
    Result<File> f = find_exact(path, length);
    if (f && wants_directory && !f->is_directory())
        return fail(Error::not_a_directory);
    return f;
}

bool Archive::contains(const File& directory, uint32_t index) const
{
    if (!directory.is_directory() || index >= count_)
        return false;
    const char* name = entry_name(index);
    size_t folder = folder_length(name);
    if (directory.is_root())
        return folder == 0;
    return folder == length_of(directory.name) && compare(directory.name, name, folder) == 0;
}

Result<File> Archive::child(const File& directory, uint32_t index) const
{
    if (!directory.is_directory())
        return fail(Error::not_a_directory);
    uint32_t seen = 0;
    for (uint32_t i = 0; i < count_; ++i)
        if (contains(directory, i) && seen++ == index)
            return entry(i);
    return fail(Error::end_of_directory);
}

Result<File> Archive::child(const char* directory_path, uint32_t index) const
{
    Result<File> directory = find(directory_path);
    if (!directory)
        return directory;
    return child(*directory, index);
}

// ---------------------------------------------------------------------------
// Listing.

Listing::Iterator::Iterator(const Listing* listing, uint32_t position) : listing_(listing), position_(position)
{
    skip_to_child();
}

void Listing::Iterator::skip_to_child()
{
    const Archive* a = listing_->archive_;
    while (position_ < a->count() && !a->contains(listing_->directory_, position_))
        ++position_;
}

File Listing::Iterator::operator*() const { return listing_->archive_->entry(position_); }

Listing::Iterator& Listing::Iterator::operator++()
{
    ++position_;
    skip_to_child();
    return *this;
}

Listing::Iterator Listing::end() const { return Iterator(this, archive_->count()); }

} // namespace arc::ramfs
