#include "child.h"
#include "rt/print.h"

extern "C" char _end[];

namespace ktest {

L4_ThreadId_t root;
const kapi::Kip* kip;

namespace {

constexpr L4_Word_t child_kip_area = 0xbfff0000;
constexpr L4_Word_t child_utcb_area = 0xbfe00000;
constexpr unsigned child_utcb_log2 = 20;
constexpr L4_Word_t first_number = 64, last_number = 1023;
constexpr unsigned stack_slots = 8;
constexpr unsigned stack_bytes = 16384;

// Test bookkeeping (not persistent: ktest is never restarted).
L4_Word_t next_number = first_number;
uint16_t versions[last_number + 1];
bool slot_used[stack_slots];
L4_ThreadId_t slot_owner[stack_slots];
alignas(4096) char stacks[stack_slots][stack_bytes];

// Where a child's entry function returns to: tell the test, then wait forever.
void child_returned()
{
    L4_LoadMR(0, L4_MsgTag(label::done, 0).raw);
    L4_Send(root);
    for (;;)
        L4_Sleep(L4_Never);
}

} // namespace

L4_ThreadId_t new_thread_id()
{
    L4_Word_t n = next_number;
    next_number = n == last_number ? first_number : n + 1;
    versions[n] = static_cast<uint16_t>(versions[n] % 16000 + 1);
    return L4_GlobalId(n, versions[n]);
}

bool spawn(Child& c, ChildEntry entry, L4_Word_t arg, L4_ThreadId_t pager, L4_Word_t priority)
{
    unsigned slot = 0;
    while (slot < stack_slots && slot_used[slot])
        ++slot;
    if (slot == stack_slots)
        return false;
    L4_ThreadId_t id = new_thread_id();
    L4_Word_t old;
    if (!L4_ThreadControl(id, id, root, L4_nilthread, L4_NoUtcb))
        return false;
    if (!L4_SpaceControl(id, 0, L4_FpageLog2(child_kip_area, 12), L4_FpageLog2(child_utcb_area, child_utcb_log2),
                         &old) ||
        !L4_ThreadControl(id, id, root, pager, child_utcb_area) || !L4_Set_Priority(id, priority)) {
        L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb);
        return false;
    }
    // A C call frame: the argument, and a return address that reports back.
    auto* sp = reinterpret_cast<L4_Word_t*>(stacks[slot] + stack_bytes);
    *--sp = arg;
    *--sp = reinterpret_cast<L4_Word_t>(child_returned);
    namespace e = kapi::exreg;
    if (L4_ExchangeRegistersFull(id, e::set_ip | e::set_sp | e::set_halt, reinterpret_cast<L4_Word_t>(sp),
                                 reinterpret_cast<L4_Word_t>(entry), 0, 0, L4_nilthread)
            .status != 0) {
        L4_ThreadControl(id, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb);
        return false;
    }
    slot_used[slot] = true;
    slot_owner[slot] = id;
    c = {id, slot};
    return true;
}

bool spawn(Child& c, ChildEntry entry, L4_Word_t arg) { return spawn(c, entry, arg, root); }

void kill(Child& c)
{
    if (L4_IsNilThread(c.id))
        return;
    if (!L4_ThreadControl(c.id, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb))
        rt::print("ktest: could not delete child %x (error %u)\n", c.id.raw, L4_ErrorCode());
    slot_used[c.slot] = false;
    c.id = L4_nilthread;
}

void kill_all()
{
    for (unsigned slot = 0; slot < stack_slots; ++slot)
        if (slot_used[slot]) {
            Child c{slot_owner[slot], slot};
            kill(c);
        }
}

bool in_image(L4_Word_t address) { return address >= 0x1000 && address < reinterpret_cast<L4_Word_t>(_end); }

namespace {
bool is_page_fault(L4_MsgTag_t tag)
{
    return (L4_Label(tag) & kapi::label::is_page_fault_mask) == kapi::label::page_fault;
}

} // namespace

void load_map_reply(L4_Word_t our_page, L4_Word_t rights, L4_Word_t hotspot)
{
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(our_page & ~0xfffu, 12), rights), hotspot);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMapItem(1, item);
}

L4_MsgTag_t serve(L4_ThreadId_t* from, L4_Time_t timeout)
{
    L4_MsgTag_t tag = L4_Wait_Timeout(timeout, from);
    for (;;) {
        if (L4_IpcFailed(tag))
            return tag;
        L4_Word_t address = L4_MR(kapi::page_fault::address);
        if (!is_page_fault(tag) || !in_image(address))
            return tag;
        load_map_reply(address, L4_FullyAccessible, address);
        tag = L4_Ipc(*from, L4_anythread, L4_Timeouts(L4_ZeroTime, timeout), from);
    }
}


void settle()
{
    L4_ThreadId_t from;
    while (L4_IpcSucceeded(serve(&from, milliseconds(20)))) {
    }
}

L4_MsgTag_t call_child(L4_ThreadId_t child, L4_Time_t timeout)
{
    L4_MsgTag_t tag = L4_Call_Timeouts(child, L4_Never, timeout);
    while (L4_IpcSucceeded(tag) && is_page_fault(tag) && in_image(L4_MR(kapi::page_fault::address))) {
        L4_Word_t address = L4_MR(kapi::page_fault::address);
        load_map_reply(address, L4_FullyAccessible, address);
        tag = L4_Ipc(child, child, L4_Timeouts(L4_ZeroTime, timeout), nullptr);
    }
    return tag;
}

void report(L4_Word_t a, L4_Word_t b, L4_Word_t c, L4_Word_t d)
{
    L4_LoadMR(0, L4_MsgTag(label::report, 4).raw);
    L4_LoadMR(1, a);
    L4_LoadMR(2, b);
    L4_LoadMR(3, c);
    L4_LoadMR(4, d);
    L4_Send(root);
}

} // namespace ktest
