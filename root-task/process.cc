#include "process.h"
#include "dma.h"
#include "device_memory.h"
#include "memory.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace art {

namespace layout = arc::layout;

namespace {

// The process table and thread-id bookkeeping: ART's own state (ART is
// never restarted, so none of it is persistent).
Process table[max_processes];
L4_Word_t next_pid = 1;
elf::Image p3_program;
L4_ThreadId_t naming;

// Thread numbers ART hands out; the version grows on each reuse, so an old
// id never reaches a new thread.
constexpr L4_Word_t first_number = 40, last_number = 2047;
uint16_t versions[last_number + 1];
bool number_used[last_number + 1];

L4_ThreadId_t new_thread_id()
{
    for (L4_Word_t n = first_number; n <= last_number; ++n)
        if (!number_used[n]) {
            number_used[n] = true;
            versions[n] = static_cast<uint16_t>(versions[n] % 16000 + 1);
            return L4_GlobalId(n, versions[n]);
        }
    return L4_nilthread;
}

void free_thread_id(L4_ThreadId_t t)
{
    if (!L4_IsNilThread(t) && L4_ThreadNo(t) <= last_number)
        number_used[L4_ThreadNo(t)] = false;
}

void delete_thread(L4_ThreadId_t t)
{
    if (!L4_IsNilThread(t))
        L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb);
}

// A new space with one thread `t` whose pager is `pager`; the thread waits
// for its start message from that pager.
bool create_space(L4_ThreadId_t t, L4_ThreadId_t pager)
{
    L4_Word_t old;
    if (!L4_ThreadControl(t, t, L4_Myself(), L4_nilthread, L4_NoUtcb))
        return false;
    if (!L4_SpaceControl(t, 0, L4_FpageLog2(layout::kip_area, 12),
                         L4_FpageLog2(layout::utcb_area, layout::utcb_area_log2), &old) ||
        !L4_ThreadControl(t, t, L4_Myself(), pager, layout::utcb_area)) {
        delete_thread(t);
        return false;
    }
    return true;
}

// "ram:hello" -> fs "ram", path "hello", name "hello"; a boot image has no "fs:".
bool parse_command(Process& p, const char* command, bool boot_image)
{
    const char* colon = strchr(command, ':');
    const char* program = command;
    if (colon) {
        size_t n = static_cast<size_t>(colon - command);
        if (n == 0 || n >= sizeof(p.fs))
            return false;
        memcpy(p.fs, command, n);
        p.fs[n] = '\0';
        program = colon + 1;
    } else if (!boot_image) {
        return false;
    }
    if (!*program || strlcpy(p.path, program, sizeof(p.path)) >= sizeof(p.path))
        return false;
    const char* base = strrchr(program, '/');
    strlcpy(p.name, base ? base + 1 : program, sizeof(p.name));
    return p.name[0] != '\0';
}

bool live(const Process& p) { return p.used && p.state != arc::art::ProcessState::ended; }

// A free slot; when there is none, the oldest ended record nobody collected.
Process* free_slot()
{
    Process* oldest = nullptr;
    for (Process& p : table) {
        if (!p.used)
            return &p;
        if (p.state == arc::art::ProcessState::ended && (!oldest || p.pid < oldest->pid))
            oldest = &p;
    }
    return oldest;
}

void answer(L4_ThreadId_t waiter, arc::Status how, int code, const char* reason)
{
    arc::MessageWriter w(static_cast<L4_Word_t>(how));
    w.word(static_cast<L4_Word_t>(code)).string(reason);
    w.load();
    L4_Send_Timeout(waiter, L4_ZeroTime);
}

bool start_p3(Process& p)
{
    L4_LoadMR(0, L4_MsgTag(0, kapi::start::words).raw);
    L4_LoadMR(kapi::start::ip, p3_program.entry());
    L4_LoadMR(kapi::start::sp, 0);               // its crt0 brings its own stack
    return L4_IpcSucceeded(L4_Send_Timeout(p.p3, L4_ZeroTime));
}

bool reply_with_frame(L4_ThreadId_t to, uint32_t frame_address, L4_Word_t rights, L4_Word_t hotspot)
{
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(frame_address, 12), rights), hotspot);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMapItem(1, item);
    return L4_IpcSucceeded(L4_Send_Timeout(to, L4_ZeroTime));
}

// A fresh frame for the P3 at `page`, filled by `fill` (may be nullptr).
bool map_new_frame(Process* p, L4_Word_t page, L4_Word_t rights, const arc::PageFill* fill, L4_Word_t hotspot)
{
    if (page_table().find(p->holder, page) != no_frame)
        return false;                            // present already: a protection fault
    uint32_t f = frame_take_zeroed();
    if (f == no_frame)
        return false;
    if (fill && fill->source)
        memcpy(static_cast<uint8_t*>(window(f * frame_size)) + fill->offset, fill->source, fill->length);
    page_table().assign(f, p->holder, page, static_cast<uint8_t>(rights));
    reply_with_frame(p->p3, window_address(f), rights, hotspot);
    return true;
}

bool in(L4_Word_t a, L4_Word_t start, L4_Word_t end) { return a >= start && a < end; }

// May a P3 have plain memory here? Its mirror of the process (below its own
// program, the control page and the stack), its heap.
bool anonymous_allowed(L4_Word_t a)
{
    return in(a, layout::program_start, layout::shared_start) || in(a, layout::served_start, layout::served_end) ||
           in(a, layout::p3_heap, layout::image_window) ||
           in(a, layout::control_page, layout::control_page + layout::page_size) ||
           in(a, layout::stack_bottom, layout::stack_top);
}

void end_extra_threads(Process* p)
{
    for (L4_ThreadId_t& t : p->extra)
        if (!L4_IsNilThread(t)) {
            delete_thread(t);
            free_thread_id(t);
            t = L4_nilthread;
        }
}

void detach_interrupts(Process* p)
{
    for (L4_Word_t irq = 0; irq < 32; ++irq)
        if (p->interrupts & (1u << irq))
            L4_InterruptControl(L4_InterruptThread(irq), L4_nilthread);
    p->interrupts = 0;
}

// A fresh address space for the process's main thread: a placeholder
// thread makes the space, the main thread moves in (the kernel's
// migration keeps its id and the callers waiting for it), the placeholder
// goes. The old space goes with its last thread.
bool renew_space(Process* p)
{
    L4_ThreadId_t placeholder = new_thread_id();
    L4_Word_t old;
    if (L4_IsNilThread(placeholder))
        return false;
    bool ok = L4_ThreadControl(placeholder, placeholder, L4_Myself(), L4_nilthread, L4_NoUtcb) &&
              L4_SpaceControl(placeholder, 0, L4_FpageLog2(layout::kip_area, 12),
                              L4_FpageLog2(layout::utcb_area, layout::utcb_area_log2), &old) &&
              L4_ThreadControl(p->main, placeholder, L4_nilthread, L4_nilthread, layout::utcb_area);
    delete_thread(placeholder);
    free_thread_id(placeholder);
    return ok;
}

} // namespace

bool processes_init(const uint8_t* p3_image, size_t p3_size)
{
    elf::Policy policy;
    policy.lowest = layout::p3_start;
    policy.limit = layout::p3_heap;
    auto image = elf::Image::open(p3_image, p3_size, policy);
    if (!image.ok()) {
        char why[96];
        rt::print("art: the P3 program is not usable: %s\n", image.status().describe(why, sizeof(why)));
        return false;
    }
    p3_program = *image;
    return true;
}

Process* process_start(const char* command, const char* args, const uint8_t* image, size_t image_size,
                       arc::Status& why)
{
    Process* p = free_slot();
    if (!p) {
        why = arc::Status::busy;
        return nullptr;
    }
    *p = Process{};
    if (!parse_command(*p, command, image != nullptr) || strlcpy(p->args, args ? args : "", sizeof(p->args)) >= sizeof(p->args)) {
        why = arc::Status::bad_path;
        return nullptr;
    }
    p->image = image;
    p->image_size = image_size;
    p->p3 = new_thread_id();
    p->main = new_thread_id();
    if (L4_IsNilThread(p->p3) || L4_IsNilThread(p->main) || !create_space(p->p3, L4_Myself())) {
        free_thread_id(p->p3);
        free_thread_id(p->main);
        why = arc::Status::no_memory;
        return nullptr;
    }
    if (!create_space(p->main, p->p3)) {
        delete_thread(p->p3);
        free_thread_id(p->p3);
        free_thread_id(p->main);
        why = arc::Status::no_memory;
        return nullptr;
    }
    p->used = true;
    p->pid = next_pid++;
    p->holder = static_cast<uint16_t>((p - table) + 1);
    if (!start_p3(*p)) {
        process_end(p, -1, "its pager did not start", arc::Status::no_memory);
        why = arc::Status::no_memory;
        return nullptr;
    }
    why = arc::Status::ok;
    return p;
}

arc::Status process_restart(Process* p, arc::recovery::Temperature t)
{
    using arc::recovery::Temperature;
    if (t == Temperature::fresh || t >= Temperature::reboot)
        return arc::Status::bad_request;
    end_extra_threads(p);
    if (t != Temperature::hot) {
        detach_interrupts(p);
        if (!renew_space(p))
            return arc::Status::no_memory;
    }
    ++p->restarts;
    return arc::Status::ok;
}

void process_end(Process* p, int code, const char* reason, arc::Status how)
{
    if (p->order.label && !L4_IsNilThread(p->order.requester))
        answer(p->order.requester, arc::Status::not_found, 0, "");   // its order is moot now
    p->order = {};
    end_extra_threads(p);
    // Its DMA transfers stop before its buffers go back on the free list.
    for (L4_Word_t channel = 0; channel < isa_dma::channels; ++channel)
        if (p->dma_channels & (1u << channel))
            isa_dma_stop(channel);
    p->dma_channels = 0;
    device_process_ended(p);         // while it is still listed: its partners are found through it
    delete_thread(p->main);          // the kernel revokes everything mapped into the spaces
    delete_thread(p->p3);
    // Its shared pages: the partner's mapping derives from our window page
    // beside the owner's, so it is revoked here explicitly.
    page_table().release_holder(p->holder, [](uint32_t f) {
        const Page& page = page_table().page(f);
        if (page.shared() && page.partner)
            L4_UnmapFpage(L4_Set_Rights(L4_FpageLog2(window_address(f), 12), L4_FullyAccessible));
    });
    // Pages it mapped as a partner stay with their owners.
    for (unsigned i = 0; i < p->shared_in_count; ++i)
        if (page_table().page(p->shared_in[i]).partner == p->holder)
            page_table().detach_partner(p->shared_in[i]);
    p->shared_in_count = 0;
    free_thread_id(p->main);
    free_thread_id(p->p3);
    p->main = p->p3 = L4_nilthread;
    p->state = arc::art::ProcessState::ended;
    p->end_status = how;
    p->end_code = code;
    strlcpy(p->end_reason, reason ? reason : "", sizeof(p->end_reason));
    if (!L4_IsNilThread(p->waiter))
        process_collect(p, p->waiter);
}

void process_collect(Process* p, L4_ThreadId_t waiter)
{
    answer(waiter, p->end_status, p->end_code, p->end_reason);
    p->used = false;
}

Process* process_by_pid(L4_Word_t pid)
{
    for (Process& p : table)
        if (p.used && p.pid == pid)
            return &p;
    return nullptr;
}

Process* process_by_p3(L4_ThreadId_t p3)
{
    for (Process& p : table)
        if (live(p) && p.p3 == p3)
            return &p;
    return nullptr;
}

Process* process_by_main(L4_ThreadId_t main)
{
    for (Process& p : table)
        if (live(p) && p.main == main)
            return &p;
    return nullptr;
}

Process* process_at(unsigned index)
{
    for (Process& p : table)
        if (live(p) && index-- == 0)
            return &p;
    return nullptr;
}

bool serve_p3_fault(Process* p, L4_Word_t address, L4_Word_t access)
{
    (void)access;
    L4_Word_t page = layout::page_down(address);
    if (in(page, layout::p3_start, layout::p3_heap)) {
        arc::PageFill fill;
        if (!arc::page_fill(p3_program, page, fill))
            return false;
        return map_new_frame(p, page, fill.rights, &fill, address);
    }
    if (in(page, layout::image_window, layout::p3_end)) {
        // The boot image, read-only, straight from the archive's pages.
        L4_Word_t start = reinterpret_cast<L4_Word_t>(p->image);
        L4_Word_t offset = page - layout::image_window;
        if (!p->image || offset >= layout::page_up((start & 0xfff) + p->image_size))
            return false;
        reply_with_frame(p->p3, layout::page_down(start) + offset, L4_Readable, address);
        return true;
    }
    if (anonymous_allowed(page))
        return map_new_frame(p, page, L4_ReadWriteOnly, nullptr, address);
    return false;
}

arc::Status thread_add(Process* p, L4_ThreadId_t& created)
{
    unsigned slot = 0;
    while (slot < arc::art::max_extra_threads && !L4_IsNilThread(p->extra[slot]))
        ++slot;
    if (slot == arc::art::max_extra_threads)
        return arc::Status::busy;
    L4_ThreadId_t t = new_thread_id();
    if (L4_IsNilThread(t))
        return arc::Status::no_memory;
    // In the process's space, its pager the P3, its UTCB in the next slot;
    // it waits for its start message from the P3.
    if (!L4_ThreadControl(t, p->main, L4_Myself(), p->p3, layout::utcb_area + (slot + 1) * 4096)) {
        free_thread_id(t);
        return arc::Status::no_memory;
    }
    p->extra[slot] = t;
    created = t;
    return arc::Status::ok;
}

arc::Status thread_remove(Process* p, L4_ThreadId_t t)
{
    for (L4_ThreadId_t& e : p->extra)
        if (!L4_IsNilThread(t) && e == t) {
            delete_thread(t);
            free_thread_id(t);
            e = L4_nilthread;
            return arc::Status::ok;
        }
    return arc::Status::not_found;                // not one of its extra threads (or its main)
}

arc::Status thread_priority(Process* p, L4_ThreadId_t t, L4_Word_t priority)
{
    bool ours = t == p->main;
    for (L4_ThreadId_t e : p->extra)
        ours = ours || (!L4_IsNilThread(t) && e == t);
    if (!ours)
        return arc::Status::not_found;
    if (priority > arc::art::max_process_priority)
        return arc::Status::not_permitted;
    return L4_Set_Priority(t, priority) ? arc::Status::ok : arc::Status::bad_request;
}

arc::Status physical_of(Process* p, L4_Word_t address, L4_Word_t& physical)
{
    uint32_t f = page_table().find(p->holder, layout::page_down(address));
    if (f == no_frame)
        return arc::Status::not_found;
    physical = f * frame_size + (address & 0xfff);
    return arc::Status::ok;
}

arc::Status share_page(Process* owner, L4_Word_t address, L4_Word_t pid, L4_Word_t rights)
{
    Process* partner = process_by_pid(pid);
    if (!partner || partner == owner || partner->state == arc::art::ProcessState::ended)
        return arc::Status::not_found;
    uint32_t f = page_table().find(owner->holder, layout::page_down(address));
    if (f == no_frame)
        return arc::Status::not_found;
    return page_table().share(f, owner->holder, pid, static_cast<uint8_t>(rights & L4_ReadWriteOnly))
               ? arc::Status::ok
               : arc::Status::busy;                       // shared already
}

arc::Status map_shared_page(Process* partner, L4_Word_t owner_pid, L4_Word_t owner_address, L4_Word_t address)
{
    Process* owner = process_by_pid(owner_pid);
    if (!owner || owner == partner || owner->state == arc::art::ProcessState::ended)
        return arc::Status::not_found;
    if ((address & 0xfff) || !in(address, layout::mapped_start, layout::shared_end) ||
        partner->shared_in_count == Process::max_shared_in)
        return arc::Status::bad_request;
    uint32_t f = page_table().find(owner->holder, layout::page_down(owner_address));
    if (f == no_frame || !page_table().attach_partner(f, partner->pid, partner->holder, address))
        return arc::Status::not_permitted;                // not shared with this process
    partner->shared_in[partner->shared_in_count++] = f;
    L4_MapItem_t item =
        L4_MapItem(L4_Set_Rights(L4_FpageLog2(window_address(f), 12), page_table().page(f).share_rights), address);
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(arc::Status::ok), 0, 2).raw);
    L4_LoadMapItem(1, item);
    return arc::Status::ok;
}

arc::Status unmap_shared_page(Process* partner, L4_Word_t address)
{
    for (unsigned i = 0; i < partner->shared_in_count; ++i) {
        const Page& page = page_table().page(partner->shared_in[i]);
        if (page.partner != partner->holder || page.partner_vaddr != address)
            continue;
        page_table().detach_partner(partner->shared_in[i]);
        partner->shared_in[i] = partner->shared_in[--partner->shared_in_count];
        return arc::Status::ok;
    }
    return arc::Status::not_found;
}

bool allocate_for_p3(Process* p, L4_Word_t first, L4_Word_t count)
{
    if ((first & 0xfff) || count == 0 || count > arc::art::max_allocate_pages)
        return false;
    for (L4_Word_t i = 0; i < count; ++i)
        if (!anonymous_allowed(first + i * 4096))
            return false;
    for (L4_Word_t i = 0; i < count; ++i) {
        uint32_t f = frame_take_zeroed();
        if (f == no_frame)
            return false;                         // what was given stays the P3's
        L4_Word_t page = first + i * 4096;
        page_table().assign(f, p->holder, page, static_cast<uint8_t>(L4_ReadWriteOnly));
        L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(window_address(f), 12), L4_ReadWriteOnly), page);
        L4_LoadMapItem(1 + 2 * i, item);
    }
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(arc::Status::ok), 0, 2 * count).raw);
    return true;
}

arc::Status allocate_dma_for_p3(Process* p, L4_Word_t address, L4_Word_t bytes)
{
    if ((address & 0xfff) || bytes == 0 || (bytes & 0xfff) || bytes > arc::art::max_dma_bytes)
        return arc::Status::bad_request;
    L4_Word_t pages = bytes / frame_size;
    for (L4_Word_t i = 0; i < pages; ++i)
        if (!anonymous_allowed(address + i * frame_size) ||
            page_table().find(p->holder, address + i * frame_size) != no_frame)
            return arc::Status::bad_request;
    uint32_t align = 1;
    while (align < pages)
        align <<= 1;
    uint32_t first = page_table().take_run(pages, align, isa_dma::reach / frame_size);
    if (first == no_frame)
        return arc::Status::no_memory;
    for (L4_Word_t i = 0; i < pages; ++i) {
        uint32_t f = first + i;
        memset(window(f * frame_size), 0, frame_size);
        page_table().assign(f, p->holder, address + i * frame_size, static_cast<uint8_t>(L4_ReadWriteOnly));
        L4_LoadMapItem(2 + 2 * i, L4_MapItem(L4_Set_Rights(L4_FpageLog2(window_address(f), 12), L4_ReadWriteOnly),
                                             address + i * frame_size));
    }
    L4_LoadMR(1, first * frame_size);
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(arc::Status::ok), 1, 2 * pages).raw);
    return arc::Status::ok;
}

arc::Status start_dma_for(Process* p, L4_Word_t channel, L4_Word_t address, L4_Word_t bytes, L4_Word_t flags)
{
    if (channel >= isa_dma::channels || bytes == 0 || bytes > arc::art::max_dma_bytes ||
        (flags & ~arc::art::dma_auto_init))
        return arc::Status::bad_request;
    // Every page of the buffer the P3's, each the frame after the one before.
    uint32_t first = page_table().find(p->holder, layout::page_down(address));
    if (first == no_frame)
        return arc::Status::not_found;
    L4_Word_t end = address + bytes;
    for (L4_Word_t page = layout::page_down(address) + frame_size, f = first + 1; page < end;
         page += frame_size, ++f)
        if (page_table().find(p->holder, page) != f)
            return arc::Status::bad_request;
    L4_Word_t physical = first * frame_size + (address & 0xfff);
    if (isa_dma::check(channel, physical, bytes) != isa_dma::Refusal::none)
        return arc::Status::bad_request;
    isa_dma_start(channel, physical, bytes, flags & arc::art::dma_auto_init);
    p->dma_channels |= 1u << channel;
    return arc::Status::ok;
}

arc::Status stop_dma_for(Process* p, L4_Word_t channel)
{
    if (channel >= isa_dma::channels || channel == isa_dma::cascade_channel)
        return arc::Status::bad_request;
    isa_dma_stop(channel);
    p->dma_channels &= ~(1u << channel);
    return arc::Status::ok;
}

L4_ThreadId_t naming_thread() { return naming; }
void set_naming_thread(L4_ThreadId_t t) { naming = t; }

} // namespace art
