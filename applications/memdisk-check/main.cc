// memdisk-check [--part=K/N] ROUNDS [EVERY KINDS SEED]
//
// Writes and reads blocks of the memdisk server through a session of four
// shared pages, ROUNDS times, and checks every block it reads against what
// it wrote (it keeps its own copy of the disk). --part=K/N: only the K-th of
// N equal parts of the disk (several clients at once, each in its own).
// EVERY KINDS SEED: every EVERY requests ART arms a fault in the server, as
// counter-client does (arc/fault_plan.h), somewhere inside the request.
//
// Under hot and warm restarts nothing may show: every block reads back as
// written, and no call fails. After a cold restart the server has lost the
// session and the disk: the call answers Status::restarted; the client
// counts it, connects again and goes on from the empty disk.
//
// Prints one line at the end; exit code 0 if every block was right.
#include "arc/fault_plan.h"
#include "arc/naming.h"
#include "arc/protocol/memdisk.h"
#include "arc/session.h"
#include "l4/l4.h"
#include "rt/number.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::memdisk::block_size;

constexpr L4_Word_t session_pages = 4;

// Our copy of the part of the disk we use: what every read must return.
uint8_t expected[arc::memdisk::blocks * block_size];

struct Part {
    L4_Word_t first = 0, count = arc::memdisk::blocks;
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
    uint32_t k, n;
    if (!rt::parse_number(k_text, k) || !rt::parse_number(n_text, n) || n == 0 || k >= n ||
        n > arc::memdisk::blocks)
        return false;
    part.count = arc::memdisk::blocks / n;
    part.first = k * part.count;
    return true;
}

// The bytes round `round` writes into block `block`: differ from round to
// round and block to block, so a stale, lost or misplaced block shows.
void make_block(uint8_t* out, uint32_t round, L4_Word_t block)
{
    uint32_t x = round * 2654435761u ^ (block + 1) * 40503u;
    for (L4_Word_t i = 0; i < block_size; i += 4) {
        x = x * 1103515245u + 12345u;
        memcpy(out + i, &x, 4);
    }
}

class Checker {
public:
    Checker(const Part& part, arc::FaultPlan& faults) : part_(part), faults_(faults) {}

    Status connect()
    {
        L4_ThreadId_t server;
        Status s = arc::naming::wait_for(arc::memdisk::name, server, 5000);
        if (s == Status::ok)
            s = disk_.Connect(server, session_pages);
        return s;
    }

    // Reads our whole part: what the disk holds becomes what we expect
    // (`check` false), or is compared with it.
    Status read_part(bool check)
    {
        L4_Word_t end = part_.first + part_.count;
        for (L4_Word_t b = part_.first; b < end; b += session_pages) {
            L4_Word_t n = end - b < session_pages ? end - b : session_pages;
            L4_Word_t words[] = {b, n};
            Status s = disk_.Get(words, 2);
            if (s == Status::ok && check)
                s = compare(0, b, n, disk_.Base());
            else if (s == Status::ok)
                memcpy(expected + b * block_size, disk_.Base(), n * block_size);
            if (s != Status::ok)
                return s;
        }
        return Status::ok;
    }

    // One round: a write of 1..4 blocks, or a read checked against ours.
    Status round(uint32_t i)
    {
        L4_Word_t count = 1 + faults_.random() % session_pages;
        L4_Word_t first = part_.first + faults_.random() % part_.count;
        if (count > part_.first + part_.count - first)
            count = part_.first + part_.count - first;
        bool write = faults_.random() % 3 != 0;
        faults_.before(i, 1 + count);             // MainLoop's point, then one per block
        L4_Word_t words[] = {first, count};
        if (write) {
            for (L4_Word_t k = 0; k < count; ++k)
                make_block(disk_.Base() + k * block_size, i, first + k);
            Status s = disk_.Put(words, 2);
            if (s == Status::ok)
                memcpy(expected + first * block_size, disk_.Base(), count * block_size);
            return s;
        }
        Status s = disk_.Get(words, 2);
        if (s == Status::ok)
            s = compare(i, first, count, disk_.Base());
        return s;
    }

    Status compare(uint32_t i, L4_Word_t first, L4_Word_t count, const uint8_t* got)
    {
        for (L4_Word_t k = 0; k < count; ++k)
            if (memcmp(got + k * block_size, expected + (first + k) * block_size, block_size) != 0) {
                rt::print("memdisk-check: round %u: block %u is not what was written\n", i, first + k);
                return Status::io_error;
            }
        checked_ += count;
        return Status::ok;
    }

    uint32_t checked() const { return checked_; }
    void close() { disk_.Close(); }

private:
    Part part_;
    arc::FaultPlan& faults_;
    arc::Session disk_;
    uint32_t checked_ = 0;
};

int usage()
{
    rt::print("usage: memdisk-check [--part=K/N] ROUNDS [EVERY KINDS SEED]\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    Part part;
    constexpr char part_option[] = "--part=";
    if (argc > 1 && strncmp(argv[1], part_option, sizeof(part_option) - 1) == 0) {
        if (!parse_part(argv[1] + sizeof(part_option) - 1, part))
            return usage();
        --argc;
        ++argv;
    }
    uint32_t rounds;
    arc::FaultPlan faults;
    if ((argc != 2 && argc != 5) || !rt::parse_number(argv[1], rounds))
        return usage();
    if (argc == 5 && !faults.parse(argv[2], argv[3], argv[4]))
        return usage();

    Checker checker(part, faults);
    uint32_t lost = 0;
    Status s = checker.connect();
    if (s == Status::ok && faults.active())
        s = faults.aim_at(arc::memdisk::name);
    if (s == Status::ok)
        s = checker.read_part(false);
    for (uint32_t i = 1; i <= rounds && s == Status::ok; ++i) {
        s = checker.round(i);
        L4_Yield();                       // clients started together take turns
        if (s == Status::restarted) {
            // The server started over from nothing: so do we.
            ++lost;
            rt::print("memdisk-check: round %u: %s: connecting again\n", i, arc::describe(s));
            s = checker.connect();
            if (s == Status::ok)
                s = checker.read_part(false);
        }
    }
    if (s == Status::ok)
        s = checker.read_part(true);
    if (s != Status::ok) {
        rt::print("memdisk-check: %s\n", arc::describe(s));
        return 1;
    }
    checker.close();
    rt::print("memdisk-check: %u rounds, %u faults injected, every block right (%u read back), %u sessions "
              "lost to cold restarts\n",
              rounds, faults.injected(), checker.checked(), lost);
    return 0;
}
