// 004 listing 5.2, the recovery-friendly writeData: the bytes of one
// request go out one at a time with the strobe protocol, from where
// `progress` says this request stands. Freestanding and written against any
// Port (port.h on the target; a model of QEMU's port in
// tests/unit/parallel), so the host can fail it at every byte.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/status.h"
#include "progress.h"

namespace parallel {

// A Port has: bool wait_ready(); void strobe(uint8_t byte) (the byte on
// the data lines, then the strobe asserted: the printer takes it);
// void settle() (the strobe held, released, and the line quiet again).
// `pause` is the server's injection point, passed once per byte.
template <typename Port>
arc::Status write_data(Port& port, Progress& progress, const uint8_t* data, size_t length, void (*pause)())
{
    while (progress.sent < length) {
        if (!port.wait_ready())
            return arc::Status::io_error;
        port.strobe(data[progress.sent]);
        // Right after the strobe: from here the printer has this byte, so a
        // replay must not send it again (listing 5.1 counted at the end of
        // the loop, and a failure in between printed it twice).
        ++progress.sent;
        // A failure here leaves the strobe asserted: Recover() settles it,
        // or the next byte's strobe would be no edge and the printer would
        // miss it.
        pause();
        port.settle();
    }
    return arc::Status::ok;
}

} // namespace parallel
