// The memdisk server: sectors in the persistent heap, read and written
// through each client's session pages (the block-device protocol,
// arc/protocol/block.h; arc/protocol/memdisk.h). The
// smallest SessionServer: it writes Begin, Put and Get and nothing else, and
// survives hot and warm restarts in the middle of either, because what a
// replay needs is persistent already: the session (the framework's table),
// the client's data (the session's pages) and the disk (the persistent
// heap). Both requests may simply be done again: a replay copies the same
// bytes to the same place.
#include "arc/block_request.h"
#include "arc/injection.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/protocol/memdisk.h"
#include "arc/session_server.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::block::sector_size;

constexpr size_t disk_bytes = arc::memdisk::sectors * sector_size;
// An injection point after every this many bytes copied: faults strike in
// the middle of a request.
constexpr size_t step = 4096;

// Persistent: the disk, allocated once from the persistent heap.
constinit uint8_t* disk IS_PERSISTENT = nullptr;

class Memdisk final : public arc::SessionServer {
public:
    static constexpr L4_Word_t deadline_ms = 200;

    Memdisk() { SetDeadline(deadline_ms); }

    Status Initialize() override
    {
        disk = static_cast<uint8_t*>(arc::persistent::allocate(disk_bytes, step));
        if (!disk)
            return Status::no_memory;
        memset(disk, 0, disk_bytes);
        return arc::naming::register_name(arc::memdisk::name);
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override { return disk && arc::persistent::contains(disk) ? Status::ok : Status::io_error; }

private:
    // Copies `bytes` in steps, passing an injection point after each.
    static void copy(uint8_t* to, const uint8_t* from, size_t bytes)
    {
        for (size_t done = 0; done < bytes; done += step) {
            memcpy(to + done, from + done, bytes - done < step ? bytes - done : step);
            arc::injection_point();
        }
    }

    Status Begin(arc::SessionControlBlock&, arc::MessageReader&, arc::Reply& out) override
    {
        out.word(arc::memdisk::sectors).word(0);
        return Status::ok;
    }

    Status Put(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        arc::block::Range r;
        Status st = arc::block::read_range(in, s.size(), arc::memdisk::sectors, r);
        if (st == Status::ok)
            copy(disk + r.first * sector_size, s.base(), r.count * sector_size);
        return st;
    }

    Status Get(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        arc::block::Range r;
        Status st = arc::block::read_range(in, s.size(), arc::memdisk::sectors, r);
        if (st == Status::ok)
            copy(s.base(), disk + r.first * sector_size, r.count * sector_size);
        return st;
    }
};

} // namespace

int main()
{
    static Memdisk server;
    return server.MainLoop();
}
