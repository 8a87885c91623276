// rt_write of a supervised process: text goes to the console server, found
// through the naming server; before there is one (the boot servers
// themselves), to the kernel console.
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/protocol/console.h"
#include "l4/kdebug.h"
#include "rt/hooks.h"

namespace {
// The console's thread once found (not persistent: looked up again after a
// restart). Until the console has registered, every write asks again.
L4_ThreadId_t console;

L4_ThreadId_t console_thread()
{
    if (L4_IsNilThread(console) && arc::naming::lookup("console", console) != arc::Status::ok)
        console = L4_nilthread;
    return console;
}
} // namespace

extern "C" void rt_write(const char* text, unsigned length)
{
    L4_ThreadId_t c = console_thread();
    while (length > 0) {
        unsigned n = length < arc::max_message_bytes ? length : arc::max_message_bytes;
        bool sent = false;
        if (!L4_IsNilThread(c)) {
            arc::MessageWriter w(static_cast<L4_Word_t>(arc::console::Op::write));
            w.bytes(text, n);
            sent = arc::call(c, w) == arc::Status::ok;
        }
        if (!sent)
            L4_KDB_Write(text, n);
        text += n;
        length -= n;
    }
}
