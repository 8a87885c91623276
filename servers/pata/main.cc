// The PATA disk driver (004 section 5.1.5): one process per disk, a
// SessionServer speaking the block-device protocol (arc/protocol/block.h).
//
//   pata DISK     DISK: 0 primary master, 1 primary slave,
//                       2 secondary master, 3 secondary slave
//
// It registers "pata" for disk 0 and "pataN" for disk N. What a restart
// needs is persistent: which disk, what IDENTIFY said, and (the framework's)
// the sessions and the request in flight. Recover() claims the channel again
// (a warm restart comes without ports and interrupt), resets it (a restart
// may have cut a command off between two sectors) and the interrupted Get
// or Put is replayed whole: reading or writing the same sectors again is
// harmless.
#include "controller.h"
#include "arc/block_request.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/session_server.h"
#include "arc/startup.h"
#include "rt/number.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::block::sector_size;

const char* const disk_names[pata::max_disks] = {"primary master", "primary slave", "secondary master",
                                                 "secondary slave"};

// Persistent: the disk this process drives and what it is.
struct Disk {
    L4_Word_t number;
    pata::DriveInfo info;
    bool identified;
};
constinit Disk disk IS_PERSISTENT = {};

void name_of(unsigned number, char (&name)[8])
{
    if (number == 0)
        strlcpy(name, "pata", sizeof(name));
    else
        rt::snprintf(name, sizeof(name), "pata%u", number);
}

class Pata final : public arc::SessionServer {
public:
    // Longer than a command may take: the controller's own waits give up first.
    static constexpr L4_Word_t deadline_ms = 1000;
    // A flush may take the controller's whole wait for it, and a little more.
    static constexpr L4_Word_t flush_deadline_ms = pata::Controller::flush_timeout_us / 1000 + deadline_ms;

    explicit Pata(unsigned number) : number_(number), controller_(number) { SetDeadline(deadline_ms); }

    // The first start, and after a cold restart.
    Status Initialize() override
    {
        Status s = identify();
        if (s != Status::ok)
            return s;
        char name[8];
        name_of(disk.number, name);
        return arc::naming::register_name(name);
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override
    {
        if (!disk.identified)
            return Status::no_device;
        Status s = controller_.claim();
        return s == Status::ok ? controller_.reset() : s;
    }

    // Claims the channel and identifies the disk, unless that is done
    // already (main() does it at the first start; a cold restart forgets it).
    Status identify()
    {
        if (disk.identified)
            return Status::ok;
        Status s = controller_.claim();
        if (s == Status::ok)
            s = controller_.reset();
        if (s == Status::ok)
            s = controller_.identify(disk.info);
        disk.number = number_;
        disk.identified = s == Status::ok;
        return s;
    }

private:
    Status Begin(arc::SessionControlBlock&, arc::MessageReader&, arc::Reply& out) override
    {
        out.word(static_cast<L4_Word_t>(disk.info.sectors)).word(static_cast<L4_Word_t>(disk.info.sectors >> 32));
        return Status::ok;
    }

    Status Get(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        arc::block::Range r;
        Status st = arc::block::read_range(in, s.size(), disk.info.sectors, r);
        if (st != Status::ok)
            return st;
        return with_retry([&] { return controller_.read(r.first, r.count, needs_lba48(r), s.base()); });
    }

    Status Put(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        arc::block::Range r;
        Status st = arc::block::read_range(in, s.size(), disk.info.sectors, r);
        if (st != Status::ok)
            return st;
        return with_retry([&] { return controller_.write(r.first, r.count, needs_lba48(r), s.base()); });
    }

    Status End(arc::SessionControlBlock&, arc::MessageReader&, arc::Reply&) override
    {
        ExtendDeadline(flush_deadline_ms);
        return controller_.flush(disk.info.lba48);
    }

    // A transfer the drive failed, or whose interrupt never came (one can
    // be lost around a restart, while the line was not attached), is tried
    // once more after a reset of the channel: both are idempotent.
    template <typename Transfer>
    Status with_retry(Transfer transfer)
    {
        Status s = transfer();
        if (s == Status::io_error && controller_.reset() == Status::ok)
            s = transfer();
        return s;
    }

    // 28-bit commands reach 2^28 sectors; past that only 48-bit ones do.
    static bool needs_lba48(const arc::block::Range& r)
    {
        return disk.info.lba48 && r.first + r.count > pata::lba28_limit;
    }

    unsigned number_;
    pata::Controller controller_;
};

} // namespace

int main(int argc, char** argv)
{
    uint32_t number;
    if (argc != 2 || !rt::parse_number(argv[1], number) || number >= pata::max_disks) {
        rt::print("usage: pata DISK   (0 primary master, 1 primary slave, 2 secondary master, 3 secondary slave)\n");
        return 2;
    }
    static Pata server(number);
    // At the first start, a disk that is not there is said so plainly, and
    // the driver ends (Initialize() failing would count as a failure and be
    // restarted).
    if (arc::startup()->temperature == static_cast<L4_Word_t>(arc::recovery::Temperature::fresh)) {
        Status s = server.identify();
        const pata::DriveInfo& info = disk.info;
        if (s != Status::ok) {
            rt::print("pata: disk %u (%s): %s\n", number, disk_names[number],
                      s == Status::busy ? "its channel is another driver's" : arc::describe(s));
            return 1;
        }
        rt::print("pata: disk %u (%s): %s, %u MiB%s\n", number, disk_names[number], info.model,
                  static_cast<unsigned>(info.sectors / 2048), info.lba48 ? ", 48-bit" : "");
    }
    return server.MainLoop();
}
