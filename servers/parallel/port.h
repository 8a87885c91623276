// LPT1, the PC's first parallel port, in standard mode (SPP: output only):
// the only code of the driver that touches the hardware. Polled: the
// driver waits for the printer's BUSY line, with a bound. It attaches the
// port's interrupt all the same, and leaves it off at the port: ART gives
// an interrupt line to one process at a time (I/O ports it does not), so
// holding IRQ 7 makes LPT1 one driver's alone, and parallel and
// parallel-naive cannot print into each other's bytes.
#pragma once
#include <stdint.h>
#include "arc/status.h"
#include "l4/types.h"

namespace parallel {

namespace lpt1 {
constexpr uint16_t base = 0x378;
constexpr uint16_t port_count = 3;      // data, status, control
constexpr L4_Word_t irq = 7;
} // namespace lpt1

// Offsets from the base.
namespace reg {
constexpr uint16_t data = 0;            // the byte on the eight data lines
constexpr uint16_t status = 1;          // lines from the printer
constexpr uint16_t control = 2;         // lines to the printer
} // namespace reg

namespace status {
constexpr uint8_t not_busy = 0x80;      // the BUSY line, inverted by the port
} // namespace status

// The port inverts STROBE and SELECT IN (both active low on the cable), so
// a set bit asserts them; INIT is active low and not inverted, so a clear
// bit resets the printer.
namespace control {
constexpr uint8_t strobe = 0x01;
constexpr uint8_t not_init = 0x04;
constexpr uint8_t select = 0x08;
constexpr uint8_t idle = not_init | select;     // selected, strobe released
} // namespace control

// 004 listing 5.1's SEND_DELAY: the strobe stays asserted this long, and
// then released as long, for every byte (a printer needs far less; the
// dissertation's driver waited this long, and so do we).
constexpr L4_Word_t strobe_hold_ms = 5;
// A printer that stays busy longer fails the request (Status::io_error).
constexpr L4_Word_t ready_timeout_ms = 1000;
// Status reads before waiting a millisecond between reads (QEMU's port is
// ready by the third read after a strobe).
constexpr unsigned quick_polls = 16;
// INIT asserted this long resets the printer (IEEE 1284 asks 50 us).
constexpr L4_Word_t init_pulse_ms = 1;

class Port {
public:
    // The ports and the interrupt from the P3, as the policy grants them:
    // again after every restart (a warm one starts without them).
    // Status::busy: another driver has the port.
    arc::Status claim();
    // Resets the printer (INIT pulse) and leaves the port idle and selected.
    void initialize();
    // True once the printer is not busy, false after ready_timeout_ms.
    bool wait_ready();
    // The byte on the data lines, then the strobe asserted: the printer
    // takes the byte (QEMU writes it out on this edge).
    void strobe(uint8_t byte);
    // Holds the strobe, releases it and holds it released (listing 5.1's
    // timing): the byte strobed last is taken, and the next strobe will be
    // an edge again. Also what Recover() does after a failure mid-byte.
    void settle();
};

} // namespace parallel
