// The parallel port driver (004 section 5.1.2): prints the bytes its
// clients send (protocol/parallel.h) on LPT1, one at a time with the strobe
// protocol of listing 5.1 (port.h), from where the request's progress
// stands (write_data.h, listing 5.2). Built twice (variant.h): `parallel`
// keeps the progress in persistent memory and prints every byte exactly
// once across hot and warm restarts; `parallel-naive` does not, and shows
// the duplicates the dissertation describes.
//
// Recover() claims the port again (a warm restart comes without it) and
// settles the strobe a failure may have left asserted; the interrupted
// request is then replayed and goes on from its progress.
#include "port.h"
#include "variant.h"
#include "write_data.h"
#include "arc/injection.h"
#include "arc/naming.h"
#include "arc/protocol/parallel.h"
#include "arc/server.h"
#include "arc/startup.h"
#include "rt/print.h"

namespace {

using arc::Status;
using arc::parallel::max_print;
using parallel::progress;

// A full request takes max_print times both halves of the strobe, each a
// millisecond longer at worst (the timer's tick); twice that is a hang.
constexpr L4_Word_t request_ms = max_print * 2 * (parallel::strobe_hold_ms + 1);
constexpr L4_Word_t deadline_ms = 2 * request_ms;

class Parallel final : public arc::Server<Parallel> {
public:
    Parallel() { SetDeadline(deadline_ms); }

    // The first start, and after a cold restart (the printer may be in the
    // middle of anything: reset it).
    Status Initialize() override
    {
        Status s = port_.claim();
        if (s != Status::ok)
            return s;
        port_.initialize();
        progress = {};
        s = arc::naming::register_name(parallel::service_name);
        if (s == Status::ok)
            rt::print("%s: LPT1 ready, as %s\n", parallel::program_name, parallel::service_name);
        return s;
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override
    {
        // More bytes out than a request holds: a stray write, not ours.
        if (progress.sent > max_print)
            return Status::corrupt;
        Status s = port_.claim();
        if (s == Status::ok)
            port_.settle();
        return s;
    }

private:
    Status print(const arc::Request& in, arc::Reply& out)
    {
        uint8_t data[max_print];
        size_t length;
        if (!in.reader().bytes(data, sizeof data, length) || length == 0)
            return Status::bad_request;
        progress.begin(in.sequence);
        // Faults land at random bytes: an injection point per byte.
        Status s = parallel::write_data(port_, progress, data, length, arc::injection_point);
        out.word(progress.sent);
        return s;
    }

    parallel::Port port_;

public:
    static constexpr arc::Handler<Parallel> handlers[] = {
        {arc::parallel::Op::print, &Parallel::print},
    };
};

} // namespace

int main()
{
    static Parallel server;
    // At the first start, a port that another driver holds (parallel and
    // parallel-naive share LPT1) is said so plainly and the driver ends
    // (Initialize() failing would count as a failure and be restarted).
    if (arc::startup()->temperature == static_cast<L4_Word_t>(arc::recovery::Temperature::fresh)) {
        Status s = parallel::Port().claim();
        if (s != Status::ok) {
            rt::print("%s: LPT1: %s\n", parallel::program_name,
                      s == Status::busy ? "the port is another driver's" : arc::describe(s));
            return 1;
        }
    }
    return server.MainLoop();
}
