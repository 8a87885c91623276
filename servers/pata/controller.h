// One disk on a PATA channel, driven by PIO with interrupts: the only code
// of the driver that touches the hardware. Every wait is bounded: a drive
// that stops answering makes a request fail with Status::io_error (or, if it
// hangs the driver, the server's deadline restarts it), never a hang of the
// caller for good.
#pragma once
#include <stdint.h>
#include "ata.h"
#include "identify.h"
#include "arc/status.h"
#include "l4/types.h"

namespace pata {

class Controller {
public:
    explicit Controller(unsigned disk);

    // The channel's ports and interrupt from the P3, as the policy grants
    // them: again after every restart (a warm one starts without them).
    // Status::busy: another process drives the channel.
    arc::Status claim();
    // Resets the channel (a restart may have cut a command off in the
    // middle), turns interrupts on, acknowledges any that waits and selects
    // our drive once the reset is over. Status::no_device if it never answers.
    arc::Status reset();
    // IDENTIFY DEVICE: Status::no_device if no ATA disk answers.
    arc::Status identify(DriveInfo& info);

    // `count` sectors (1 .. 256) from or to `lba`; `lba48`: the drive's
    // 48-bit commands (needed past 2^28 sectors).
    arc::Status read(uint64_t lba, uint32_t count, bool lba48, void* to);
    arc::Status write(uint64_t lba, uint32_t count, bool lba48, const void* from);
    // The drive's write cache to the medium. That waits for the medium (in
    // QEMU, for the host's fsync), which may take seconds on a busy host:
    // it waits up to flush_timeout_us.
    arc::Status flush(bool lba48);
    static constexpr L4_Word_t flush_timeout_us = 20000000;

private:
    uint8_t in(uint16_t r) const;
    void out(uint16_t r, uint8_t v) const;
    uint8_t alternate_status() const;
    void settle() const;
    bool wait_not_busy() const;
    bool select_present() const;
    bool wait_data_request() const;
    arc::Status wait_interrupt(L4_Word_t timeout_us);
    void acknowledge_pending();
    void select(uint64_t lba, uint32_t count, bool lba48);
    // Checks the count, selects the sectors and issues a transfer command.
    arc::Status start(uint64_t lba, uint32_t count, bool lba48, uint8_t command);

    const ChannelPorts& ports_;
    bool slave_;
    L4_ThreadId_t line_;
};

} // namespace pata
