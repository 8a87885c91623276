// lprcheck [--server=NAME] FS:/file ROUNDS [EVERY KINDS SEED]
//
// Prints a file ROUNDS times on the parallel port through its driver (NAME,
// by default "lpt"), in requests of random length (1 .. max_print bytes),
// while every EVERY requests ART arms a fault in the driver at a random one
// of the injection points the request passes (arc/fault_plan.h): MainLoop's
// and one per byte, so the driver fails at random byte positions.
//
// The guest cannot see what came out of the port: the test judges the bytes
// QEMU captured (tests/system/parallel/parallel_test.py). Here every request
// must be answered ok with all its bytes out; exit code 0 if they were.
#include "arc/fault_plan.h"
#include "arc/fs_client.h"
#include "arc/naming.h"
#include "arc/parallel.h"
#include "arc/protocol/parallel.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"

namespace {

using arc::Status;
using arc::parallel::max_print;

constexpr size_t max_file = 16384;
constexpr L4_Word_t server_wait_ms = 5000;
// Injection points a request of `length` bytes passes: MainLoop's, then one per byte.
constexpr uint32_t points(size_t length) { return 1 + static_cast<uint32_t>(length); }

uint8_t text[max_file];

// The whole file into `text`.
Status read_file(const char* spec, size_t& size)
{
    arc::fs::Client fs;
    const char* path;
    Status s = fs.Attach(spec, path);
    L4_Word_t handle = 0;
    if (s == Status::ok)
        s = fs.Open(path, handle);
    if (s == Status::ok) {
        s = fs.Read(handle, 0, text, sizeof text, size);
        fs.Close(handle);
        if (s == Status::ok && size == sizeof text)
            s = Status::too_long;            // (or exactly as long: refused alike)
    }
    fs.Detach();
    return s;
}

class Printer {
public:
    Printer(L4_ThreadId_t server, arc::FaultPlan& faults) : server_(server), faults_(faults) {}

    // The file once, in pieces of random length.
    Status round(size_t size)
    {
        for (size_t at = 0; at < size;) {
            size_t piece = 1 + faults_.random() % max_print;
            if (piece > size - at)
                piece = size - at;
            faults_.before(++requests_, points(piece));
            size_t printed;
            Status s = arc::parallel::print(server_, text + at, piece, printed);
            if (s == Status::ok && printed != piece)
                s = Status::io_error;
            if (s != Status::ok) {
                rt::print("lprcheck: request %u (%u bytes at %u): %s, %u printed\n", requests_,
                          static_cast<unsigned>(piece), static_cast<unsigned>(at), arc::describe(s),
                          static_cast<unsigned>(printed));
                return s;
            }
            at += piece;
            sent_ += piece;
        }
        return Status::ok;
    }

    uint32_t requests() const { return requests_; }
    size_t sent() const { return sent_; }

private:
    L4_ThreadId_t server_;
    arc::FaultPlan& faults_;
    uint32_t requests_ = 0;
    size_t sent_ = 0;
};

int usage()
{
    rt::print("usage: lprcheck [--server=NAME] FS:/file ROUNDS [EVERY KINDS SEED]\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const char* server_name = arc::parallel::name;
    if (const char* name = rt::take_option(argc, argv, "--server="))
        server_name = name;
    uint32_t rounds;
    arc::FaultPlan faults;
    if ((argc != 3 && argc != 6) || !rt::parse_number(argv[2], rounds))
        return usage();
    if (argc == 6 && !faults.parse(argv[3], argv[4], argv[5]))
        return usage();
    const char* file = argv[1];

    size_t size = 0;
    Status s = read_file(file, size);
    if (s != Status::ok) {
        rt::print("lprcheck: %s: %s\n", file, arc::describe(s));
        return 1;
    }
    L4_ThreadId_t server;
    s = arc::naming::wait_for(server_name, server, server_wait_ms);
    if (s == Status::ok && faults.active())
        s = faults.aim_at(server);
    if (s != Status::ok) {
        rt::print("lprcheck: %s: %s\n", server_name, arc::describe(s));
        return 1;
    }
    Printer printer(server, faults);
    for (uint32_t i = 0; i < rounds && s == Status::ok; ++i)
        s = printer.round(size);
    if (s != Status::ok)
        return 1;
    rt::print("lprcheck: %s %u times (%u bytes each): %u bytes in %u requests, %u faults injected\n", file,
              rounds, static_cast<unsigned>(size), static_cast<unsigned>(printer.sent()), printer.requests(),
              faults.injected());
    return 0;
}
