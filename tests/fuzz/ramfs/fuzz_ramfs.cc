// libFuzzer target for the ram archive reader (libs/arc/src/ramfs.cc): every
// input either is refused with a message or yields an archive that keeps the
// promises Archive::open makes (the promises ART and the ram server rely
// on). A broken promise traps; ASan/UBSan catch any read outside the input.
// The input is also used as a path, looked up in a small valid archive.
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "arc/ramfs.h"

namespace {

namespace r = arc::ramfs;

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// Reads a byte so ASan checks that it lies inside the input.
void touch(const uint8_t* p)
{
    volatile uint8_t byte = *p;
    (void)byte;
}

void check_file(const r::Archive& a, const r::File& f)
{
    size_t length = strlen(f.name);
    require(length >= 1 && length <= r::max_name);
    if (f.is_directory()) {
        require(f.data == nullptr && f.size == 0);
    } else {
        require(f.data >= a.bytes() + r::header_size && f.data + f.size <= a.bytes() + a.size());
        require((f.data - a.bytes()) % r::data_alignment == 0);
        if (f.size)
            touch(f.data + f.size - 1);
    }
    auto found = a.find(f.name);                 // every entry is found by its own name
    require(found.ok() && found->index == f.index);
}

void check_archive(const r::Archive& a)
{
    unsigned listed = 0;
    for (uint32_t i = 0; i < a.count(); ++i) {
        r::File f = a.entry(i);
        check_file(a, f);
        if (!f.is_directory())
            continue;
        uint32_t n = 0;
        for (r::File child : a.list(f)) {        // the listing and child() agree
            auto by_index = a.child(f, n++);
            require(by_index.ok() && by_index->index == child.index);
            ++listed;
        }
        require(a.child(f, n).error() == r::Error::end_of_directory);
    }
    for (r::File f : a.list(a.root())) {
        require(strchr(f.name, '/') == nullptr);
        ++listed;
    }
    require(listed == a.count());                 // every entry is in exactly one folder
}

// A small valid archive (header, one directory, one file) for path lookups.
struct Sample {
    uint8_t bytes[r::header_size + 2 * r::entry_size + r::data_alignment] = {};
    r::Archive archive;

    static void put(uint8_t* p, uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            p[i] = static_cast<uint8_t>(v >> (8 * i));
    }
    Sample()
    {
        memcpy(bytes, r::magic, sizeof r::magic);
        put(bytes + r::field::version, r::version);
        put(bytes + r::field::entry_count, 2);
        put(bytes + r::field::entry_size, r::entry_size);
        put(bytes + r::field::archive_size, sizeof bytes);
        uint8_t* dir = bytes + r::header_size;
        uint8_t* file = dir + r::entry_size;
        memcpy(dir, "d", 1);
        put(dir + r::field::type, static_cast<uint32_t>(r::Type::directory));
        memcpy(file, "d/f", 3);
        put(file + r::field::type, static_cast<uint32_t>(r::Type::regular));
        put(file + r::field::offset, r::header_size + 2 * r::entry_size);
        put(file + r::field::size, 3);
        archive = *r::Archive::open(bytes, sizeof bytes);
    }
};

void look_up_as_path(const uint8_t* data, size_t size)
{
    static Sample sample;
    char path[300];
    size_t n = size < sizeof path - 1 ? size : sizeof path - 1;
    memcpy(path, data, n);
    path[n] = '\0';
    auto f = sample.archive.find(path);
    if (f.ok())
        require(f->is_root() || strcmp(f->name, "d") == 0 || strcmp(f->name, "d/f") == 0);
    auto c = sample.archive.child(path, 0);
    if (c.ok())
        require(strcmp(c->name, "d") == 0 || strcmp(c->name, "d/f") == 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto archive = r::Archive::open(data, size);
    char message[160];
    archive.status().describe(message, sizeof message);
    require(strncmp(message, "ramfs: ", 7) == 0);
    if (archive.ok())
        check_archive(*archive);
    look_up_as_path(data, size);
    return 0;
}
