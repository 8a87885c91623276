// blockcheck [--server=NAME] [--part=K/N] ROUNDS [EVERY KINDS SEED]
//
// Writes and reads sectors of a block device (protocol/block.h; NAME, by
// default "memdisk") through a session of four shared pages, ROUNDS times,
// and checks every sector it reads against what it wrote: it reads the
// device's first sectors (at most max_area) once at the start and keeps its
// own copy. --part=K/N: only the K-th of N equal parts of that area
// (several clients at once, each in its own). EVERY KINDS SEED: every EVERY
// requests ART arms a fault in the server (arc/fault_plan.h) somewhere
// inside the request.
//
// Under hot and warm restarts nothing may show: every sector reads back as
// written, and no call fails. After a cold restart the server has lost the
// session (and memdisk its disk): the call answers Status::restarted; the
// client counts it, connects again, reads the device afresh and goes on.
//
// Prints one line at the end, with an FNV-1a checksum of its part as it
// left it, which a test compares with the disk image on the host; exit code
// 0 if every sector was right.
#include "arc/fault_plan.h"
#include "arc/naming.h"
#include "arc/protocol/block.h"
#include "arc/protocol/memdisk.h"
#include "arc/session.h"
#include "l4/l4.h"
#include "rt/checksum.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::block::sector_size;

constexpr L4_Word_t session_pages = 4;
constexpr L4_Word_t max_count = session_pages * 4096 / sector_size;   // sectors per request
constexpr L4_Word_t max_area = 2048;                                   // sectors checked (1 MiB)
// Injection points a request passes: MainLoop's, then about one per 4 KiB.
constexpr uint32_t points(L4_Word_t count) { return 1 + (count * sector_size + 4095) / 4096; }

// Our copy of the area: what every read must return.
uint8_t expected[max_area * sector_size];

struct Part {
    uint32_t k = 0, n = 1;
    L4_Word_t first = 0, count = 0;     // sectors, set once the device's size is known
};

bool parse_part(const char* text, Part& part)
{
    char k_text[8], n_text[8];
    const char* slash = strchr(text, '/');
    size_t k_length = slash ? static_cast<size_t>(slash - text) : 0;
    if (!slash || k_length == 0 || k_length >= sizeof(k_text) || strlen(slash + 1) >= sizeof(n_text))
        return false;
    memcpy(k_text, text, k_length);
    k_text[k_length] = '\0';
    strlcpy(n_text, slash + 1, sizeof(n_text));
    return rt::parse_number(k_text, part.k) && rt::parse_number(n_text, part.n) && part.n > 0 &&
           part.k < part.n && part.n <= max_area;
}

// The bytes round `round` writes into sector `sector`: differ from round to
// round and sector to sector, so a stale, lost or misplaced sector shows.
void make_sector(uint8_t* out, uint32_t round, L4_Word_t sector)
{
    uint32_t x = round * 2654435761u ^ (sector + 1) * 40503u;
    for (L4_Word_t i = 0; i < sector_size; i += 4) {
        x = x * 1103515245u + 12345u;
        memcpy(out + i, &x, 4);
    }
}

class Checker {
public:
    Checker(const char* server, Part& part, arc::FaultPlan& faults) : server_(server), part_(part), faults_(faults) {}

    // Connects and learns the device's size: our part of it.
    Status connect()
    {
        L4_ThreadId_t server;
        Status s = arc::naming::wait_for(server_, server, 5000);
        if (s == Status::ok)
            s = disk_.Connect(server, session_pages);
        L4_Word_t size[2];
        if (s == Status::ok)
            s = disk_.Begin(nullptr, 0, size, 2);
        if (s != Status::ok)
            return s;
        L4_Word_t area = size[1] != 0 || size[0] > max_area ? max_area : size[0];
        part_.count = area / part_.n;
        part_.first = part_.k * part_.count;
        return part_.count ? Status::ok : Status::out_of_range;
    }

    // Reads our whole part: what the device holds becomes what we expect
    // (`check` false), or is compared with it.
    Status read_part(bool check)
    {
        L4_Word_t end = part_.first + part_.count;
        for (L4_Word_t at = part_.first; at < end; at += max_count) {
            L4_Word_t n = end - at < max_count ? end - at : max_count;
            Status s = transfer(false, at, n);
            if (s == Status::ok && check)
                s = compare(0, at, n);
            else if (s == Status::ok)
                memcpy(expected + at * sector_size, disk_.Base(), n * sector_size);
            if (s != Status::ok)
                return s;
        }
        return Status::ok;
    }

    // One round: a write of 1..max_count sectors, or a read checked against ours.
    Status round(uint32_t i)
    {
        L4_Word_t count = 1 + faults_.random() % max_count;
        L4_Word_t first = part_.first + faults_.random() % part_.count;
        if (count > part_.first + part_.count - first)
            count = part_.first + part_.count - first;
        bool write = faults_.random() % 3 != 0;
        faults_.before(i, points(count));
        if (!write) {
            Status s = transfer(false, first, count);
            return s == Status::ok ? compare(i, first, count) : s;
        }
        for (L4_Word_t k = 0; k < count; ++k)
            make_sector(disk_.Base() + k * sector_size, i, first + k);
        Status s = transfer(true, first, count);
        if (s == Status::ok)
            memcpy(expected + first * sector_size, disk_.Base(), count * sector_size);
        return s;
    }

    // Everything written is on the medium.
    Status flush() { return disk_.End(nullptr, 0); }

    L4_ThreadId_t server() const { return disk_.Server(); }
    uint32_t checked() const { return checked_; }
    uint32_t checksum() const { return rt::fnv1a(expected + part_.first * sector_size, part_.count * sector_size); }
    void close() { disk_.Close(); }

private:
    Status transfer(bool put, L4_Word_t first, L4_Word_t count)
    {
        L4_Word_t words[arc::block::words];
        words[arc::block::first_low] = first;
        words[arc::block::first_high] = 0;
        words[arc::block::count] = count;
        return put ? disk_.Put(words, arc::block::words) : disk_.Get(words, arc::block::words);
    }

    Status compare(uint32_t i, L4_Word_t first, L4_Word_t count)
    {
        for (L4_Word_t k = 0; k < count; ++k)
            if (memcmp(disk_.Base() + k * sector_size, expected + (first + k) * sector_size, sector_size) != 0) {
                rt::print("blockcheck: round %u: sector %u is not what was written\n", i, first + k);
                return Status::io_error;
            }
        checked_ += count;
        return Status::ok;
    }

    const char* server_;
    Part& part_;
    arc::FaultPlan& faults_;
    arc::Session disk_;
    uint32_t checked_ = 0;
};

int usage()
{
    rt::print("usage: blockcheck [--server=NAME] [--part=K/N] ROUNDS [EVERY KINDS SEED]\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const char* server = arc::memdisk::name;
    Part part;
    if (const char* name = rt::take_option(argc, argv, "--server="))
        server = name;
    if (const char* text = rt::take_option(argc, argv, "--part="); text && !parse_part(text, part))
        return usage();
    uint32_t rounds;
    arc::FaultPlan faults;
    if ((argc != 2 && argc != 5) || !rt::parse_number(argv[1], rounds))
        return usage();
    if (argc == 5 && !faults.parse(argv[2], argv[3], argv[4]))
        return usage();

    Checker checker(server, part, faults);
    uint32_t lost = 0;
    Status s = checker.connect();
    if (s == Status::ok && faults.active())
        s = faults.aim_at(checker.server());
    if (s == Status::ok)
        s = checker.read_part(false);
    for (uint32_t i = 1; i <= rounds && s == Status::ok; ++i) {
        s = checker.round(i);
        L4_Yield();                       // clients started together take turns
        if (s == Status::restarted) {
            // The server started over from nothing: so do we.
            ++lost;
            rt::print("blockcheck: round %u: %s: connecting again\n", i, arc::describe(s));
            s = checker.connect();
            if (s == Status::ok)
                s = checker.read_part(false);
        }
    }
    if (s == Status::ok)
        s = checker.flush();
    if (s == Status::ok)
        s = checker.read_part(true);
    if (s != Status::ok) {
        rt::print("blockcheck: %s: %s\n", server, arc::describe(s));
        return 1;
    }
    checker.close();
    rt::print("blockcheck: %u rounds, %u faults injected, every sector right (%u read back), %u sessions lost "
              "to cold restarts; sectors %u..%u: fnv1a %08x\n",
              rounds, faults.injected(), checker.checked(), lost, part.first, part.first + part.count - 1,
              checker.checksum());
    return 0;
}
