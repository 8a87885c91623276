// System-call stubs: `int $0x30` with the register convention of
// kernel/api/syscall.h. The kernel preserves every register it does not
// return a result in.
#pragma once
#include "l4/utcb.h"
#include "api/syscall.h"
#include "api/kip.h"

namespace l4_detail {
constexpr L4_Word_t number(kapi::Syscall s) { return static_cast<L4_Word_t>(s); }

// A call with up to five arguments in ebx ecx edx esi edi; returns eax.
inline L4_Word_t syscall5(kapi::Syscall s, L4_Word_t a0, L4_Word_t a1 = 0, L4_Word_t a2 = 0,
                          L4_Word_t a3 = 0, L4_Word_t a4 = 0)
{
    L4_Word_t eax = number(s);
    asm volatile("int $0x30" : "+a"(eax), "+b"(a0), "+c"(a1), "+d"(a2), "+S"(a3), "+D"(a4) : : "memory");
    return eax;
}
} // namespace l4_detail

// --- Ipc --------------------------------------------------------------------
inline L4_MsgTag_t L4_Ipc(L4_ThreadId_t to, L4_ThreadId_t from_specifier, L4_Word_t timeouts, L4_ThreadId_t* from)
{
    kapi::Utcb* u = L4_Utcb();
    L4_Word_t eax = l4_detail::number(kapi::Syscall::ipc), mr0 = u->mr[0];
    asm volatile("int $0x30"
                 : "+a"(eax), "+S"(mr0)
                 : "b"(to.raw), "c"(from_specifier.raw), "d"(timeouts)
                 : "memory");
    u->mr[0] = mr0;
    if (from)
        from->raw = eax;
    return {mr0};
}

inline L4_MsgTag_t L4_Call_Timeouts(L4_ThreadId_t to, L4_Time_t send, L4_Time_t receive)
{
    return L4_Ipc(to, to, L4_Timeouts(send, receive), nullptr);
}
inline L4_MsgTag_t L4_Call(L4_ThreadId_t to) { return L4_Call_Timeouts(to, L4_Never, L4_Never); }
inline L4_MsgTag_t L4_Send_Timeout(L4_ThreadId_t to, L4_Time_t t)
{
    return L4_Ipc(to, L4_nilthread, L4_Timeouts(t, L4_Never), nullptr);
}
inline L4_MsgTag_t L4_Send(L4_ThreadId_t to) { return L4_Send_Timeout(to, L4_Never); }
inline L4_MsgTag_t L4_Receive_Timeout(L4_ThreadId_t from, L4_Time_t t)
{
    return L4_Ipc(L4_nilthread, from, L4_Timeouts(L4_Never, t), nullptr);
}
inline L4_MsgTag_t L4_Receive(L4_ThreadId_t from) { return L4_Receive_Timeout(from, L4_Never); }
inline L4_MsgTag_t L4_Wait_Timeout(L4_Time_t t, L4_ThreadId_t* from)
{
    return L4_Ipc(L4_nilthread, L4_anythread, L4_Timeouts(L4_Never, t), from);
}
inline L4_MsgTag_t L4_Wait(L4_ThreadId_t* from) { return L4_Wait_Timeout(L4_Never, from); }
inline L4_MsgTag_t L4_ReplyWait(L4_ThreadId_t to, L4_ThreadId_t* from)
{
    return L4_Ipc(to, L4_anythread, L4_Timeouts(L4_ZeroTime, L4_Never), from);
}
inline L4_MsgTag_t L4_ReplyWait_Timeout(L4_ThreadId_t to, L4_Time_t receive, L4_ThreadId_t* from)
{
    return L4_Ipc(to, L4_anythread, L4_Timeouts(L4_ZeroTime, receive), from);
}
inline L4_MsgTag_t L4_Reply(L4_ThreadId_t to)
{
    return L4_Ipc(to, L4_nilthread, L4_Timeouts(L4_ZeroTime, L4_Never), nullptr);
}
// Receiving from oneself never succeeds: the timeout is the sleep.
inline void L4_Sleep(L4_Time_t t) { L4_Receive_Timeout(L4_Myself(), t); }

// IPC error code (valid after a failed IPC).
constexpr L4_Word_t L4_ErrTimeout = static_cast<L4_Word_t>(kapi::IpcError::timeout);
constexpr L4_Word_t L4_ErrNoPartner = static_cast<L4_Word_t>(kapi::IpcError::no_partner);
constexpr L4_Word_t L4_ErrCanceled = static_cast<L4_Word_t>(kapi::IpcError::canceled);
constexpr L4_Word_t L4_ErrMsgOverflow = static_cast<L4_Word_t>(kapi::IpcError::message_overflow);
constexpr L4_Word_t L4_ErrAborted = static_cast<L4_Word_t>(kapi::IpcError::aborted);
inline L4_Word_t L4_IpcError() { return L4_ErrorCode() >> 1; }
inline bool L4_IpcErrorInReceive() { return (L4_ErrorCode() & 1) != 0; }

// --- Thread and space control (privileged) ------------------------------------
// Results as in X.2: 1 on success, 0 on failure with L4_ErrorCode() set.
inline L4_Word_t L4_ThreadControl(L4_ThreadId_t dest, L4_ThreadId_t space, L4_ThreadId_t scheduler,
                                  L4_ThreadId_t pager, L4_Word_t utcb_location)
{
    return l4_detail::syscall5(kapi::Syscall::thread_control, dest.raw, space.raw, scheduler.raw, pager.raw,
                               utcb_location) == 0;
}
constexpr L4_Word_t L4_NoUtcb = ~0u;

inline L4_Word_t L4_SpaceControl(L4_ThreadId_t space, L4_Word_t control, L4_Fpage_t kip_area,
                                 L4_Fpage_t utcb_area, L4_Word_t* old_control)
{
    L4_Word_t eax = l4_detail::number(kapi::Syscall::space_control), ebx = space.raw;
    asm volatile("int $0x30"
                 : "+a"(eax), "+b"(ebx)
                 : "c"(control), "d"(kip_area.raw), "S"(utcb_area.raw)
                 : "memory");
    if (old_control)
        *old_control = ebx;
    return eax == 0;
}

// --- ExchangeRegisters ---------------------------------------------------------
struct L4_ExchangeRegistersResult {
    L4_Word_t status, control, sp, ip, flags, user_defined_handle;
    L4_ThreadId_t pager;
};

inline L4_ExchangeRegistersResult L4_ExchangeRegistersFull(L4_ThreadId_t dest, L4_Word_t control, L4_Word_t sp,
                                                           L4_Word_t ip, L4_Word_t flags, L4_Word_t udh,
                                                           L4_ThreadId_t pager)
{
    kapi::Utcb* u = L4_Utcb();
    u->exreg_pager.raw = pager.raw;
    u->exreg_udh = udh;
    L4_Word_t eax = l4_detail::number(kapi::Syscall::exchange_registers), ebx = dest.raw, ecx = control,
              edx = sp, esi = ip;
    asm volatile("int $0x30" : "+a"(eax), "+b"(ebx), "+c"(ecx), "+d"(edx), "+S"(esi) : "D"(flags) : "memory");
    return {eax, ebx, ecx, edx, esi, u->exreg_udh, {u->exreg_pager.raw}};
}

// Arc: restart a thread in place at ip/sp, aborting any IPC it is blocked in.
inline L4_Word_t L4_Restart(L4_ThreadId_t dest, L4_Word_t ip, L4_Word_t sp)
{
    namespace e = kapi::exreg;
    return L4_ExchangeRegistersFull(dest, e::abort_send | e::abort_receive | e::set_ip | e::set_sp | e::set_halt,
                                    sp, ip, 0, 0, L4_nilthread).status == 0;
}
inline L4_Word_t L4_Stop(L4_ThreadId_t dest)
{
    namespace e = kapi::exreg;
    return L4_ExchangeRegistersFull(dest, e::set_halt | e::halt_flag, 0, 0, 0, 0, L4_nilthread).status == 0;
}
inline L4_Word_t L4_Start(L4_ThreadId_t dest)
{
    return L4_ExchangeRegistersFull(dest, kapi::exreg::set_halt, 0, 0, 0, 0, L4_nilthread).status == 0;
}

// --- Schedule, ThreadSwitch ----------------------------------------------------
constexpr L4_Word_t L4_KeepPriority = ~0u;
inline L4_Word_t L4_Set_Priority(L4_ThreadId_t t, L4_Word_t priority)
{
    return l4_detail::syscall5(kapi::Syscall::schedule, t.raw, priority, 0) == 0;
}
inline L4_Word_t L4_Set_Timeslice(L4_ThreadId_t t, L4_Word_t microseconds)
{
    return l4_detail::syscall5(kapi::Syscall::schedule, t.raw, L4_KeepPriority, microseconds) == 0;
}
inline void L4_ThreadSwitch(L4_ThreadId_t dest) { l4_detail::syscall5(kapi::Syscall::thread_switch, dest.raw); }
inline void L4_Yield() { L4_ThreadSwitch(L4_nilthread); }

// --- Unmap ---------------------------------------------------------------------
// Fpages in MR0..MRk; `control` = k | (flush ? L4_UnmapFlush : 0).
constexpr L4_Word_t L4_UnmapFlush = kapi::unmap_flush;
inline void L4_Unmap(L4_Word_t control) { l4_detail::syscall5(kapi::Syscall::unmap, control); }
inline L4_Fpage_t L4_UnmapFpage(L4_Fpage_t f, bool flush = false)
{
    L4_LoadMR(0, f.raw);
    L4_Unmap(flush ? L4_UnmapFlush : 0);
    return {L4_MR(0)};
}
inline L4_Fpage_t L4_Flush(L4_Fpage_t f) { return L4_UnmapFpage(f, true); }

// --- KernelInterface, InterruptControl, SystemClock -------------------------------
inline const kapi::Kip* L4_KernelInterface()
{
    L4_Word_t eax = l4_detail::number(kapi::Syscall::kernel_interface), ebx = 0, ecx, edx, esi;
    asm volatile("int $0x30" : "+a"(eax), "+b"(ebx), "=c"(ecx), "=d"(edx), "=S"(esi) : : "memory");
    return reinterpret_cast<const kapi::Kip*>(ebx);
}
// Arc's interrupt association (privileged): handler nil detaches.
inline L4_Word_t L4_InterruptControl(L4_ThreadId_t irq_thread, L4_ThreadId_t handler)
{
    return l4_detail::syscall5(kapi::Syscall::interrupt_control, irq_thread.raw, handler.raw) == 0;
}
constexpr L4_ThreadId_t L4_InterruptThread(L4_Word_t irq) { return L4_GlobalId(irq, 1); }

inline L4_Word64_t L4_SystemClock()
{
    L4_Word_t eax = l4_detail::number(kapi::Syscall::system_clock), ebx, ecx;
    asm volatile("int $0x30" : "+a"(eax), "=b"(ebx), "=c"(ecx) : : "memory");
    return (L4_Word64_t(ecx) << 32) | ebx;
}
