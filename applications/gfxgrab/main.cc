// gfxgrab TRIES [--every-ms=MS] [EVERY KINDS SEED]
// gfxgrab --malformed
//
// The other program of 004 section 5.1.3's test: it keeps asking the
// display driver for the screen while another program holds it, and must
// be refused (Status::busy) every time, also when the driver fails inside
// those very requests (every EVERY tries ART arms a fault at a random
// point of the request, arc/fault_plan.h) and restarts without its state
// in anything but persistent memory. MS milliseconds between tries
// (default 10). Exit code 0 if every try was refused.
//
// --malformed instead sends requests the driver must refuse, each with its
// error code (malformed.h).
#include "malformed.h"
#include "arc/display.h"
#include "arc/fault_plan.h"
#include "arc/naming.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"
#include "rt/string.h"
#include "l4/l4.h"

namespace {

using arc::Status;

constexpr L4_Word_t server_wait_ms = 5000;
constexpr uint32_t default_every_ms = 10;
// Injection points a refused acquire passes: MainLoop's, and two in the
// handler (before and after it finds the holder alive).
constexpr uint32_t acquire_points = 3;

int usage()
{
    rt::print("usage: gfxgrab TRIES [--every-ms=MS] [EVERY KINDS SEED] | gfxgrab --malformed\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    bool malformed = argc == 2 && strcmp(argv[1], "--malformed") == 0;
    uint32_t tries = 0, every_ms = default_every_ms;
    if (argc < 2 || (!malformed && (!rt::parse_number(argv[1], tries) || tries == 0)))
        return usage();
    --argc;
    ++argv;                                  // options follow TRIES
    if (const char* ms = rt::take_option(argc, argv, "--every-ms=")) {
        if (!rt::parse_number(ms, every_ms))
            return usage();
    }
    arc::FaultPlan faults;
    if ((argc != 1 && argc != 4) || (argc == 4 && !faults.parse(argv[1], argv[2], argv[3])))
        return usage();

    L4_ThreadId_t server;
    Status s = arc::naming::wait_for(arc::display::name, server, server_wait_ms);
    if (s == Status::ok && faults.active())
        s = faults.aim_at(server);
    if (s != Status::ok) {
        rt::print("gfxgrab: %s: %s\n", arc::display::name, arc::describe(s));
        return 1;
    }
    if (malformed)
        return gfxgrab::check_malformed(server);
    uint32_t refused = 0;
    for (uint32_t i = 1; i <= tries; ++i) {
        faults.before(i, acquire_points);
        arc::display::Screen screen;
        s = screen.Acquire(server);
        if (s == Status::ok) {
            rt::print("gfxgrab: try %u: got the screen while another program holds it\n", i);
            screen.Release();
            return 1;
        }
        if (s != Status::busy) {
            rt::print("gfxgrab: try %u: %s (not busy)\n", i, arc::describe(s));
            return 1;
        }
        ++refused;
        L4_Sleep(L4_TimePeriod(uint64_t(every_ms) * 1000));
    }
    rt::print("gfxgrab: refused %u times of %u (busy), %u faults injected\n", refused, tries, faults.injected());
    return 0;
}
