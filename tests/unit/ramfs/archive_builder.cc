#include "archive_builder.h"
#include <cstring>
#include "arc/ramfs.h"

namespace ramfs_test {

namespace r = arc::ramfs;

ArchiveBuilder& ArchiveBuilder::file(const std::string& name, const std::string& contents)
{
    entries_.push_back({name, static_cast<uint32_t>(r::Type::regular), contents});
    return *this;
}

ArchiveBuilder& ArchiveBuilder::directory(const std::string& name)
{
    entries_.push_back({name, static_cast<uint32_t>(r::Type::directory), {}});
    return *this;
}

std::vector<uint8_t> ArchiveBuilder::build() const
{
    uint32_t table_end = r::header_size + static_cast<uint32_t>(entries_.size()) * r::entry_size;
    std::vector<uint8_t> out(table_end, 0);
    std::memcpy(out.data() + r::field::magic, r::magic, sizeof r::magic);
    put_u32(out, r::field::version, r::version);
    put_u32(out, r::field::entry_count, static_cast<uint32_t>(entries_.size()));
    put_u32(out, r::field::entry_size, r::entry_size);
    for (uint32_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        put_name(out, i, e.name);
        put_u32(out, entry_offset(i) + r::field::type, e.type);
        if (e.type != static_cast<uint32_t>(r::Type::regular))
            continue;
        out.resize((out.size() + r::data_alignment - 1) / r::data_alignment * r::data_alignment, 0);
        put_u32(out, entry_offset(i) + r::field::offset, static_cast<uint32_t>(out.size()));
        put_u32(out, entry_offset(i) + r::field::size, static_cast<uint32_t>(e.contents.size()));
        out.insert(out.end(), e.contents.begin(), e.contents.end());
    }
    put_u32(out, r::field::archive_size, static_cast<uint32_t>(out.size()));
    return out;
}

uint32_t entry_offset(uint32_t index) { return r::header_size + index * r::entry_size; }

void put_u32(std::vector<uint8_t>& archive, uint32_t offset, uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        archive.at(offset + i) = static_cast<uint8_t>(value >> (8 * i));
}

uint32_t get_u32(const std::vector<uint8_t>& archive, uint32_t offset)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= static_cast<uint32_t>(archive.at(offset + i)) << (8 * i);
    return v;
}

void put_name(std::vector<uint8_t>& archive, uint32_t index, const std::string& bytes)
{
    uint32_t at = entry_offset(index) + r::field::name;
    std::memset(archive.data() + at, 0, r::name_field_size);
    for (size_t i = 0; i < bytes.size() && i < r::name_field_size; ++i)
        archive.at(at + i) = static_cast<uint8_t>(bytes[i]);
}

} // namespace ramfs_test
