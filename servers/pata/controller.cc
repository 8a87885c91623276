#include "controller.h"
#include "arc/injection.h"
#include "arc/pager.h"
#include "arc/port_io.h"
#include "l4/l4.h"

namespace pata {

namespace {

using arc::Status;
using arc::port_io::in8;
using arc::port_io::out8;

// Status polls before a drive counts as stuck (each is a port read: QEMU's
// drives answer within a few).
constexpr unsigned poll_limit = 1000000;
// Selections of a drive before it counts as absent (each is six port accesses).
constexpr unsigned select_limit = 100000;
// How long a transfer's interrupt may take.
constexpr L4_Word_t interrupt_timeout_us = 500000;
// Interrupts acknowledged at most when clearing up after a reset.
constexpr unsigned max_pending = 8;

} // namespace

Controller::Controller(unsigned disk)
    : ports_(channel_of(disk)), slave_(is_slave(disk)), line_(L4_InterruptThread(channel_of(disk).irq))
{
}

uint8_t Controller::in(uint16_t r) const { return in8(static_cast<uint16_t>(ports_.command_block + r)); }
void Controller::out(uint16_t r, uint8_t v) const { out8(static_cast<uint16_t>(ports_.command_block + r), v); }
uint8_t Controller::alternate_status() const { return in8(ports_.control_block); }

// The 400 ns a drive needs before its status means anything (four reads of
// the alternate status, as the standard suggests).
void Controller::settle() const
{
    for (int i = 0; i < 4; ++i)
        alternate_status();
}

bool Controller::wait_not_busy() const
{
    for (unsigned i = 0; i < poll_limit; ++i)
        if (!(alternate_status() & status::busy))
            return true;
    return false;
}

bool Controller::wait_data_request() const
{
    for (unsigned i = 0; i < poll_limit; ++i) {
        uint8_t s = alternate_status();
        if (!(s & status::busy) && (s & (status::data_request | status::error | status::device_fault)))
            return (s & status::data_request) && !(s & (status::error | status::device_fault));
    }
    return false;
}

Status Controller::claim()
{
    Status s = arc::pager::request_ports(ports_.command_block, 8);
    if (s == Status::ok)
        s = arc::pager::request_ports(ports_.control_block, 1);
    if (s == Status::ok)
        s = arc::pager::attach_interrupt(ports_.irq);
    return s;
}

// The drive raised its interrupt: reading the status register lowers it,
// and our send to the interrupt thread unmasks the line again.
Status Controller::wait_interrupt(L4_Word_t timeout_us)
{
    L4_MsgTag_t tag = L4_Receive_Timeout(line_, L4_TimePeriod(timeout_us));
    if (L4_IpcFailed(tag))
        return Status::io_error;
    uint8_t s = in(reg::status);
    L4_Send_Timeout(line_, L4_ZeroTime);
    return s & (status::error | status::device_fault) ? Status::io_error : Status::ok;
}

void Controller::acknowledge_pending()
{
    for (unsigned i = 0; i < max_pending && L4_IpcSucceeded(L4_Receive_Timeout(line_, L4_ZeroTime)); ++i) {
        in(reg::status);
        L4_Send_Timeout(line_, L4_ZeroTime);
    }
    L4_Send_Timeout(line_, L4_ZeroTime);      // unmasked, even if a restart cut a handler short
}

Status Controller::reset()
{
    out8(ports_.control_block, control::reset | control::interrupts_off);
    settle();
    out8(ports_.control_block, 0);                       // interrupts on
    settle();
    bool idle = wait_not_busy();
    // Our drive selected and ready: the reset is over (see select_present).
    bool present = idle && select_present();
    in(reg::status);
    acknowledge_pending();
    return !idle ? Status::io_error : present ? Status::ok : Status::no_device;
}

// Selects our drive and waits until it says it is ready. QEMU ignores a
// write to the device register while the drive selected before is busy,
// and it finishes a channel reset outside the CPU, so without -icount the
// reset can still be under way (the other drive selected, perhaps an absent
// one, which reads as status 0) when we select: the selection is made again
// until it takes. Status 0 that lasts every poll is an absent drive.
bool Controller::select_present() const
{
    const uint8_t drive = static_cast<uint8_t>(device_legacy | (slave_ ? device_slave : 0));
    for (unsigned i = 0; i < select_limit; ++i) {
        out(reg::device, drive);
        settle();
        uint8_t s = alternate_status();
        if (s == 0xff)
            return false;                                // nothing on the channel: a floating bus
        if (s != 0 && !(s & status::busy))
            return true;
    }
    return false;
}

Status Controller::identify(DriveInfo& info)
{
    if (!select_present())
        return Status::no_device;
    out(reg::sector_count, 0);
    out(reg::lba_low, 0);
    out(reg::lba_mid, 0);
    out(reg::lba_high, 0);
    out(reg::command, command::identify);
    settle();
    if (alternate_status() == 0 || !wait_not_busy())
        return Status::no_device;
    if (in(reg::lba_mid) != 0 || in(reg::lba_high) != 0)
        return Status::no_device;                        // ATAPI or SATA signature: not ours
    if (wait_interrupt(interrupt_timeout_us) != Status::ok || !wait_data_request())
        return Status::no_device;
    uint16_t words[sector_words];
    arc::port_io::in16_string(ports_.command_block + reg::data, words, sector_words);
    return parse_identify(words, info) ? Status::ok : Status::no_device;
}

void Controller::select(uint64_t lba, uint32_t count, bool lba48)
{
    uint8_t drive = static_cast<uint8_t>(device_lba | device_legacy | (slave_ ? device_slave : 0));
    if (lba48) {
        out(reg::device, drive);
        out(reg::sector_count, static_cast<uint8_t>(count >> 8));   // high bytes first
        out(reg::lba_low, static_cast<uint8_t>(lba >> 24));
        out(reg::lba_mid, static_cast<uint8_t>(lba >> 32));
        out(reg::lba_high, static_cast<uint8_t>(lba >> 40));
    } else {
        out(reg::device, static_cast<uint8_t>(drive | ((lba >> 24) & 0x0f)));
    }
    out(reg::sector_count, static_cast<uint8_t>(count));           // 256: 0
    out(reg::lba_low, static_cast<uint8_t>(lba));
    out(reg::lba_mid, static_cast<uint8_t>(lba >> 8));
    out(reg::lba_high, static_cast<uint8_t>(lba >> 16));
}

Status Controller::start(uint64_t lba, uint32_t count, bool lba48, uint8_t command)
{
    if (count == 0 || count > 256)
        return Status::bad_request;
    if (!wait_not_busy())
        return Status::io_error;
    select(lba, count, lba48);
    out(reg::command, command);
    return Status::ok;
}

Status Controller::read(uint64_t lba, uint32_t count, bool lba48, void* to)
{
    Status s = start(lba, count, lba48, lba48 ? command::read_sectors_ext : command::read_sectors);
    if (s != Status::ok)
        return s;
    auto* bytes = static_cast<uint8_t*>(to);
    for (uint32_t i = 0; i < count; ++i) {
        // One interrupt per sector: its data waits in the drive's buffer.
        if (wait_interrupt(interrupt_timeout_us) != Status::ok || !wait_data_request())
            return Status::io_error;
        arc::port_io::in16_string(ports_.command_block + reg::data, bytes + i * 512, sector_words);
        arc::injection_point();
    }
    return Status::ok;
}

Status Controller::write(uint64_t lba, uint32_t count, bool lba48, const void* from)
{
    Status s = start(lba, count, lba48, lba48 ? command::write_sectors_ext : command::write_sectors);
    if (s != Status::ok)
        return s;
    const auto* bytes = static_cast<const uint8_t*>(from);
    for (uint32_t i = 0; i < count; ++i) {
        // The first sector goes when the drive asks; each later one after
        // the interrupt that says the one before is taken.
        if (!wait_data_request())
            return Status::io_error;
        arc::port_io::out16_string(ports_.command_block + reg::data, bytes + i * 512, sector_words);
        if (wait_interrupt(interrupt_timeout_us) != Status::ok)
            return Status::io_error;
        arc::injection_point();
    }
    return Status::ok;
}

Status Controller::flush(bool lba48)
{
    if (!wait_not_busy())
        return Status::io_error;
    out(reg::device, static_cast<uint8_t>(device_legacy | (slave_ ? device_slave : 0)));
    settle();
    out(reg::command, lba48 ? command::flush_cache_ext : command::flush_cache);
    return wait_interrupt(flush_timeout_us);
}

} // namespace pata
