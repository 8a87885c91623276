// audiocheck [NAME]: sends the Sound Blaster driver NAME (default "audio",
// the direct one) requests it must refuse: unknown, malformed, formats the
// card cannot play, a client's forged interrupt, requests of a non-owner,
// requests out of order, a second open; and asks ART, through its own P3,
// for ISA DMA it was not granted (audiocheck has no policy line). Each
// answer must be the status protocol/audio.h or protocol/art.h promises;
// the driver must answer well-formed requests afterwards. Prints one line
// per check that went wrong and a verdict; exit code 0 if all held.
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/protocol/art.h"
#include "arc/protocol/audio.h"
#include "arc/session.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/print.h"

namespace {

using arc::Status;
using arc::audio::Op;

class Checks {
public:
    explicit Checks(L4_ThreadId_t driver) : driver_(driver) {}

    // The driver's answer to `label` with `count` words.
    Status ask(L4_Word_t label, const L4_Word_t* words = nullptr, unsigned count = 0)
    {
        arc::MessageWriter w(label);
        for (unsigned i = 0; i < count; ++i)
            w.word(words[i]);
        return arc::call(driver_, w);
    }
    Status ask(Op op, const L4_Word_t* words = nullptr, unsigned count = 0)
    {
        return ask(static_cast<L4_Word_t>(op), words, count);
    }

    void expect(const char* what, Status got, Status wanted)
    {
        ++count_;
        if (got == wanted)
            return;
        ++failed_;
        rt::print("audiocheck: %s: %s, expected %s\n", what, arc::describe(got), arc::describe(wanted));
    }

    unsigned count() const { return count_; }
    unsigned failed() const { return failed_; }

private:
    L4_ThreadId_t driver_;
    unsigned count_ = 0;
    unsigned failed_ = 0;
};

} // namespace

int main(int argc, char** argv)
{
    const char* name = argc > 1 ? argv[1] : arc::audio::name;
    L4_ThreadId_t driver;
    if (arc::naming::lookup(name, driver) != Status::ok) {
        rt::print("audiocheck: no driver called '%s'\n", name);
        return 1;
    }
    Checks c(driver);
    const L4_Word_t pid = arc::startup()->pid;
    const L4_Word_t good[] = {22050, 16, 2, pid};
    const L4_Word_t too_fast[] = {48000, 16, 2, pid};
    const L4_Word_t too_wide[] = {22050, 24, 2, pid};
    const L4_Word_t too_many[] = {22050, 16, 3, pid};
    const L4_Word_t loud[] = {40, 40};
    const L4_Word_t quiet[] = {10, 10};

    // Nobody owns the card.
    c.expect("an unknown label", c.ask(0x18ff), Status::bad_request);
    c.expect("open without words", c.ask(Op::open), Status::bad_request);
    c.expect("open with three words", c.ask(Op::open, good, 3), Status::bad_request);
    c.expect("open at 48000 Hz", c.ask(Op::open, too_fast, 4), Status::out_of_range);
    c.expect("open with 24-bit samples", c.ask(Op::open, too_wide, 4), Status::bad_request);
    c.expect("open with 3 channels", c.ask(Op::open, too_many, 4), Status::bad_request);
    c.expect("a forged interrupt", c.ask(kapi::label::interrupt), Status::bad_request);
    c.expect("start by a non-owner", c.ask(Op::start), Status::not_permitted);
    c.expect("pause by a non-owner", c.ask(Op::pause), Status::not_permitted);
    c.expect("position by a non-owner", c.ask(Op::position), Status::not_permitted);
    c.expect("close by a non-owner", c.ask(Op::close), Status::not_permitted);
    c.expect("volume out of range", c.ask(Op::volume, loud, 2), Status::bad_request);
    c.expect("volume by a non-owner", c.ask(Op::volume, quiet, 2), Status::not_permitted);
    c.expect("volume with one word", c.ask(Op::volume, quiet, 1), Status::bad_request);

    // Ours now: out of order, twice, then in order.
    c.expect("open", c.ask(Op::open, good, 4), Status::ok);
    c.expect("a second open", c.ask(Op::open, good, 4), Status::busy);
    c.expect("pause before start", c.ask(Op::pause), Status::bad_request);
    c.expect("resume before start", c.ask(Op::resume), Status::bad_request);
    c.expect("volume", c.ask(Op::volume, quiet, 2), Status::ok);
    c.expect("volume without words", c.ask(Op::volume), Status::bad_request);
    c.expect("position", c.ask(Op::position), Status::ok);
    c.expect("close", c.ask(Op::close), Status::ok);
    c.expect("close again", c.ask(Op::close), Status::not_permitted);
    const L4_Word_t full[] = {arc::audio::max_volume, arc::audio::max_volume};
    c.expect("open again", c.ask(Op::open, good, 4), Status::ok);
    c.expect("volume back to full", c.ask(Op::volume, full, 2), Status::ok);
    c.expect("close at last", c.ask(Op::close), Status::ok);

    // A session: only the double-buffered driver takes one.
    arc::Session session;
    Status s = session.Connect(driver, 1);
    bool buffered = s == Status::ok;
    if (buffered) {
        L4_Word_t block[] = {0};
        c.expect("a Put without owning the card", session.Put(block, 1), Status::not_permitted);
        session.Close();
    } else {
        c.expect("a session with the direct driver", s, Status::not_permitted);
    }

    // ISA DMA without a policy line.
    L4_Word_t address = 0, physical = 0;
    c.expect("a DMA buffer of 0 bytes", arc::pager::dma_buffer(0, address, physical), Status::bad_request);
    c.expect("a DMA buffer of 5000 bytes", arc::pager::dma_buffer(5000, address, physical), Status::bad_request);
    c.expect("a DMA buffer of 128 KiB", arc::pager::dma_buffer(128 * 1024, address, physical), Status::bad_request);
    c.expect("a DMA buffer without a dma line", arc::pager::dma_buffer(4096, address, physical),
             Status::not_permitted);
    c.expect("DMA channel 1 without a dma line", arc::pager::start_dma(1, 0x1000, 4096, 0), Status::not_permitted);
    c.expect("stopping DMA channel 5 without a dma line", arc::pager::stop_dma(5), Status::not_permitted);

    if (c.failed()) {
        rt::print("audiocheck: FAIL: %u of %u checks\n", c.failed(), c.count());
        return 1;
    }
    rt::print("audiocheck: %u checks of %s%s: every one answered as promised\n", c.count(), name,
              buffered ? " (buffered)" : "");
    return 0;
}
