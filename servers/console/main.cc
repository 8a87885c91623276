// The console server: text out to the VGA text screen and the serial line
// (COM1), text in from the serial line (IRQ 4) and from the keyboard driver
// (console::Op::input). Protocol: libs/arc/include/arc/protocol/console.h.
//
// A read is answered only when there is input: the reader's reply waits
// (one waiting reader at a time; another one gets Status::busy). The console
// does not echo: the reader (the shell's line editor) echoes what it takes.
//
// Each device is optional: if the policy refuses the screen or the serial
// port, the console says so on the kernel console and works without it.
#include "input.h"
#include "screen.h"
#include "uart.h"
#include "vga.h"
#include "arc/message.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/protocol/console.h"
#include "arc/status.h"
#include "l4/kdebug.h"
#include "l4/l4.h"
#include "rt/hooks.h"
#include "rt/print.h"

namespace {

using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using Op = arc::console::Op;

// The console's state. Not persistent: after a restart the screen is taken
// over again and the input typed meanwhile is gone.
console::Screen screen{nullptr};
bool have_screen = false;
bool have_cursor = false;
bool have_serial = false;
console::InputQueue input;
console::LineEnds serial_line_ends, keyboard_line_ends;

// The reader whose reply waits for input (nil: none), and how much it takes.
L4_ThreadId_t reader = L4_nilthread;
L4_Word_t reader_max = 0;

const L4_ThreadId_t serial_irq = L4_InterruptThread(console::uart::irq);

// --- output ----------------------------------------------------------------

void show(const char* text, size_t length)
{
    if (have_screen) {
        screen.write(text, length);
        if (have_cursor)
            console::vga::move_cursor(screen.cursor());
    }
    if (have_serial)
        console::uart::write(text, length);
    if (!have_screen && !have_serial)
        L4_KDB_Write(text, length);
}

// --- input -----------------------------------------------------------------

// Loads a read's reply: at most `max` queued characters (and what one message
// carries); returns how many, to be dropped from the queue once delivered.
size_t load_read_reply(L4_Word_t max)
{
    char text[arc::max_message_bytes];
    size_t limit = max < sizeof text ? max : sizeof text;
    size_t n = input.peek(text, limit);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).bytes(text, n).load();
    return n;
}

// Answers the waiting reader if there is input for it. A reader that no
// longer waits (it was killed) is forgotten; its characters stay queued.
void serve_reader()
{
    if (L4_IsNilThread(reader) || input.available() == 0)
        return;
    size_t n = load_read_reply(reader_max);
    if (L4_IpcSucceeded(L4_Send_Timeout(reader, L4_ZeroTime)))
        input.drop(n);
    reader = L4_nilthread;
}

void take_serial_input()
{
    char bytes[console::InputQueue::capacity];
    size_t n;
    do {
        n = console::uart::receive(bytes, sizeof bytes);
        input.add(bytes, n, serial_line_ends);
    } while (n == sizeof bytes);
}

// --- requests --------------------------------------------------------------

enum class Reply {
    now,            // the reply is loaded: send it to the caller
    later,          // no reply yet (a waiting read), or none at all
    acknowledge,    // an interrupt was served: unmask it
};

Reply status(Status s)
{
    MessageWriter(static_cast<L4_Word_t>(s)).load();
    return Reply::now;
}

// A request must carry exactly its words: nothing more, no typed items.
bool complete(const MessageReader& r, L4_MsgTag_t tag)
{
    return r.ok() && r.remaining() == 0 && L4_TypedWords(tag) == 0;
}

Reply write(MessageReader& r, L4_MsgTag_t tag)
{
    char text[arc::max_message_bytes];
    size_t length;
    if (!r.bytes(text, sizeof text, length) || !complete(r, tag))
        return status(Status::bad_request);
    show(text, length);
    return status(Status::ok);
}

Reply read(L4_ThreadId_t from, MessageReader& r, L4_MsgTag_t tag)
{
    L4_Word_t max;
    if (!r.word(max) || !complete(r, tag) || max == 0)
        return status(Status::bad_request);
    if (input.available() > 0) {
        input.drop(load_read_reply(max));
        return Reply::now;
    }
    // The same thread asking again no longer waits for its earlier read (it
    // was restarted in place): the new request replaces it.
    if (!L4_IsNilThread(reader) && reader != from)
        return status(Status::busy);
    reader = from;
    reader_max = max;
    return Reply::later;
}

Reply keyboard_input(MessageReader& r, L4_MsgTag_t tag)
{
    char text[arc::max_message_bytes];
    size_t length;
    if (!r.bytes(text, sizeof text, length) || !complete(r, tag))
        return status(Status::bad_request);
    input.add(text, length, keyboard_line_ends);
    serve_reader();
    return status(Status::ok);
}

Reply serial_interrupt()
{
    take_serial_input();
    serve_reader();
    return Reply::acknowledge;
}

Reply handle(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    if (from == serial_irq && L4_Label(tag) == kapi::label::interrupt)
        return serial_interrupt();
    MessageReader r(tag);
    switch (static_cast<Op>(L4_Label(tag))) {
    case Op::write: return write(r, tag);
    case Op::read: return read(from, r, tag);
    case Op::input: return keyboard_input(r, tag);
    }
    return status(Status::bad_request);
}

// --- start -----------------------------------------------------------------

void refused(const char* what, Status s)
{
    rt::print("console: no %s: %s\n", what, arc::describe(s));
}

void take_screen()
{
    L4_Word_t address;
    Status s = arc::pager::map_device(console::vga::text_buffer, console::vga::text_buffer_size,
                                      address);
    if (s != Status::ok)
        return refused("VGA text screen", s);
    screen = console::Screen(reinterpret_cast<volatile console::Screen::Cell*>(address));
    screen.adopt();
    have_screen = true;
    // From now on the kernel's messages go to the serial line only.
    if (L4_KDB_ReleaseScreen(address) != 0)
        rt::print("console: the kernel keeps drawing on the screen\n");
    s = arc::pager::request_ports(console::vga::crtc_index, console::vga::crtc_port_count);
    if (s != Status::ok)
        return refused("VGA cursor", s);
    have_cursor = true;
    console::vga::show_cursor();
    console::vga::move_cursor(screen.cursor());
}

void take_serial_line()
{
    Status s = arc::pager::request_ports(console::uart::base, console::uart::port_count);
    if (s != Status::ok)
        return refused("serial line", s);
    have_serial = true;
    // The interrupt first: a byte that arrives once the UART interrupts must
    // find its handler, or its edge is lost and input stops.
    s = arc::pager::attach_interrupt(console::uart::irq);
    if (s != Status::ok)
        return refused("serial input", s);
    console::uart::init();
    take_serial_input();        // typed before we were there
}

} // namespace

// The console's own output goes straight to its devices: libs/arc's rt_write
// would send it to the console, that is to this very thread, and wait forever.
extern "C" void rt_write(const char* text, unsigned length) { show(text, length); }

int main()
{
    take_screen();
    take_serial_line();
    Status s = arc::naming::register_name("console");
    if (s != Status::ok)
        rt::print("console: cannot register the name console: %s\n", arc::describe(s));
    rt::print("console: ready (screen %s, serial %s)\n", have_screen ? "yes" : "no",
              have_serial ? "yes" : "no");

    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        Reply reply = L4_IpcSucceeded(tag) ? handle(from, tag) : Reply::later;
        if (reply == Reply::now) {
            tag = L4_ReplyWait(from, &from);
        } else if (reply == Reply::acknowledge) {
            L4_Set_MsgTag(L4_Niltag);       // an empty message to the interrupt unmasks it
            tag = L4_ReplyWait(serial_irq, &from);
        } else {
            tag = L4_Wait(&from);
        }
    }
}
