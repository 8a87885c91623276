// One thread serves everything, event-driven: it never blocks on anyone but
// in its own receive, and answers with zero send timeouts, so a broken
// client cannot stall the root task.
#include "server.h"
#include "isa_dma.h"
#include "device_memory.h"
#include "memory.h"
#include "pci.h"
#include "process.h"
#include "recovery_policies.h"
#include "code_fault_plans.h"
#include "arc/protocol/recovery.h"
#include "arc/art.h"
#include "arc/layout.h"
#include "arc/map_items.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "l4/l4.h"
#include "rt/format.h"
#include "rt/print.h"
#include "rt/string.h"

namespace art {

namespace {

using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using Op = arc::art::Op;

const Policy* policy;
RecoveryPolicies* recovery;
CodeFaultPlans code_fault_plans;       // the shell's `fault`: empty at boot
bool orders_waiting = false;           // some P3 has an order it did not take yet

// What a handler decided: answer now with the message it loaded, or later.
enum class Reply { now, later };

Reply reply_status(Status s)
{
    MessageWriter(static_cast<L4_Word_t>(s)).load();
    return Reply::now;
}

// --- from the shell -------------------------------------------------------------

Reply execute(MessageReader& r)
{
    char command[160], args[128];
    if (!r.string(command, sizeof(command)) || !r.string(args, sizeof(args)))
        return reply_status(Status::bad_request);
    Status why;
    Process* p = process_start(command, args, nullptr, 0, why);
    if (!p)
        return reply_status(why);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(p->pid).load();
    return Reply::now;
}

Reply wait(MessageReader& r, L4_ThreadId_t from)
{
    L4_Word_t pid;
    if (!r.word(pid))
        return reply_status(Status::bad_request);
    Process* p = process_by_pid(pid);
    if (!p)
        return reply_status(Status::not_found);
    if (!L4_IsNilThread(p->waiter))
        return reply_status(Status::busy);
    if (p->state == arc::art::ProcessState::ended) {
        process_collect(p, from);                // ended before anyone asked
        return Reply::later;
    }
    p->waiter = from;                            // answered by process_end
    return Reply::later;
}

Reply kill(MessageReader& r)
{
    L4_Word_t pid;
    if (!r.word(pid))
        return reply_status(Status::bad_request);
    Process* p = process_by_pid(pid);
    if (!p || p->state == arc::art::ProcessState::ended)
        return reply_status(Status::not_found);
    rt::print("art: process %u (%s) killed\n", p->pid, p->name);
    process_end(p, -1, "killed", Status::killed);
    return reply_status(Status::ok);
}

Reply process_info(MessageReader& r)
{
    L4_Word_t index;
    if (!r.word(index))
        return reply_status(Status::bad_request);
    Process* p = process_at(index);
    if (!p)
        return reply_status(Status::end_of_directory);
    MessageWriter(static_cast<L4_Word_t>(Status::ok))
        .word(p->pid)
        .thread(p->p3)
        .thread(p->main)
        .word(static_cast<L4_Word_t>(p->state))
        .word(p->faults)
        .word(p->restarts)
        .string(p->name)
        .load();
    return Reply::now;
}

Reply memory_info()
{
    PageTable::Counts c = page_table().counts();
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(c.total).word(c.free).word(c.art).word(c.mapped).load();
    return Reply::now;
}

[[noreturn]] Reply reboot()
{
    rt::print("art: rebooting\n");
    constexpr L4_Word_t keyboard_controller = 0x64;
    constexpr uint8_t pulse_reset_line = 0xfe;
    asm volatile("outb %0, %w1" ::"a"(pulse_reset_line), "Nd"(keyboard_controller));
    for (;;)
        L4_Sleep(L4_Never);
}

// The P3s of the running processes of `program` learn of its new policy
// (one order slot each: a P3 busy with another order hears at its next
// failure instead).
void tell_running(const char* program)
{
    for (unsigned i = 0; Process* p = process_at(i); ++i)
        if ((strcmp(program, "*") == 0 || strcmp(p->name, program) == 0) && !p->order.label) {
            p->order = {static_cast<L4_Word_t>(arc::art::Order::policy_changed), {}, L4_nilthread};
            orders_waiting = true;
        }
}

// A program's restart policy, changed first if settings are given.
Reply recovery_policy(MessageReader& r)
{
    char program[RecoveryPolicies::name_size], settings[arc::max_message_bytes + 1];
    if (!r.string(program, sizeof(program)) || !r.string(settings, sizeof(settings)))
        return reply_status(Status::bad_request);
    if (*settings) {
        const char* bad;
        if (!recovery->change(program, settings, bad))
            return reply_status(bad ? Status::bad_request : Status::no_memory);
        char text[128];
        arc::recovery::describe(recovery->find(program), text, sizeof(text));
        rt::print("art: recovery policy of %s: %s\n", program, text);
        tell_running(program);
    }
    L4_Word_t words[arc::recovery::policy_words];
    arc::recovery::pack(recovery->find(program), words);
    MessageWriter w(static_cast<L4_Word_t>(Status::ok));
    for (L4_Word_t word : words)
        w.word(word);
    w.load();
    return Reply::now;
}

// Sets a program's load-time fault plan (a generator "": only asks) and
// answers the plan it has now.
Reply code_faults(MessageReader& r)
{
    char program[CodeFaultPlans::name_size];
    arc::code_faults::Plan plan;
    if (!r.string(program, sizeof(program)) || !arc::art::read_plan(r, plan))
        return reply_status(Status::bad_request);
    using Outcome = CodeFaultPlans::Outcome;
    if (!plan.empty()) {
        switch (code_fault_plans.change(program, plan)) {
        case Outcome::set:
            rt::print("art: %s will load with %u %s fault%s (seed %llu)\n", program, plan.count, plan.generator,
                      plan.count == 1 ? "" : "s", static_cast<unsigned long long>(plan.seed));
            break;
        case Outcome::cleared: rt::print("art: %s will load without faults\n", program); break;
        case Outcome::unknown_generator: return reply_status(Status::not_found);
        case Outcome::bad_count:
        case Outcome::bad_program: return reply_status(Status::bad_request);
        case Outcome::full: return reply_status(Status::no_memory);
        }
    }
    MessageWriter w(static_cast<L4_Word_t>(Status::ok));
    arc::art::write_plan(w, code_fault_plans.find(program));
    w.load();
    return Reply::now;
}

// --- orders to the P3s -------------------------------------------------------------

// Sends a process's pending order to its P3 if the P3 is waiting for
// messages now, and then answers whoever asked for it; otherwise it stays
// pending and the loop tries again.
void deliver_order(Process* p)
{
    if (!p->order.label)
        return;
    MessageWriter w(p->order.label);
    for (L4_Word_t word : p->order.words)
        w.word(word);
    w.load();
    if (!L4_IpcSucceeded(L4_Send_Timeout(p->p3, L4_ZeroTime)))
        return;
    p->order.label = 0;
    if (!L4_IsNilThread(p->order.requester)) {
        reply_status(Status::ok);
        L4_Send_Timeout(p->order.requester, L4_ZeroTime);
        p->order.requester = L4_nilthread;
    }
}

// Delivers what it can; true if orders remain.
bool deliver_orders()
{
    bool pending = false;
    for (unsigned i = 0; Process* p = process_at(i); ++i) {
        deliver_order(p);
        pending = pending || p->order.label;
    }
    return pending;
}

// Answered once the P3 has the order: the fault is armed when the caller
// goes on (a test can then aim it at its next request).
Reply inject(MessageReader& r, L4_ThreadId_t from)
{
    L4_Word_t pid, injection, after, argument, sticky;
    if (!r.word(pid) || !r.word(injection) || !r.word(after) || !r.word(argument) || !r.word(sticky) ||
        injection >= arc::recovery::injection_count)
        return reply_status(Status::bad_request);
    Process* p = process_by_pid(pid);
    if (!p || p->state == arc::art::ProcessState::ended)
        return reply_status(Status::not_found);
    // The last order is not taken yet: busy, unless it only said that the
    // policy changed (an inject order makes the P3 read its policy too).
    if (p->order.label && p->order.label != static_cast<L4_Word_t>(arc::art::Order::policy_changed))
        return reply_status(Status::busy);
    rt::print("art: process %u (%s) will fail: %s after %u injection points%s\n", p->pid, p->name,
              arc::recovery::name(static_cast<arc::recovery::Injection>(injection)), after,
              sticky ? ", after every restart" : "");
    p->order = {static_cast<L4_Word_t>(arc::art::Order::inject), {injection, after, argument, sticky}, from};
    deliver_order(p);
    orders_waiting = orders_waiting || p->order.label;
    return Reply::later;
}

// --- from a P3 ------------------------------------------------------------------

Reply get_job(Process* p)
{
    p->state = arc::art::ProcessState::running;
    bool window = p->image != nullptr;
    L4_Word_t address = window ? arc::layout::image_window + (reinterpret_cast<L4_Word_t>(p->image) & 0xfff) : 0;
    // The naming server itself gets no naming thread: it must not call itself.
    L4_ThreadId_t naming = p->main == naming_thread() ? L4_nilthread : naming_thread();
    MessageWriter w(static_cast<L4_Word_t>(Status::ok));
    w.thread(p->main)
        .word(p->pid)
        .thread(naming)
        .word(static_cast<L4_Word_t>(window ? arc::art::ImageSource::window : arc::art::ImageSource::file))
        .word(address)
        .word(p->image_size)
        .string(p->fs)
        .string(p->path)
        .string(p->args)
        .string(p->name);
    arc::art::write_plan(w, code_fault_plans.find(p->name));
    w.load();
    return Reply::now;
}

Reply report_fault(Process* p, MessageReader& r)
{
    L4_Word_t failure, address, ip, detail;
    if (!r.word(failure) || !r.word(address) || !r.word(ip) || !r.word(detail))
        return reply_status(Status::bad_request);
    ++p->faults;
    char reason[96];
    arc::recovery::describe(static_cast<arc::recovery::Failure>(failure), address, ip, detail, reason,
                            sizeof(reason));
    rt::print("art: process %u (%s): %s; cleaned up\n", p->pid, p->name, reason);
    process_end(p, -1, reason, Status::crashed);
    return Reply::later;                         // its P3 is gone: nobody to answer
}

// The rest of a group restart (004, 4.4.2): the processes that use `p`
// restart warm, oldest first, each that its policy lets restart; their
// Recover() connects them to the new `p`. The others will get errors from it.
void restart_dependents(Process* p, MessageReader& r)
{
    Process* members[max_processes];
    unsigned count = 0;
    L4_ThreadId_t t;
    while (count < max_processes && r.thread(t)) {
        Process* member = process_by_main(t);
        if (!member || member == p)
            continue;
        if (recovery->find(member->name).first == arc::recovery::Temperature::none) {
            rt::print("art: group of %s: %s (process %u) is not restartable; it will see errors\n", p->name,
                      member->name, member->pid);
            continue;
        }
        unsigned at = count++;
        while (at > 0 && members[at - 1]->pid > member->pid) {   // oldest (lowest pid) first
            members[at] = members[at - 1];
            --at;
        }
        members[at] = member;
    }
    for (unsigned i = 0; i < count; ++i) {
        Process* m = members[i];
        if (m->order.label) {
            rt::print("art: group of %s: %s (process %u) is busy with an order; left alone\n", p->name, m->name,
                      m->pid);
            continue;
        }
        rt::print("art: group of %s: restarting %s (process %u) warm\n", p->name, m->name, m->pid);
        m->order = {static_cast<L4_Word_t>(arc::art::Order::restart),
                    {static_cast<L4_Word_t>(arc::recovery::Temperature::warm)},
                    L4_nilthread};
        orders_waiting = true;      // delivered by the loop: our reply to p's P3 comes first
    }
}

// The P3 restarts its process (it logs why): count it, and give a warm or
// colder restart a fresh space.
Reply restart(Process* p, MessageReader& r)
{
    L4_Word_t temperature, failure, address, ip, detail;
    if (!r.word(temperature) || !r.word(failure) || !r.word(address) || !r.word(ip) || !r.word(detail))
        return reply_status(Status::bad_request);
    auto why = static_cast<arc::recovery::Failure>(failure);
    if (why != arc::recovery::Failure::rejuvenation && why != arc::recovery::Failure::group)
        ++p->faults;                             // its own failure, not a planned or a group restart
    auto t = static_cast<arc::recovery::Temperature>(temperature);
    Status s = process_restart(p, t);
    if (s != Status::ok)
        rt::print("art: process %u (%s): cannot restart it: %s\n", p->pid, p->name, arc::describe(s));
    else if (t == arc::recovery::Temperature::group)
        restart_dependents(p, r);
    return reply_status(s);
}

Reply load_failed(Process* p, MessageReader& r)
{
    char message[128];
    L4_Word_t why;
    if (!r.word(why) || !r.string(message, sizeof(message))) {
        why = static_cast<L4_Word_t>(Status::bad_executable);
        strlcpy(message, "the program could not be loaded", sizeof(message));
    }
    rt::print("art: process %u (%s): %s\n", p->pid, p->name, message);
    process_end(p, -1, message, static_cast<Status>(why));
    return Reply::later;
}

Reply attach_interrupt(Process* p, MessageReader& r)
{
    L4_Word_t irq;
    if (!r.word(irq) || irq >= 32)
        return reply_status(Status::bad_request);
    if (p->interrupts & (1u << irq))
        return reply_status(Status::ok);         // its already (a hot restart's Recover() asks again)
    if (!policy->allows_irq(p->name, irq)) {
        rt::print("art: %s may not have IRQ %u (policy)\n", p->name, irq);
        return reply_status(Status::not_permitted);
    }
    // A line is one live process's at a time (the kernel would hand it
    // over): a second driver of the same device is refused, not let in.
    for (unsigned i = 0; const Process* other = process_at(i); ++i)
        if (other != p && (other->interrupts & (1u << irq)))
            return reply_status(Status::busy);
    if (!L4_InterruptControl(L4_InterruptThread(irq), p->main))
        return reply_status(Status::busy);
    p->interrupts |= 1u << irq;
    return reply_status(Status::ok);
}

Reply detach_interrupt(Process* p, MessageReader& r)
{
    L4_Word_t irq;
    if (!r.word(irq) || irq >= 32)
        return reply_status(Status::bad_request);
    if (!(p->interrupts & (1u << irq)))
        return reply_status(Status::not_found);          // not this process's line
    L4_InterruptControl(L4_InterruptThread(irq), L4_nilthread);
    p->interrupts &= ~(1u << irq);
    return reply_status(Status::ok);
}

Reply request_ports(Process* p, MessageReader& r)
{
    L4_Word_t first, count;
    if (!r.word(first) || !r.word(count) || count == 0 || count > 0x10000 || first + count > 0x10000)
        return reply_status(Status::bad_request);
    if (!policy->allows_ports(p->name, first, count)) {
        rt::print("art: %s may not have ports 0x%x+%u (policy)\n", p->name, first, count);
        return reply_status(Status::not_permitted);
    }
    // As few aligned power-of-two I/O fpages as cover the range.
    unsigned n = 0;                              // typed words loaded
    for (L4_Word_t port = first; port < first + count && n < 32;) {
        unsigned log2 = 0;
        while (log2 < 16 && !(port & (1u << log2)) && port + (2u << log2) <= first + count)
            ++log2;
        L4_LoadMapItem(1 + n, L4_MapItem(L4_IoFpage(port, log2), 0));
        n += 2;
        port += 1u << log2;
    }
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(Status::ok), 0, n).raw);
    return Reply::now;
}

// Memory inside a memory BAR of a PCI device the policy names for `p`.
bool in_granted_bar(const Process* p, L4_Word_t physical, L4_Word_t size)
{
    for (unsigned i = 0; i < pci::count(); ++i) {
        const pci::Function& f = pci::at(i);
        if (!policy->allows_pci(p->name, f.vendor, f.id))
            continue;
        for (const pci::Bar& bar : f.bars)
            if (bar.holds_memory(physical, size))
                return true;
    }
    return false;
}

Reply map_device(Process* p, MessageReader& r)
{
    L4_Word_t physical, size, at;
    if (!r.word(physical) || !r.word(size) || !r.word(at) || size == 0 || (physical & 0xfff) || (at & 0xfff))
        return reply_status(Status::bad_request);
    bool module = false;
    const kapi::Kip* kip = L4_KernelInterface();
    for (L4_Word_t i = 0; i < kip->module_count; ++i) {
        const kapi::BootModule& m = kip->modules[i];
        L4_Word_t span = ((m.base & 0xfff) + m.size + 0xfff) & ~0xfffu;
        if (physical == (m.base & ~0xfffu) && size <= span && policy->allows_module(p->name, m.cmdline))
            module = true;
    }
    if (!module && !policy->allows_memory(p->name, physical, size) && !in_granted_bar(p, physical, size)) {
        rt::print("art: %s may not map physical 0x%08x+0x%x (policy)\n", p->name, physical, size);
        return reply_status(Status::not_permitted);
    }
    uint32_t source = device_address(physical, size);
    if (!source)
        return reply_status(Status::not_permitted);
    // Into the P3's acceptor window (its device window), in as few
    // flexpages as the alignment of both sides allows.
    constexpr unsigned max_items = 31;
    arc::MapChunk chunks[max_items];
    L4_Word_t bytes = (size + 0xfff) & ~0xfffu;
    unsigned n = arc::split_into_chunks(source, at, bytes, chunks, max_items);
    if (n == 0)
        return reply_status(Status::too_long);
    for (unsigned i = 0; i < n; ++i) {
        L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size),
                                                     L4_ReadWriteOnly),
                                       chunks[i].destination);
        L4_LoadMapItem(1 + 2 * i, item);
    }
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(Status::ok), 0, 2 * n).raw);
    device_mapped(p, at, physical, bytes);
    return Reply::now;
}

// --- ISA DMA ------------------------------------------------------------------------

// Memory below 16 MiB is scarce: only programs the policy gives a DMA
// channel get a buffer for one.
Reply allocate_dma(Process* p, MessageReader& r)
{
    L4_Word_t address, bytes;
    if (!r.word(address) || !r.word(bytes))
        return reply_status(Status::bad_request);
    bool any_channel = false;
    for (L4_Word_t channel = 0; channel < isa_dma::channels; ++channel)
        any_channel = any_channel || policy->allows_dma(p->name, channel);
    if (!any_channel) {
        rt::print("art: %s may not have a DMA buffer (no dma line in the policy)\n", p->name);
        return reply_status(Status::not_permitted);
    }
    Status s = allocate_dma_for_p3(p, address, bytes);
    return s == Status::ok ? Reply::now : reply_status(s);
}

// A channel the policy does not list is refused before anything else.
Reply start_dma(Process* p, MessageReader& r)
{
    L4_Word_t channel, address, bytes, flags;
    if (!r.word(channel) || !r.word(address) || !r.word(bytes) || !r.word(flags))
        return reply_status(Status::bad_request);
    if (!policy->allows_dma(p->name, channel)) {
        rt::print("art: %s may not have DMA channel %u (policy)\n", p->name, channel);
        return reply_status(Status::not_permitted);
    }
    return reply_status(start_dma_for(p, channel, address, bytes, flags));
}

Reply stop_dma(Process* p, MessageReader& r)
{
    L4_Word_t channel;
    if (!r.word(channel))
        return reply_status(Status::bad_request);
    if (!policy->allows_dma(p->name, channel))
        return reply_status(Status::not_permitted);
    return reply_status(stop_dma_for(p, channel));
}

// --- PCI devices ------------------------------------------------------------------

static_assert(arc::art::pci::bar_count == pci::bar_count);
static_assert(arc::art::pci::bar_io == L4_Word_t{pci::Bar::io} &&
              arc::art::pci::bar_prefetchable == L4_Word_t{pci::Bar::prefetchable} &&
              arc::art::pci::bar_wide == L4_Word_t{pci::Bar::wide});

Reply pci_device(Process* p, MessageReader& r)
{
    L4_Word_t vendor, id, index;
    if (!r.word(vendor) || !r.word(id) || !r.word(index) || vendor > 0xffff || id > 0xffff)
        return reply_status(Status::bad_request);
    if (!policy->allows_pci(p->name, static_cast<uint16_t>(vendor), static_cast<uint16_t>(id))) {
        rt::print("art: %s may not use PCI device %04x:%04x (policy)\n", p->name, vendor, id);
        return reply_status(Status::not_permitted);
    }
    const pci::Function* f = pci::find(static_cast<uint16_t>(vendor), static_cast<uint16_t>(id), index);
    if (!f)
        return reply_status(Status::no_device);
    MessageWriter w(static_cast<L4_Word_t>(Status::ok));
    w.word(f->location());
    for (const pci::Bar& bar : f->bars)
        w.word(bar.base).word(bar.size).word(bar.flags);
    w.load();
    return Reply::now;
}

// --- page sharing -------------------------------------------------------------------

// RAM page by page (each its own record), or one range of device memory.
Reply share(Process* p, MessageReader& r)
{
    L4_Word_t address, pid, rights, bytes = arc::layout::page_size;
    if (!r.word(address) || !r.word(pid) || !r.word(rights) || (r.remaining() && !r.word(bytes)) || bytes == 0 ||
        (address & 0xfff) || (bytes & 0xfff))
        return reply_status(Status::bad_request);
    Status st = share_device(p, address, bytes, pid, rights);
    if (st != Status::not_found)
        return reply_status(st);
    for (L4_Word_t at = address; at - address < bytes; at += arc::layout::page_size)
        if ((st = share_page(p, at, pid, rights)) != Status::ok)
            return reply_status(st);             // (the pages before it stay shared: harmless)
    return reply_status(Status::ok);
}

Reply map_shared(Process* p, MessageReader& r)
{
    L4_Word_t owner, owner_address, address, bytes = arc::layout::page_size;
    if (!r.word(owner) || !r.word(owner_address) || !r.word(address) || (r.remaining() && !r.word(bytes)))
        return reply_status(Status::bad_request);
    if ((address & 0xfff) || (bytes & 0xfff) || bytes == 0 || address < arc::layout::mapped_start ||
        bytes > arc::layout::shared_end - address)
        return reply_status(Status::bad_request);
    Status st = map_shared_device(p, owner, owner_address, bytes, address);
    if (st == Status::not_found)
        st = map_shared_page(p, owner, owner_address, address);
    return st == Status::ok ? Reply::now : reply_status(st);
}

// --- dispatch ---------------------------------------------------------------------

bool is_page_fault(L4_MsgTag_t tag) { return (L4_Label(tag) & kapi::label::is_page_fault_mask) == kapi::label::page_fault; }

Reply from_p3(Process* p, L4_MsgTag_t tag)
{
    MessageReader r(tag);
    if (is_page_fault(tag)) {
        L4_Word_t address = L4_MR(kapi::page_fault::address), ip = L4_MR(kapi::page_fault::ip);
        if (serve_p3_fault(p, address, L4_Label(tag) & 7))
            return Reply::later;                 // answered with the mapping already
        rt::print("art: the P3 of process %u (%s) faulted at 0x%08x, ip 0x%08x; ended\n", p->pid, p->name, address, ip);
        process_end(p, -1, "its pager failed", Status::crashed);
        return Reply::later;
    }
    if (L4_Label(tag) == kapi::label::exception) {
        rt::print("art: the P3 of process %u (%s) raised exception %u at 0x%08x; ended\n", p->pid, p->name,
                  L4_MR(kapi::exception::vector), L4_MR(kapi::exception::eip));
        process_end(p, -1, "its pager failed", Status::crashed);
        return Reply::later;
    }
    switch (static_cast<Op>(L4_Label(tag))) {
    case Op::get_job: return get_job(p);
    case Op::exit: {
        L4_Word_t code = 0;
        r.word(code);
        process_end(p, static_cast<int>(code), "", Status::ok);
        return Reply::later;
    }
    case Op::report_fault: return report_fault(p, r);
    case Op::restart: return restart(p, r);
    case Op::reboot: reboot();                   // the last step of its escalation
    case Op::recovery_policy: return recovery_policy(r);
    case Op::load_failed: return load_failed(p, r);
    case Op::attach_interrupt: return attach_interrupt(p, r);
    case Op::detach_interrupt: return detach_interrupt(p, r);
    case Op::request_ports: return request_ports(p, r);
    case Op::map_device: return map_device(p, r);
    case Op::allocate_dma: return allocate_dma(p, r);
    case Op::start_dma: return start_dma(p, r);
    case Op::stop_dma: return stop_dma(p, r);
    case Op::new_thread: {
        L4_ThreadId_t t;
        Status st = thread_add(p, t);
        if (st != Status::ok)
            return reply_status(st);
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(t).load();
        return Reply::now;
    }
    case Op::delete_thread: {
        L4_ThreadId_t t;
        return reply_status(r.thread(t) ? thread_remove(p, t) : Status::bad_request);
    }
    case Op::set_priority: {
        L4_ThreadId_t t;
        L4_Word_t priority;
        return reply_status(r.thread(t) && r.word(priority) ? thread_priority(p, t, priority) : Status::bad_request);
    }
    case Op::physical_address: {
        L4_Word_t address, physical;
        if (!r.word(address))
            return reply_status(Status::bad_request);
        Status st = physical_of(p, address, physical);
        if (st != Status::ok)
            return reply_status(st);
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(physical).load();
        return Reply::now;
    }
    case Op::share: return share(p, r);
    case Op::map_shared: return map_shared(p, r);
    case Op::unmap_shared: {
        L4_Word_t address;
        if (!r.word(address))
            return reply_status(Status::bad_request);
        Status st = unmap_shared_device(p, address);
        return reply_status(st == Status::not_found ? unmap_shared_page(p, address) : st);
    }
    case Op::pci_device: return pci_device(p, r);
    case Op::allocate: {
        L4_Word_t first, count;
        if (!r.word(first) || !r.word(count) || !allocate_for_p3(p, first, count))
            return reply_status(Status::not_permitted);
        return Reply::now;
    }
    default: break;
    }
    return Reply::later;                         // P3s ask only the above: ignore the rest
}

Reply from_anyone(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    MessageReader r(tag);
    switch (static_cast<Op>(L4_Label(tag))) {
    case Op::execute: return execute(r);
    case Op::wait: return wait(r, from);
    case Op::kill: return kill(r);
    case Op::process_info: return process_info(r);
    case Op::memory_info: return memory_info();
    case Op::recovery_policy: return recovery_policy(r);
    case Op::inject: return inject(r, from);
    case Op::code_faults: return code_faults(r);
    case Op::reboot: reboot();
    default: break;
    }
    if (is_page_fault(tag))
        return Reply::later;                     // not a P3 of ours: it stays blocked
    return reply_status(Status::bad_request);
}

} // namespace

void serve(const Policy& p, RecoveryPolicies& recovery_policies)
{
    policy = &p;
    recovery = &recovery_policies;
    // While orders wait for a busy P3, the loop wakes every millisecond to
    // try again (only when no reply is due: the registers hold it).
    constexpr L4_Word_t order_retry_us = 1000;
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        Reply reply = Reply::later;
        if (L4_IpcSucceeded(tag)) {
            Process* p3_of = process_by_p3(from);
            reply = p3_of ? from_p3(p3_of, tag) : from_anyone(from, tag);
        }
        if (orders_waiting && reply == Reply::later)
            orders_waiting = deliver_orders();
        L4_Time_t timeout = orders_waiting ? L4_TimePeriod(order_retry_us) : L4_Never;
        if (reply == Reply::now)
            tag = L4_ReplyWait_Timeout(from, timeout, &from);
        else
            tag = L4_Wait_Timeout(timeout, &from);
    }
}

} // namespace art
