#include "session_device.h"
#include "arc/injection.h"
#include "arc/protocol/block.h"
#include "rt/string.h"

namespace ext2_server {

using arc::block::sector_size;

ext2::Status SessionDevice::transfer(bool put, uint64_t sector, uint32_t count)
{
    L4_Word_t words[arc::block::words];
    words[arc::block::first_low] = static_cast<L4_Word_t>(sector);
    words[arc::block::first_high] = static_cast<L4_Word_t>(sector >> 32);
    words[arc::block::count] = count;
    // The recovery tests fail the server here: in the middle of an operation.
    arc::injection_point();
    arc::Status s = put ? session_->Put(words, arc::block::words) : session_->Get(words, arc::block::words);
    if (s != arc::Status::ok) {
        failure_ = s;
        return ext2::fail(ext2::Error::io_error, static_cast<uint32_t>(sector));
    }
    return ext2::success();
}

// Moves `count` sectors between `bytes` and the device, as many per
// request as the session's pages hold.
ext2::Status SessionDevice::move(bool put, uint64_t sector, uint32_t count, uint8_t* bytes)
{
    if (!ext2::sectors_inside(sector, count, sectors_))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    const uint32_t run = static_cast<uint32_t>(session_->Size() / sector_size);
    for (uint32_t done = 0; done < count;) {
        uint32_t n = count - done < run ? count - done : run;
        uint8_t* here = bytes + done * sector_size;
        if (put)
            memcpy(session_->Base(), here, n * sector_size);
        ext2::Status s = transfer(put, sector + done, n);
        if (!s.ok())
            return s;
        if (!put)
            memcpy(here, session_->Base(), n * sector_size);
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
