// The disk under the file system: ext2's BlockDevice over a session with a
// block-device server (arc/protocol/block.h: the pata driver, memdisk).
// Sectors travel through the session's shared pages, a page run at a time.
// If the block server restarted cold (it lost the session, but not what it
// had written: the disk has it), the device connects again and repeats the
// request: ext2 does not notice.
#pragma once
#include "arc/session.h"
#include "ext2/block_device.h"

namespace ext2_server {

class SessionDevice final : public ext2::BlockDevice {
public:
    // `session` must be connected, to the server registered as `name` (which
    // must outlive this), with `pages` pages; `sectors`: the device's size.
    SessionDevice(arc::Session& session, const char* name, L4_Word_t pages, uint64_t sectors)
        : session_(&session), name_(name), pages_(pages), sectors_(sectors) {}

    ext2::Status read(uint64_t sector, uint32_t count, void* out) override;
    ext2::Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return sectors_; }

    // Why the last request failed, as the block server said it.
    arc::Status last_failure() const { return failure_; }

private:
    arc::Status request(bool put, uint64_t sector, uint32_t count, uint8_t* bytes);
    arc::Status transfer(bool put, uint64_t sector, uint32_t count, uint8_t* bytes);
    ext2::Status move(bool put, uint64_t sector, uint32_t count, uint8_t* bytes);

    arc::Session* session_;
    const char* name_;
    L4_Word_t pages_;
    uint64_t sectors_;
    arc::Status failure_ = arc::Status::ok;
};

} // namespace ext2_server
