// Thread control blocks. Each thread owns one 4 KiB frame: the Tcb at the
// bottom, its kernel stack above it growing down, and at the very top the
// TrapFrame with its user registers whenever it is in the kernel.
#pragma once
#include <stdint.h>
#include "api/types.h"
#include "api/utcb.h"
#include "arch/x86/trapframe.h"

namespace kernel {

class Space;

enum class ThreadState : uint8_t {
    inactive,     // created, not yet given a UTCB and a pager
    ready,        // runnable (the running thread is ready too); in a ready queue
    sending,      // blocked in the send phase, queued at its partner
    receiving,    // blocked in the receive phase
    halted,       // stopped by ExchangeRegisters or after an unhandled fault
};

// Why the kernel, not the user, started the IPC the thread is blocked in.
// Such a thread's user registers are not IPC results: the reply is applied by
// the kernel (map the page, set the registers, start the thread).
enum class KernelIpc : uint8_t { none, page_fault, exception, start };

struct Tcb {
    kapi::ThreadId id;
    ThreadState state = ThreadState::inactive;
    KernelIpc kernel_ipc = KernelIpc::none;
    uint8_t priority = 0;
    bool halt_requested = false;   // halt as soon as the current IPC finishes

    Space* space = nullptr;
    kapi::Utcb* utcb = nullptr;     // kernel address (direct map)
    uint32_t utcb_user = 0;        // where it is mapped in the space; 0 = none yet
    uint32_t kernel_sp = 0;        // saved stack pointer while switched out
    uint64_t utcb_segment = 0;     // the %gs descriptor for utcb_user

    // Scheduling.
    Tcb* ready_next = nullptr;
    Tcb* ready_prev = nullptr;
    uint32_t timeslice_ticks = 0;
    uint32_t remaining_ticks = 0;
    uint64_t wakeup_tick = 0;      // 0: no timeout pending
    Tcb* timeout_next = nullptr;
    Tcb* timeout_prev = nullptr;

    // IPC. While sending: partner = destination; after the send completes the
    // thread receives from `receive_from` if that is not nil (a call).
    kapi::ThreadId partner;
    kapi::ThreadId receive_from;
    kapi::Time receive_timeout;
    kapi::Word send_tag = 0;
    Tcb* send_queue = nullptr;      // threads blocked sending to this one
    Tcb* queue_next = nullptr;      // links in the queue of `queued_at`
    Tcb* queue_prev = nullptr;
    Tcb* queued_at = nullptr;

    // Result of the last IPC, read by the system-call exit or the fault path.
    kapi::ThreadId result_from;
    kapi::Word result_tag = 0;
    kapi::Word result_error = 0;     // kapi::ipc_error_word, 0 = success

    // A message the kernel composed on the thread's behalf (fault, exception).
    kapi::Word kernel_msg[1 + 12] = {};

    uint16_t pending_irqs = 0;      // interrupts for this handler not yet received

    kapi::ThreadId pager;
    kapi::ThreadId exception_handler;
    kapi::ThreadId scheduler;
    kapi::Word user_defined_handle = 0;

    uint32_t stack_canary;

    x86::TrapFrame* frame()
    {
        return reinterpret_cast<x86::TrapFrame*>(reinterpret_cast<char*>(this) + 4096) - 1;
    }
    uint32_t stack_top() const { return reinterpret_cast<uint32_t>(this) + 4096; }
    bool blocked_in_ipc() const { return state == ThreadState::sending || state == ThreadState::receiving; }
};

constexpr uint32_t stack_canary_value = 0x57ac4ca2;
constexpr unsigned max_threads = 2048;           // thread numbers 0..2047
constexpr unsigned interrupt_threads = 16;       // numbers 0..15 are IRQ lines
constexpr unsigned idle_thread_number = 16;
constexpr unsigned thread_user_base = 32;        // sigma0; root task = base + 2
constexpr uint8_t default_priority = 100;
constexpr uint32_t default_timeslice_ticks = 10;

// The thread with exactly this id (number and version), or nullptr.
Tcb* thread_lookup(kapi::ThreadId id);
bool thread_number_free(kapi::Word number);
Tcb* thread_by_number(unsigned number);   // any thread, idle included, or nullptr

// Creates a thread in `space` (inactive). nullptr when out of memory.
Tcb* thread_create(kapi::ThreadId id, Space* space);
// Gives an inactive thread its UTCB; false if the location is not usable.
bool thread_set_utcb(Tcb* t, uint32_t utcb_user);
// An inactive thread with UTCB and pager starts waiting for its start message.
void thread_activate(Tcb* t);
// Makes the thread runnable at `ip`/`sp` in user mode, without a start message.
void thread_start(Tcb* t, uint32_t ip, uint32_t sp);
// Removes a thread: aborts IPC with it, releases its UTCB and TCB frame.
void thread_delete(Tcb* t);
// Moves t (not the caller) into `to`, its UTCB page to `utcb_user` there;
// false if that address is not free in `to`. Senders queued at t and
// threads in a closed receive from t are not disturbed; t's own IPC is
// canceled. The old space goes when t was its last thread.
bool thread_migrate(Tcb* t, Space* to, uint32_t utcb_user);
unsigned thread_count();
void thread_dump();           // every thread's state and partner, on the kernel console

Tcb* idle_thread_create();

} // namespace kernel
