// Hand-made ram archives for the reader's tests: entries in the order given
// (not sorted), data laid out as mkramfs.py does, and helpers to corrupt
// single fields afterwards.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ramfs_test {

struct Entry {
    std::string name;
    uint32_t type;
    std::string contents;     // regular files only
};

class ArchiveBuilder {
public:
    ArchiveBuilder& file(const std::string& name, const std::string& contents);
    ArchiveBuilder& directory(const std::string& name);

    // The archive, data 16-byte aligned after the table, as mkramfs.py lays it out.
    std::vector<uint8_t> build() const;

private:
    std::vector<Entry> entries_;
};

// Byte offsets of an entry's fields in an archive.
uint32_t entry_offset(uint32_t index);
void put_u32(std::vector<uint8_t>& archive, uint32_t offset, uint32_t value);
uint32_t get_u32(const std::vector<uint8_t>& archive, uint32_t offset);
// Overwrites entry `index`'s name field with exactly these bytes (the rest zero).
void put_name(std::vector<uint8_t>& archive, uint32_t index, const std::string& bytes);

} // namespace ramfs_test
