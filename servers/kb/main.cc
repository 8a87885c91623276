// The PS/2 keyboard driver: reads scancodes from the i8042 controller on
// IRQ 1, decodes them (decoder.h) and hands the characters to the console
// server (console::Op::input), which gives them to its reader. It registers
// the name "kb" and answers every request with Status::bad_request: it has
// no protocol of its own yet.
#include "decoder.h"
#include "arc/console.h"
#include "arc/message.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/port_io.h"
#include "arc/status.h"
#include "l4/l4.h"
#include "rt/print.h"

namespace {

using arc::Status;
using arc::port_io::in8;
using arc::port_io::out8;

// The resources the policy file must grant kb (root-task/policy): two single
// ports, as 0x60..0x64 is no aligned power-of-two range.
constexpr uint16_t data_port = 0x60;        // scancodes in, controller data out
constexpr uint16_t status_port = 0x64;      // read: status; write: a controller command
constexpr unsigned irq = 1;

// Controller status bits.
constexpr uint8_t output_full = 0x01;       // a byte waits in the data port
constexpr uint8_t input_full = 0x02;        // the controller has not taken our last byte
constexpr uint8_t output_from_mouse = 0x20; // that byte is the mouse's, not ours
// Controller commands and configuration bits.
constexpr uint8_t command_read_config = 0x20, command_write_config = 0x60;
constexpr uint8_t config_keyboard_interrupt = 0x01, config_keyboard_disabled = 0x10,
                  config_translate = 0x40;
// How long to poll the controller for one byte (it answers in microseconds;
// a missing controller must not hang the driver).
constexpr unsigned poll_limit = 100000;
// Bytes read per interrupt at most: the controller holds one, QEMU queues
// up to 16 behind it; more would mean a stuck status bit.
constexpr unsigned max_bytes_per_interrupt = 64;

const L4_ThreadId_t keyboard_irq = L4_InterruptThread(irq);

// The decoder's state: which modifiers are down. Not persistent: after a
// restart all keys count as up.
kb::Decoder decoder;

bool wait_status(uint8_t bit, bool set)
{
    for (unsigned i = 0; i < poll_limit; ++i)
        if (((in8(status_port) & bit) != 0) == set)
            return true;
    return false;
}

bool write_command(uint8_t command)
{
    if (!wait_status(input_full, false))
        return false;
    out8(status_port, command);
    return true;
}

// Keyboard interrupts on, keyboard clock on, translation to set 1 on: what
// the BIOS normally leaves, made sure of (a boot loader may have changed it).
bool configure()
{
    if (!write_command(command_read_config) || !wait_status(output_full, true))
        return false;
    uint8_t config = in8(data_port);
    config = static_cast<uint8_t>((config | config_keyboard_interrupt | config_translate) &
                                  ~config_keyboard_disabled);
    if (!write_command(command_write_config) || !wait_status(input_full, false))
        return false;
    out8(data_port, config);
    return true;
}

// Reads every byte the controller holds and sends what they type to the console.
void take_scancodes()
{
    char text[max_bytes_per_interrupt * kb::Decoder::max_output];
    size_t length = 0;
    for (unsigned i = 0; i < max_bytes_per_interrupt; ++i) {
        uint8_t status = in8(status_port);
        if (!(status & output_full))
            break;
        uint8_t byte = in8(data_port);
        if (!(status & output_from_mouse))
            length += decoder.feed(byte, text + length);
    }
    if (length > 0) {
        Status s = arc::console::input(text, length);
        if (s != Status::ok)
            rt::print("kb: console refused input: %s\n", arc::describe(s));
    }
}

bool start()
{
    Status s = arc::console::connect();
    if (s != Status::ok) {
        rt::print("kb: no console: %s\n", arc::describe(s));
        return false;
    }
    if ((s = arc::pager::request_ports(data_port, 1)) != Status::ok ||
        (s = arc::pager::request_ports(status_port, 1)) != Status::ok) {
        rt::print("kb: no keyboard ports: %s\n", arc::describe(s));
        return false;
    }
    // The interrupt before the controller: a byte it delivers from now on
    // must find its handler, or its edge is lost and the keyboard stays quiet.
    if ((s = arc::pager::attach_interrupt(irq)) != Status::ok) {
        rt::print("kb: no keyboard interrupt: %s\n", arc::describe(s));
        return false;
    }
    if (!configure())
        rt::print("kb: the keyboard controller does not answer; trying anyway\n");
    take_scancodes();        // typed before we were there; empties the controller
    if ((s = arc::naming::register_name("kb")) != Status::ok)
        rt::print("kb: cannot register the name kb: %s\n", arc::describe(s));
    return true;
}

} // namespace

int main()
{
    if (!start())
        return 1;
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        if (L4_IpcFailed(tag)) {
            tag = L4_Wait(&from);
        } else if (from == keyboard_irq && L4_Label(tag) == kapi::label::interrupt) {
            take_scancodes();
            L4_Set_MsgTag(L4_Niltag);       // an empty message to the interrupt unmasks it
            tag = L4_ReplyWait(keyboard_irq, &from);
        } else {
            arc::MessageWriter(static_cast<L4_Word_t>(Status::bad_request)).load();
            tag = L4_ReplyWait(from, &from);
        }
    }
}
