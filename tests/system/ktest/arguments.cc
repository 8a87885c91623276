// Bad arguments get error codes, never a kernel crash; privileged calls are
// refused to unprivileged spaces; a deliberate kernel fault is a panic.
#include "child.h"
#include "ktest.h"

namespace ktest {
namespace {

using kapi::Error;
L4_Word_t code(Error e) { return static_cast<L4_Word_t>(e); }

// In an unprivileged space: every privileged call must be refused.
void unprivileged_child(L4_Word_t)
{
    L4_ThreadId_t victim = L4_GlobalId(900, 1);
    L4_Word_t refused = 0;
    refused += !L4_ThreadControl(victim, victim, L4_nilthread, L4_nilthread, L4_NoUtcb) &&
               L4_ErrorCode() == code(Error::no_privilege);
    L4_Word_t old;
    refused += !L4_SpaceControl(L4_Myself(), 0, L4_Nilpage, L4_Nilpage, &old) &&
               L4_ErrorCode() == code(Error::no_privilege);
    refused += !L4_InterruptControl(L4_InterruptThread(5), L4_Myself()) &&
               L4_ErrorCode() == code(Error::no_privilege);
    refused += L4_KDB_Shutdown(kapi::exit_code::fail) == code(Error::no_privilege);
    refused += L4_KDB_KernelFault() == code(Error::no_privilege);
    // Another space's thread cannot be controlled either.
    refused += L4_ExchangeRegistersFull(root, kapi::exreg::deliver, 0, 0, 0, 0, L4_nilthread).status ==
               code(Error::no_privilege);
    report(refused);
}

bool privileged_calls_refused()
{
    Child c;
    CHECK(spawn(c, unprivileged_child, 0));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == 6);
    kill(c);
    return true;
}

L4_Word_t raw_syscall(L4_Word_t number, L4_Word_t a0 = 0, L4_Word_t a1 = 0, L4_Word_t a2 = 0)
{
    L4_Word_t eax = number;
    asm volatile("int $0x30" : "+a"(eax), "+b"(a0), "+c"(a1), "+d"(a2) : : "memory", "esi", "edi");
    return eax;
}

bool bad_arguments_refused()
{
    using kapi::Syscall;
    // Unknown system call.
    CHECK(raw_syscall(77) == code(Error::invalid_syscall));
    CHECK(raw_syscall(static_cast<L4_Word_t>(Syscall::count)) == code(Error::invalid_syscall));
    // Wild pointers to the kernel debug console: kernel half, unmapped, wrapping.
    CHECK(L4_KDB_Write(reinterpret_cast<const char*>(0xc0000000), 16) == code(Error::bad_address));
    CHECK(L4_KDB_Write(reinterpret_cast<const char*>(0xbffffff8), 64) == code(Error::bad_address));
    CHECK(L4_KDB_Write("ok\n", 3) == code(Error::none));
    // ThreadControl: reserved numbers, version 0, unknown space, UTCB outside the area.
    L4_ThreadId_t t = new_thread_id();
    CHECK(!L4_ThreadControl(L4_GlobalId(5, 1), L4_GlobalId(5, 1), root, root, L4_NoUtcb));
    CHECK(L4_ErrorCode() == code(Error::invalid_thread));
    CHECK(!L4_ThreadControl(L4_GlobalId(L4_ThreadNo(t), 0), t, root, root, L4_NoUtcb));
    CHECK(!L4_ThreadControl(t, L4_GlobalId(999, 7), root, root, L4_NoUtcb));
    CHECK(L4_ErrorCode() == code(Error::invalid_space));
    CHECK(!L4_ThreadControl(t, root, root, root, 0x10000000));                       // not in our UTCB area
    CHECK(L4_ErrorCode() == code(Error::invalid_utcb));
    CHECK(!L4_ThreadControl(t, root, root, root, kip->boot_utcb_area & ~0x3ffu));    // our own UTCB's place
    CHECK(L4_ErrorCode() == code(Error::invalid_utcb));
    // SpaceControl: KIP area in the kernel, unaligned UTCB area, twice.
    CHECK(L4_ThreadControl(t, t, root, L4_nilthread, L4_NoUtcb));
    L4_Word_t old;
    CHECK(!L4_SpaceControl(t, 0, L4_FpageLog2(0xc0000000, 12), L4_FpageLog2(0xbfe00000, 20), &old));
    CHECK(L4_ErrorCode() == code(Error::invalid_kip_area));
    CHECK(!L4_SpaceControl(t, 0, L4_FpageLog2(0xbfff0000, 12), {0xbfe01000u | (20u << 4)}, &old));
    CHECK(L4_ErrorCode() == code(Error::invalid_utcb));
    CHECK(L4_SpaceControl(t, 0, L4_FpageLog2(0xbfff0000, 12), L4_FpageLog2(0xbfe00000, 20), &old));
    CHECK(!L4_SpaceControl(t, 0, L4_FpageLog2(0xbfff0000, 12), L4_FpageLog2(0xbfe00000, 20), &old));
    CHECK(L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb));
    // Deleting ourselves, or a thread that does not exist.
    CHECK(!L4_ThreadControl(root, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb));
    CHECK(!L4_ThreadControl(t, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb));
    // Schedule: priority out of range.
    CHECK(!L4_Set_Priority(root, 300));
    CHECK(L4_ErrorCode() == code(Error::invalid_param));
    // Interrupts: the timer and the cascade are the kernel's; numbers past 15 do not exist.
    CHECK(!L4_InterruptControl(L4_InterruptThread(0), root));
    CHECK(!L4_InterruptControl(L4_InterruptThread(2), root));
    CHECK(!L4_InterruptControl(L4_InterruptThread(16), root));
    // IPC: message words beyond the registers, a map item with an unaligned fpage,
    // a partner that does not exist.
    L4_LoadMR(0, L4_MsgTag(0, 63, 2).raw);
    CHECK(L4_IpcFailed(L4_Send_Timeout(root, L4_ZeroTime)) && L4_IpcError() == L4_ErrMsgOverflow);
    L4_LoadMR(0, 0);
    CHECK(L4_IpcFailed(L4_Send_Timeout(L4_GlobalId(1001, 3), L4_ZeroTime)) && L4_IpcError() == L4_ErrNoPartner);
    // Unmap of garbage fpages (kernel addresses, unaligned, I/O) does nothing harmful.
    L4_UnmapFpage({0xc0000000u | (12u << 4) | 7u}, true);
    L4_UnmapFpage({0x00001234u | (12u << 4) | 7u}, true);
    L4_UnmapFpage(L4_CompleteAddressSpace, false);   // revokes what we gave, keeps ours
    L4_Word_t still_here = *reinterpret_cast<volatile L4_Word_t*>(&t);
    CHECK(still_here == t.raw);
    return true;
}

// A child hands the kernel a pointer to memory it does not have yet: the
// kernel asks the child's pager (us), once; we map nothing, so the call
// fails with a bad address. Then a pointer into memory we do map: it works.
constexpr L4_Word_t unmapped = 0x50000000;

void kernel_copy_child(L4_Word_t)
{
    L4_Word_t refused = L4_KDB_Write(reinterpret_cast<const char*>(unmapped), 8);
    L4_Word_t served = L4_KDB_Write("child: printed from a page its pager mapped\n", 45);
    report(refused, served);
}

bool kernel_copy_asks_the_pager()
{
    Child c;
    CHECK(spawn(c, kernel_copy_child, 0));
    L4_ThreadId_t from;
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));     // serves the child's own pages
    // The kernel's read of the child's buffer arrives as the child's fault.
    CHECK(L4_IpcSucceeded(tag) && from == c.id);
    CHECK((L4_Label(tag) & kapi::label::is_page_fault_mask) == kapi::label::page_fault);
    CHECK(L4_MR(kapi::page_fault::address) == unmapped);
    L4_LoadMR(0, 0);                                          // map nothing
    CHECK(L4_IpcSucceeded(L4_Send_Timeout(c.id, L4_ZeroTime)));
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && from == c.id);
    CHECK(L4_MR(1) == code(Error::bad_address));
    CHECK(L4_MR(2) == code(Error::none));
    kill(c);
    return true;
}

bool kernel_fault_is_reported()
{
    rt::print("ktest: asking the kernel to fault; the harness must see a panic\n");
    L4_KDB_KernelFault();
    return false;                         // not reached: the kernel stops the machine
}

} // namespace

const Test argument_tests[] = {
    {"privileged_calls_refused", privileged_calls_refused, false},
    {"bad_arguments_refused", bad_arguments_refused, false},
    {"kernel_copy_asks_the_pager", kernel_copy_asks_the_pager, false},
    {"kernel_fault_is_reported", kernel_fault_is_reported, true},
    {nullptr, nullptr, false},
};

} // namespace ktest
