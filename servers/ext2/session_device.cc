#include "session_device.h"
#include "arc/injection.h"
#include "arc/layout.h"
#include "arc/protocol/block.h"
#include "rt/string.h"

namespace ext2_server {

using arc::block::sector_size;

// One Get or Put of `count` sectors (at most the pages' worth) to or from `bytes`.
arc::Status SessionDevice::request(bool put, uint64_t sector, uint32_t count, uint8_t* bytes)
{
    L4_Word_t words[arc::block::words];
    words[arc::block::first_low] = static_cast<L4_Word_t>(sector);
    words[arc::block::first_high] = static_cast<L4_Word_t>(sector >> 32);
    words[arc::block::count] = count;
    if (put)
        memcpy(session_->Base(), bytes, count * sector_size);
    // The recovery tests fail the server here: in the middle of an operation.
    arc::injection_point();
    arc::Status s = put ? session_->Put(words, arc::block::words) : session_->Get(words, arc::block::words);
    if (s == arc::Status::ok && !put)
        memcpy(bytes, session_->Base(), count * sector_size);
    return s;
}

// A request the block server lost to a cold restart is asked again, once,
// on a new session (its pages are new: request() fills them again).
arc::Status SessionDevice::transfer(bool put, uint64_t sector, uint32_t count, uint8_t* bytes)
{
    arc::Status s = request(put, sector, count, bytes);
    if (s == arc::Status::restarted && session_->Connect(name_, pages_) == arc::Status::ok)
        s = request(put, sector, count, bytes);
    return s;
}

// Moves `count` sectors between `bytes` and the device, as many per
// request as the session's pages hold.
ext2::Status SessionDevice::move(bool put, uint64_t sector, uint32_t count, uint8_t* bytes)
{
    if (!ext2::sectors_inside(sector, count, sectors_))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    const uint32_t run = static_cast<uint32_t>(pages_ * arc::layout::page_size / sector_size);
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < run ? count - done : run;
        arc::Status s = transfer(put, sector + done, n, bytes + done * sector_size);
        if (s != arc::Status::ok) {
            failure_ = s;
            return ext2::fail(ext2::Error::io_error, static_cast<uint32_t>(sector + done));
        }
        done += n;
    }
    return ext2::success();
}

ext2::Status SessionDevice::read(uint64_t sector, uint32_t count, void* out)
{
    return move(false, sector, count, static_cast<uint8_t*>(out));
}

ext2::Status SessionDevice::write(uint64_t sector, uint32_t count, const void* data)
{
    // move() only reads from `bytes` when putting.
    return move(true, sector, count, const_cast<uint8_t*>(static_cast<const uint8_t*>(data)));
}

} // namespace ext2_server
