// ramfs-check: walks the ram file system through protocol/fs.h (arc/fs.h),
// reads every file and prints
//
//     ramfs-check: file NAME SIZE crc32 XXXXXXXX
//
// for each (NAME as in the archive, CRC-32 as zlib computes it), so the
// system test can compare every byte with the host's copy of the archive;
// then the refusals (refusals.cc). Ends with "ramfs-check: PASS (N files)"
// or "ramfs-check: FAIL (N problems)", and exits 0 or 1.
#include "check.h"
#include "arc/fs.h"
#include "arc/naming.h"
#include "rt/print.h"
#include "rt/string.h"

namespace check {

namespace {

using arc::Status;
using arc::fs::FileType;

unsigned failure_count;
unsigned file_count;

constexpr L4_Word_t ram_wait_ms = 10000;     // the ram server starts before the shell
constexpr unsigned max_depth = 8;            // the archive's names allow fewer
constexpr size_t small_file = 4096;          // also read whole with read_file

// CRC-32 of IEEE 802.3 (zlib's crc32), bit by bit: no table to trust.
uint32_t crc32_update(uint32_t crc, const uint8_t* data, size_t length)
{
    crc = ~crc;
    for (size_t i = 0; i < length; ++i) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// Reads the whole file in pieces larger than one message (arc::fs::read
// splits them), checking the size open reported.
bool checksum(L4_ThreadId_t ram, const char* path, L4_Word_t size, uint32_t& crc)
{
    L4_Word_t handle;
    arc::fs::Info info;
    Status s = arc::fs::open(ram, path, handle, &info);
    if (s != Status::ok || info.size != size) {
        fail(path, s, Status::ok);
        return false;
    }
    static uint8_t buffer[1000];              // not a multiple of max_read, on purpose
    crc = 0;
    L4_Word_t offset = 0;
    for (;;) {
        size_t got = 0;
        s = arc::fs::read(ram, handle, offset, buffer, sizeof buffer, got);
        if (s != Status::ok)
            break;
        crc = crc32_update(crc, buffer, got);
        offset += static_cast<L4_Word_t>(got);
        if (got < sizeof buffer)
            break;
    }
    arc::fs::close(ram, handle);
    if (s != Status::ok || offset != size) {
        fail(path, s == Status::ok ? Status::io_error : s, Status::ok);
        return false;
    }
    return true;
}

// The same file through read_file, for small files: both ways agree.
void compare_read_file(L4_ThreadId_t ram, const char* path, L4_Word_t size, uint32_t crc)
{
    static uint8_t whole[small_file];
    size_t length = 0;
    Status s = arc::fs::read_file(ram, path, whole, sizeof whole, length);
    if (s != Status::ok || length != size || crc32_update(0, whole, length) != crc)
        fail(path, s == Status::ok ? Status::io_error : s, Status::ok);
}

void check_file(L4_ThreadId_t ram, const char* path, L4_Word_t size)
{
    uint32_t crc;
    if (!checksum(ram, path, size, crc))
        return;
    if (size <= small_file)
        compare_read_file(ram, path, size, crc);
    ++file_count;
    rt::print("%s file %s %u crc32 %08x\n", prefix, path + 1, size, crc);
}

void walk(L4_ThreadId_t ram, const char* folder, unsigned depth)
{
    static arc::fs::DirEntry entry;          // one at a time: not on the stack
    for (L4_Word_t index = 0;; ++index) {
        Status s = arc::fs::read_dir(ram, folder, index, entry);
        if (s == Status::end_of_directory)
            return;
        if (s != Status::ok)
            return fail(folder, s, Status::ok);
        char path[arc::fs::max_path + 1];
        if (rt::snprintf(path, sizeof path, "%s%s", folder, entry.name) >= static_cast<int>(sizeof path))
            return fail(folder, Status::too_long, Status::ok);
        if (entry.type == FileType::directory) {
            if (depth == max_depth || strlcat(path, "/", sizeof path) >= sizeof path)
                return fail(path, Status::too_long, Status::ok);
            rt::print("%s dir %s\n", prefix, path + 1);
            walk(ram, path, depth + 1);
        } else {
            check_file(ram, path, entry.size);
        }
    }
}

} // namespace

void fail(const char* what, Status got, Status wanted)
{
    ++failure_count;
    rt::print("%s FAIL %s: got \"%s\", wanted \"%s\"\n", prefix, what, arc::describe(got), arc::describe(wanted));
}

unsigned failures() { return failure_count; }

} // namespace check

int main()
{
    L4_ThreadId_t ram;
    arc::Status s = arc::naming::wait_for("ram", ram, check::ram_wait_ms);
    if (s != arc::Status::ok) {
        rt::print("%s FAIL no ram server: %s\n", check::prefix, arc::describe(s));
        return 1;
    }
    check::walk(ram, "/", 0);
    check::refusals(ram);
    if (check::failures()) {
        rt::print("%s FAIL (%u problems)\n", check::prefix, check::failures());
        return 1;
    }
    rt::print("%s PASS (%u files)\n", check::prefix, check::file_count);
    return 0;
}
