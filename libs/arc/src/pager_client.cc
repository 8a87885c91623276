#include "arc/pager.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/startup.h"
#include "arc/protocol/art.h"
#include "arc/protocol/pager.h"
#include "l4/kdebug.h"

namespace arc::pager {

namespace {
L4_ThreadId_t my_pager()
{
    const Startup* s = startup();
    return s ? s->pager : L4_Pager();
}

// For requests after which the process is gone: send, then stop for good.
[[noreturn]] void send_final(MessageWriter& w)
{
    w.load();
    L4_Send(my_pager());
    for (;;)
        L4_Stop(L4_Myself());
}
} // namespace

void exit(int code)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::exit));
    w.word(static_cast<L4_Word_t>(code));
    send_final(w);
}

void panic(const char* message)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::panic));
    w.string(message);
    send_final(w);
}

void recovered(L4_Word_t recover_began, L4_Word_t replied)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::recovered));
    w.word(recover_began).word(replied);
    call(my_pager(), w);
}

void recovery_failed(const char* reason)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::recovery_failed));
    w.string(reason);
    send_final(w);
}

L4_Word_t grow_heap(L4_Word_t new_end)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::grow_heap));
    w.word(new_end);
    L4_MsgTag_t reply;
    L4_Word_t end = 0;
    if (call(my_pager(), w, &reply) == Status::ok)
        MessageReader(reply).word(end);
    return end;
}

Status attach_interrupt(L4_Word_t irq)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::attach_interrupt));
    w.word(irq);
    return call(my_pager(), w);
}

Status request_ports(L4_Word_t first, L4_Word_t count)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::request_ports));
    w.word(first).word(count);
    return call(my_pager(), w);
}

Status map_device(L4_Word_t physical, L4_Word_t size, L4_Word_t& address)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::map_device));
    w.word(physical).word(size);
    L4_MsgTag_t reply;
    // The reply maps the device memory into our device window.
    L4_Accept(L4_FpageLog2(layout::device_window, 29));
    Status s = call(my_pager(), w, &reply);
    L4_Accept(L4_Nilpage);
    if (s == Status::ok && !MessageReader(reply).word(address))
        return Status::bad_request;
    return s;
}

} // namespace arc::pager

namespace arc::pager {

namespace {
// A request of two words whose reply carries one word back (or none).
Status ask(Op op, L4_Word_t a, L4_Word_t b, unsigned in_words, L4_Word_t* out)
{
    MessageWriter w(static_cast<L4_Word_t>(op));
    if (in_words > 0)
        w.word(a);
    if (in_words > 1)
        w.word(b);
    L4_MsgTag_t reply;
    Status s = call(my_pager(), w, &reply);
    if (s == Status::ok && out && !MessageReader(reply).word(*out))
        return Status::bad_request;
    return s;
}
} // namespace

Status new_thread(L4_Word_t ip, L4_Word_t sp, L4_ThreadId_t& thread)
{
    return ask(Op::new_thread, ip, sp, 2, &thread.raw);
}
Status delete_thread(L4_ThreadId_t thread) { return ask(Op::delete_thread, thread.raw, 0, 1, nullptr); }
Status set_priority(L4_ThreadId_t thread, L4_Word_t priority)
{
    return ask(Op::set_priority, thread.raw, priority, 2, nullptr);
}
Status physical_address(L4_Word_t address, L4_Word_t& physical)
{
    return ask(Op::physical_address, address, 0, 1, &physical);
}

Status detach_interrupt(L4_Word_t irq) { return ask(Op::detach_interrupt, irq, 0, 1, nullptr); }

Status share(L4_Word_t address, L4_Word_t pid, L4_Word_t rights)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::share));
    w.word(address).word(pid).word(rights);
    return call(my_pager(), w);
}

Status share(L4_Word_t address, L4_Word_t pid, L4_Word_t rights, L4_Word_t bytes)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::share));
    w.word(address).word(pid).word(rights).word(bytes);
    return call(my_pager(), w);
}

Status pci_device(L4_Word_t vendor, L4_Word_t id, L4_Word_t index, PciDevice& device)
{
    static_assert(sizeof(device.bars) / sizeof(device.bars[0]) == art::pci::bar_count);
    MessageWriter w(static_cast<L4_Word_t>(Op::pci_device));
    w.word(vendor).word(id).word(index);
    L4_MsgTag_t reply;
    Status s = call(my_pager(), w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    bool ok = r.word(device.location);
    for (PciDevice::Bar& bar : device.bars)
        ok = ok && r.word(bar.base) && r.word(bar.size) && r.word(bar.flags);
    return ok ? Status::ok : Status::bad_request;
}

Status map_session(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t pages, L4_Word_t& address)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::map_session));
    w.word(owner).word(owner_address).word(pages);
    L4_MsgTag_t reply;
    Status s = call(my_pager(), w, &reply);
    if (s == Status::ok && !MessageReader(reply).word(address))
        return Status::bad_request;
    return s;
}

Status unmap_session(L4_Word_t address) { return ask(Op::unmap_session, address, 0, 1, nullptr); }

Status dma_buffer(L4_Word_t bytes, L4_Word_t& address, L4_Word_t& physical)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::dma_buffer));
    w.word(bytes);
    L4_MsgTag_t reply;
    // The P3 answers with words only: the pages come on our page faults.
    Status s = call(my_pager(), w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return r.word(address) && r.word(physical) ? Status::ok : Status::bad_request;
}

Status start_dma(L4_Word_t channel, L4_Word_t address, L4_Word_t bytes, L4_Word_t flags)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::start_dma));
    w.word(channel).word(address).word(bytes).word(flags);
    return call(my_pager(), w);
}

Status stop_dma(L4_Word_t channel) { return ask(Op::stop_dma, channel, 0, 1, nullptr); }

} // namespace arc::pager
