// The memdisk server: blocks in the persistent heap, read and written
// through each client's session pages (arc/protocol/memdisk.h). The
// smallest SessionServer: it writes Put and Get and nothing else, and
// survives hot and warm restarts in the middle of either, because what a
// replay needs is persistent already: the session (the framework's table),
// the client's data (the session's pages) and the disk (the persistent
// heap). Both requests may simply be done again: a replay copies the same
// bytes to the same place.
#include "arc/injection.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/protocol/memdisk.h"
#include "arc/session_server.h"
#include "rt/string.h"

namespace {

using arc::Status;
using arc::memdisk::block_size;

// Persistent: the disk, allocated once from the persistent heap.
constinit uint8_t* disk IS_PERSISTENT = nullptr;

class Memdisk final : public arc::SessionServer {
public:
    static constexpr L4_Word_t deadline_ms = 200;

    Memdisk() { SetDeadline(deadline_ms); }

    Status Initialize() override
    {
        constexpr size_t bytes = arc::memdisk::blocks * block_size;
        disk = static_cast<uint8_t*>(arc::persistent::allocate(bytes, block_size));
        if (!disk)
            return Status::no_memory;
        memset(disk, 0, bytes);
        return arc::naming::register_name(arc::memdisk::name);
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override { return disk && arc::persistent::contains(disk) ? Status::ok : Status::io_error; }

private:
    // The blocks [first, first + count) of the disk, and the session's pages
    // they travel through; false if either is out of range.
    static bool blocks_of(arc::SessionControlBlock& s, arc::MessageReader& in, L4_Word_t& first, L4_Word_t& count)
    {
        return in.word(first) && in.word(count) && count > 0 && count <= s.pages &&
               first < arc::memdisk::blocks && count <= arc::memdisk::blocks - first;
    }

    Status Put(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        L4_Word_t first, count;
        if (!blocks_of(s, in, first, count))
            return Status::bad_request;
        for (L4_Word_t i = 0; i < count; ++i) {
            memcpy(disk + (first + i) * block_size, s.base() + i * block_size, block_size);
            arc::injection_point();
        }
        return Status::ok;
    }

    Status Get(arc::SessionControlBlock& s, arc::MessageReader& in, arc::Reply&) override
    {
        L4_Word_t first, count;
        if (!blocks_of(s, in, first, count))
            return Status::bad_request;
        for (L4_Word_t i = 0; i < count; ++i) {
            memcpy(s.base() + i * block_size, disk + (first + i) * block_size, block_size);
            arc::injection_point();
        }
        return Status::ok;
    }
};

} // namespace

int main()
{
    static Memdisk server;
    return server.MainLoop();
}
