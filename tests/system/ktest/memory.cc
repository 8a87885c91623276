// Memory: page faults served by a user-level pager, grant, recursive unmap,
// space deletion giving back every frame, exceptions as IPC.
#include "child.h"
#include "ktest.h"
#include "rt/string.h"

namespace ktest {
namespace {

constexpr L4_Word_t outside = 0x50000000;     // mapped nowhere until a pager says so
constexpr L4_Word_t magic = 0x600dcafe;

alignas(4096) volatile L4_Word_t scratch[1024];      // one page of ours to hand out
alignas(4096) volatile L4_Word_t scratch2[1024];

bool is_fault(L4_MsgTag_t tag) { return (L4_Label(tag) & kapi::label::is_page_fault_mask) == kapi::label::page_fault; }

void reply_map(L4_ThreadId_t to, L4_Word_t our_page, L4_Word_t rights, L4_Word_t hotspot)
{
    load_map_reply(our_page, rights, hotspot);
    L4_Send_Timeout(to, L4_ZeroTime);
}

// --- page fault served by a user pager -----------------------------------------

void reader_child(L4_Word_t address) { report(*reinterpret_cast<volatile L4_Word_t*>(address)); }

void writer_child(L4_Word_t address)
{
    *reinterpret_cast<volatile L4_Word_t*>(address) = magic + 1;
    report(1);
}

bool pagefault_user_pager()
{
    scratch[0x10 / 4] = magic;
    Child c;
    CHECK(spawn(c, reader_child, outside + 0x10));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    // The fault outside our image comes to us: address, IP, read access.
    CHECK(L4_IpcSucceeded(tag) && is_fault(tag) && from == c.id);
    CHECK(L4_MR(kapi::page_fault::address) == outside + 0x10);
    CHECK(in_image(L4_MR(kapi::page_fault::ip)));
    CHECK((L4_Label(tag) & kapi::rights::w) == 0);
    reply_map(c.id, reinterpret_cast<L4_Word_t>(scratch), L4_Readable, outside);
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == magic);
    kill(c);

    // A write to a page mapped read-only faults again, as a write.
    Child w;
    CHECK(spawn(w, writer_child, outside));
    tag = serve(&from, milliseconds(1000));
    CHECK(is_fault(tag) && L4_MR(kapi::page_fault::address) == outside && (L4_Label(tag) & kapi::rights::w));
    reply_map(w.id, reinterpret_cast<L4_Word_t>(scratch), L4_Readable, outside);
    tag = serve(&from, milliseconds(1000));
    CHECK(is_fault(tag) && L4_MR(kapi::page_fault::address) == outside && (L4_Label(tag) & kapi::rights::w));
    reply_map(w.id, reinterpret_cast<L4_Word_t>(scratch), L4_ReadWriteOnly, outside);
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && scratch[0] == magic + 1);   // it wrote our page
    kill(w);
    return true;
}

// --- grant ------------------------------------------------------------------------

// Receives a granted page at `outside` and reports its first word.
void grant_receiver(L4_Word_t)
{
    L4_Accept(L4_FpageLog2(outside, 12));
    L4_MsgTag_t tag = L4_Receive(root);
    report(L4_TypedWords(tag), *reinterpret_cast<volatile L4_Word_t*>(outside));
}

bool grant_moves_page()
{
    scratch2[0] = magic;
    Child c;
    CHECK(spawn(c, grant_receiver, 0));
    L4_ThreadId_t from;
    serve(&from, milliseconds(20));                 // until it waits for us
    L4_GrantItem_t item = L4_GrantItem(L4_Set_Rights(L4_FpageLog2(reinterpret_cast<L4_Word_t>(scratch2), 12),
                                                     L4_ReadWriteOnly),
                                       0);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMapItem(1, item);
    CHECK(L4_IpcSucceeded(L4_Send_Timeout(c.id, milliseconds(100))));
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == 2 && L4_MR(2) == magic);
    // The page has left us: touching the address again gets another page
    // from our own pager (sigma0), not the granted one.
    CHECK(scratch2[0] != magic);
    kill(c);
    return true;
}

// --- unmap revokes recursively ---------------------------------------------------

L4_ThreadId_t grandchild_id;

// Passes the page it was given at `outside` on to the grandchild, then
// reports each time it can read it.
void middle_child(L4_Word_t)
{
    L4_Word_t first = *reinterpret_cast<volatile L4_Word_t*>(outside);   // faults: root maps it
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(outside, 12), L4_Readable), 0);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMapItem(1, item);
    L4_Send(grandchild_id);
    report(first);
    L4_Receive(root);                                                    // wait for "touch again"
    report(*reinterpret_cast<volatile L4_Word_t*>(outside));
}

void grandchild(L4_Word_t)
{
    L4_Accept(L4_FpageLog2(outside + 0x1000, 12));
    L4_Receive(L4_anythread);
    L4_Accept(L4_Nilpage);
    report(*reinterpret_cast<volatile L4_Word_t*>(outside + 0x1000));
    L4_Receive(root);
    report(*reinterpret_cast<volatile L4_Word_t*>(outside + 0x1000));
}

bool unmap_revokes_recursively()
{
    scratch[0] = magic;
    Child a, b;
    CHECK(spawn(b, grandchild, 0));
    grandchild_id = b.id;
    L4_ThreadId_t from;
    serve(&from, milliseconds(20));
    CHECK(spawn(a, middle_child, 0));
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    CHECK(is_fault(tag) && from == a.id && L4_MR(kapi::page_fault::address) == outside);
    reply_map(a.id, reinterpret_cast<L4_Word_t>(scratch), L4_Readable, outside);
    bool a_reported = false, b_reported = false;
    while (!a_reported || !b_reported) {
        tag = serve(&from, milliseconds(1000));
        CHECK(L4_Label(tag) == label::report && L4_MR(1) == magic);
        (from == a.id ? a_reported : b_reported) = true;
    }
    // Revoke what we gave: both the child's and the grandchild's mappings go,
    // ours stays.
    L4_UnmapFpage(L4_Set_Rights(L4_FpageLog2(reinterpret_cast<L4_Word_t>(scratch), 12), L4_FullyAccessible));
    CHECK(scratch[0] == magic);
    // Asked to touch the page again, each faults to its pager (us).
    L4_LoadMR(0, 0);
    CHECK(L4_IpcSucceeded(L4_Send_Timeout(a.id, milliseconds(100))));
    tag = serve(&from, milliseconds(1000));
    CHECK(is_fault(tag) && from == a.id && L4_MR(kapi::page_fault::address) == outside);
    L4_LoadMR(0, 0);
    CHECK(L4_IpcSucceeded(L4_Send_Timeout(b.id, milliseconds(100))));
    tag = serve(&from, milliseconds(1000));
    CHECK(is_fault(tag) && from == b.id && L4_MR(kapi::page_fault::address) == outside + 0x1000);
    // Flushing takes our own page too: reading it again gets another page.
    L4_Flush(L4_Set_Rights(L4_FpageLog2(reinterpret_cast<L4_Word_t>(scratch), 12), L4_FullyAccessible));
    CHECK(scratch[0] != magic);
    kill(a);
    kill(b);
    return true;
}

// --- space deletion ------------------------------------------------------------------

void hello_child(L4_Word_t n) { report(n); }

bool space_deletion_frees_memory()
{
    // Warm up once, so lazily built state is not counted as a leak.
    Child c;
    L4_ThreadId_t from;
    CHECK(spawn(c, hello_child, 0));
    serve(&from, milliseconds(1000));
    kill(c);
    kapi::KernelStats before = L4_KDB_Stats();
    for (L4_Word_t i = 0; i < 1000; ++i) {
        CHECK(spawn(c, hello_child, i));
        L4_MsgTag_t tag = serve(&from, milliseconds(1000));
        CHECK(L4_Label(tag) == label::report && L4_MR(1) == i && from == c.id);
        kill(c);
    }
    kapi::KernelStats after = L4_KDB_Stats();
    rt::print("ktest: kernel frames free %u before, %u after; spaces %u/%u; mapping nodes %u/%u\n",
              before.free_frames, after.free_frames, before.spaces, after.spaces, before.mapping_nodes,
              after.mapping_nodes);
    CHECK(after.free_frames == before.free_frames);
    CHECK(after.spaces == before.spaces && after.threads == before.threads);
    CHECK(after.mapping_nodes == before.mapping_nodes);
    return true;
}

// --- exceptions ------------------------------------------------------------------------

void faulting_child(L4_Word_t)
{
    L4_Word_t before = 1;
    asm volatile("ud2");              // the handler skips it and sets eax
    L4_Word_t eax;
    asm volatile("" : "=a"(eax));
    report(before, eax);
}

bool exception_ipc()
{
    Child c;
    CHECK(spawn(c, faulting_child, 0));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    namespace ex = kapi::exception;
    CHECK(L4_Label(tag) == kapi::label::exception && L4_UntypedWords(tag) == ex::words && from == c.id);
    CHECK(L4_MR(ex::vector) == 6);                                  // #UD
    const unsigned char* ip = reinterpret_cast<const unsigned char*>(L4_MR(ex::eip));
    CHECK(ip[0] == 0x0f && ip[1] == 0x0b);                          // it points at the ud2
    L4_LoadMR(ex::eip, L4_MR(ex::eip) + 2);
    L4_LoadMR(ex::eax, 0x5eed);
    L4_LoadMR(0, L4_MsgTag(0, ex::words).raw);
    CHECK(L4_IpcSucceeded(L4_Send_Timeout(c.id, L4_ZeroTime)));
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(2) == 0x5eed);
    kill(c);
    return true;
}

} // namespace

const Test memory_tests[] = {
    {"pagefault_user_pager", pagefault_user_pager, false},
    {"grant_moves_page", grant_moves_page, false},
    {"unmap_revokes_recursively", unmap_revokes_recursively, false},
    {"space_deletion_frees_memory", space_deletion_frees_memory, false},
    {"exception_ipc", exception_ipc, false},
    {nullptr, nullptr, false},
};

} // namespace ktest
