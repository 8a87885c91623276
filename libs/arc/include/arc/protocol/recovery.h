// Recovery (004 sections 4.3 to 4.5): the words a restartable server, its P3
// and ART share about failures and restarts. Declared once here; the
// ArcServer framework (arc/server.h), the P3 (pager/) and ART (root-task/)
// all include it.
#pragma once
#include "l4/types.h"

namespace arc::recovery {

// How a process was (re)started, coldest last (docs/recovery.md, the
// dissertation's table 4.1 made exact).
enum class Temperature : L4_Word_t {
    fresh = 0,     // its first start: Initialize()
    hot = 1,       // same space and thread; non-persistent pages reloaded; Recover()
    warm = 2,      // new space, same thread id; .pdata and sessions kept; Recover()
    cold = 3,      // new space, everything fresh including .pdata; Initialize()
    group = 4,     // the server and the processes that use it, oldest first
    reboot = 5,    // the whole machine
    none = 6,      // not restarted: the process ends (budget spent, policy says so)
};

const char* name(Temperature t);
bool keeps_persistent(Temperature t);     // hot and warm: Recover(), else Initialize()

// What went wrong (reported by the P3 to ART, logged, counted).
enum class Failure : L4_Word_t {
    page_fault = 1,       // outside the process's regions; detail: access rights
    exception = 2,        // a CPU exception; detail: its vector
    panic = 3,            // the process called panic
    deadline = 4,         // a request not answered within the server's deadline
    heartbeat = 5,        // an idle server that stopped beating
    recovery_failed = 6,  // Recover() said it could not
    rejuvenation = 7,     // not a failure: a planned restart between requests
    group = 8,            // not its failure: a server it uses restarted cold (004, 4.4.2)
};

const char* name(Failure f);
// One line for the log: "page fault at 0x00000000 (read), ip 0x00001234",
// "divide error (vector 0) at ip 0x00001234", "deadline of 200 ms missed".
// address, ip and detail as the P3 reports them (protocol/art.h, restart).
void describe(Failure f, L4_Word_t address, L4_Word_t ip, L4_Word_t detail, char* out, unsigned capacity);

// Faults a server can be made to commit on purpose (the shell's `fail`,
// the tests): each is one of the failures above when it happens.
enum class Injection : L4_Word_t {
    none = 0,
    null_dereference = 1,   // page fault at address 0
    divide_by_zero = 2,     // #DE
    invalid_opcode = 3,     // #UD
    endless_loop = 4,       // a hang: caught by the deadline
    panic = 5,              // arc::pager::panic
    wild_write = 6,         // a word of garbage somewhere in its own .pdata, then on
};
constexpr L4_Word_t injection_count = 7;

const char* name(Injection i);
// "null", "divide", "opcode", "loop", "panic", "wild" -> Injection; false if unknown.
bool parse(const char* text, Injection& out);

// The supervision page: one page the P3 maps read-write into its process
// at layout::control_page. The server's MainLoop reports its progress in
// it; the P3 reads that to find hangs, and arms injected faults in it. The
// P3 clears it on every restart and trusts none of it beyond a hint: a
// process can write anything here.
struct ControlPage {
    // --- written by the server, read by the P3 ---------------------------
    volatile L4_Word_t serving;        // 1 while a request is being served
    volatile L4_Word_t requests;       // requests taken so far
    volatile L4_Word_t client;         // whose request is being served (a thread id)
    volatile L4_Word_t beats;          // heartbeats: one per idle wake-up
    volatile L4_Word_t deadline_ms;    // the server's deadline per request (0: none)
    volatile L4_Word_t heartbeat_ms;   // its heartbeat period while idle (0: none)
    volatile L4_Word_t request_deadline_ms; // the request being served may take this long
                                            // instead (0: the server's deadline)
    // --- written by the P3, read by the server ---------------------------
    volatile L4_Word_t inject;         // an Injection, at the next injection point
    volatile L4_Word_t inject_after;   // injection points to pass first
    volatile L4_Word_t inject_argument; // wild_write: byte offset into the server's .pdata
    // --- written by the server, read by the P3 ---------------------------
    volatile L4_Word_t replaying;      // 1 while Recover() and the replay run
    volatile L4_Word_t initializing;   // 1 from MainLoop()'s start until .pdata is whole
                                       // (Initialize() returned, or it was whole already)
};

// A server's restart policy: ART keeps one per program name (the file
// `recovery` in the ram archive; the shell's `recovery` command changes
// it) and gives it to the P3, which applies it (pager/escalation.h).
struct Policy {
    Temperature first = Temperature::none;  // tried on a failure; none: end the process
    Temperature last = Temperature::none;   // escalation stops here; past it the process ends
                                            // (hot .. reboot; first=X alone sets last=X)
    L4_Word_t budget = 0;          // restarts allowed within window_ms (0: no limit)
    L4_Word_t window_ms = 0;
    L4_Word_t backoff_ms = 0;      // wait before the 2nd restart within the window, doubling after
    L4_Word_t rejuvenate_ms = 0;   // planned restart this often, between requests (0: never)
};
constexpr unsigned policy_words = 6;

// The longest a server may extend one request's deadline to (ArcServer::
// ExtendDeadline): past it the P3 takes the request for hung all the same.
constexpr L4_Word_t max_request_deadline_ms = 60000;

// The deadline of the request being served, as the P3 holds the server to
// it (0: none): the request's own if the server extended it, at most
// max_request_deadline_ms; else the server's.
constexpr L4_Word_t request_deadline(L4_Word_t server_ms, L4_Word_t extended_ms)
{
    if (!extended_ms)
        return server_ms;
    return extended_ms < max_request_deadline_ms ? extended_ms : max_request_deadline_ms;
}

// Applies one "key=value" setting (first=hot, last=group, budget=5,
// window=1000, backoff=10, rejuvenate=0) to `p`; false if it is not one.
bool apply_setting(Policy& p, const char* setting, unsigned length);
// Applies every blank-separated setting of `text`; on failure `bad` points
// at the setting that is not one.
bool apply_settings(Policy& p, const char* text, const char*& bad);
// "first=hot last=cold budget=5 window=1000 backoff=0 rejuvenate=0"
void describe(const Policy& p, char* out, unsigned capacity);

void pack(const Policy& p, L4_Word_t (&words)[policy_words]);
bool unpack(Policy& p, const L4_Word_t (&words)[policy_words]);   // false: not a valid policy

} // namespace arc::recovery
