// storagebench [--kib=N] [--label=TEXT] FS:/path
//
// Writes a file of N KiB (default 4096) sequentially through the file system
// protocol (arc::fs::Client: in session-sized pieces), closes it (which
// brings it to the disk), then reads it back and checks every byte, and
// removes it (so that every run starts from the same free space). Prints
// the cost of each pass in guest instructions per KiB, as BENCH lines that
// tools/arc bench collects: instructions the CPU executed (arc/clock.h:
// time halted waiting for the disk is not counted), in every process and
// the kernel, while the pass ran:
//
//   BENCH storage_write_instructions_per_kib_TEXT 123456 (4096 KiB, ext2:/tmp/bench)
//
// TEXT names the conditions (say "pata_crashing" while the shell's
// `fail pata null N sticky` makes the driver fail over and over).
#include "arc/clock.h"
#include "arc/fs_client.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;

constexpr size_t piece = arc::fs::Client::session_pages * 4096;
uint8_t buffer[piece];

// The bytes at `offset`: every piece differs, so a misplaced one shows.
void fill(uint8_t* out, size_t n, uint32_t offset)
{
    for (size_t i = 0; i < n; i += 4) {
        uint32_t word = (offset + static_cast<uint32_t>(i)) * 2654435761u;
        memcpy(out + i, &word, 4);
    }
}

// One pass over the file: writing it, or reading it and comparing.
Status pass(arc::fs::Client& fs, const char* path, uint32_t bytes, bool write)
{
    using namespace arc::fs::open_mode;
    L4_Word_t handle;
    Status s = fs.Open(path, handle, nullptr, write ? (arc::fs::open_mode::write | create | truncate) : 0);
    static uint8_t expected[piece];
    for (uint32_t at = 0; s == Status::ok && at < bytes; at += piece) {
        size_t n = bytes - at < piece ? bytes - at : piece, done = 0;
        fill(write ? buffer : expected, n, at);
        s = write ? fs.Write(handle, at, buffer, n, done) : fs.Read(handle, at, buffer, n, done);
        if (s == Status::ok && (done != n || (!write && memcmp(buffer, expected, n) != 0)))
            s = Status::io_error;
    }
    Status closed = fs.Close(handle);
    return s == Status::ok ? closed : s;
}

} // namespace

int main(int argc, char** argv)
{
    uint32_t kib = 4096;
    const char* label = "";
    if (const char* k = rt::take_option(argc, argv, "--kib=")) {
        if (!rt::parse_number(k, kib) || kib == 0 || kib > 1024 * 1024)
            argc = 0;
    }
    if (const char* l = rt::take_option(argc, argv, "--label="))
        label = l;
    if (argc != 2) {
        rt::print("usage: storagebench [--kib=N] [--label=TEXT] FS:/path\n");
        return 2;
    }
    arc::fs::Client fs;
    const char* path;
    Status s = fs.Attach(argv[1], path);
    uint64_t cost[2] = {};
    for (int write = 1; write >= 0 && s == Status::ok; --write) {
        uint64_t t0 = arc::clock::busy();
        s = pass(fs, path, kib * 1024, write);
        cost[write] = arc::clock::busy() - t0;
    }
    if (s == Status::ok)
        s = fs.Remove(path);
    fs.Detach();
    if (s != Status::ok) {
        rt::print("storagebench: %s: %s\n", argv[1], arc::describe(s));
        return 1;
    }
    const char* sep = *label ? "_" : "";
    rt::print("BENCH storage_write_instructions_per_kib%s%s %u (%u KiB, %s)\n", sep, label,
              static_cast<unsigned>(cost[1] / kib), kib, argv[1]);
    rt::print("BENCH storage_read_instructions_per_kib%s%s %u (%u KiB, every byte checked)\n", sep, label,
              static_cast<unsigned>(cost[0] / kib), kib);
    return 0;
}
