// The disk under the file system: ext2's BlockDevice over a session with a
// block-device server (arc/protocol/block.h: the pata driver, memdisk).
// Sectors travel through the session's shared pages, a page run at a time.
#pragma once
#include "arc/session.h"
#include "ext2/block_device.h"

namespace ext2_server {

class SessionDevice final : public ext2::BlockDevice {
public:
    // `session` must be connected; `sectors`: the device's size (Begin).
    SessionDevice(arc::Session& session, uint64_t sectors) : session_(&session), sectors_(sectors) {}

    ext2::Status read(uint64_t sector, uint32_t count, void* out) override;
    ext2::Status write(uint64_t sector, uint32_t count, const void* data) override;
    uint64_t sector_count() const override { return sectors_; }

    // Why the last request failed, as the block server said it.
    arc::Status last_failure() const { return failure_; }

private:
    ext2::Status transfer(bool put, uint64_t sector, uint32_t count);
    ext2::Status move(bool put, uint64_t sector, uint32_t count, uint8_t* bytes);

    arc::Session* session_;
    uint64_t sectors_;
    arc::Status failure_ = arc::Status::ok;
};

} // namespace ext2_server
