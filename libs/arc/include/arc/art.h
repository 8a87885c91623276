// Client side of the Arc Root Task's protocol (protocol/art.h): what any
// process, the shell first of all, asks of ART. ART's thread comes from the
// process's startup block; without one every call is Status::unavailable.
#pragma once
#include <stddef.h>
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "arc/protocol/code_faults.h"
#include "arc/protocol/recovery.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc::art {

// The longest text ART returns (a reason or a process name): one message's
// byte run, plus room for the NUL.
constexpr size_t max_text = max_message_bytes;

// How a process ended (wait's reply).
struct ExitInfo {
    L4_Word_t code = 0;
    char reason[max_text + 1] = {};   // empty after a normal exit
};

// One row of the process table (process_info's reply).
struct ProcessInfo {
    L4_Word_t pid = 0;
    L4_ThreadId_t pager = L4_nilthread;     // the process's P3
    L4_ThreadId_t main = L4_nilthread;      // the process's main thread
    ProcessState state = ProcessState::starting;
    L4_Word_t faults = 0;
    L4_Word_t restarts = 0;
    char name[max_text + 1] = {};
};

// Pages of physical memory as ART counts them.
struct MemoryInfo {
    L4_Word_t total = 0;
    L4_Word_t free = 0;
    L4_Word_t art = 0;            // held by ART itself (its image, tables)
    L4_Word_t processes = 0;      // held by P3s and their processes
};

// Starts `command` ("fs:program") with `arguments` (blank-separated, may be
// empty); `pid` identifies the new process. The program is loaded after the
// reply: a missing or bad file shows in wait's result, not here.
Status execute(const char* command, const char* arguments, L4_Word_t& pid);

// Blocks until process `pid` has ended. Returns the reply's status (e.g.
// Status::crashed, Status::bad_executable); `result` holds the exit code and
// ART's reason whenever the reply carries them.
Status wait(L4_Word_t pid, ExitInfo& result);

Status kill(L4_Word_t pid);

// Row `index` of the process table; Status::end_of_directory past the last.
Status process_info(L4_Word_t index, ProcessInfo& info);

Status memory_info(MemoryInfo& info);

// The pid of a live process running program `name` (the first in ART's table).
Status find_process(const char* name, L4_Word_t& pid);

// Makes process `pid` fail as `injection` at its injection point number
// after + 1 (arc/injection.h); sticky: after every restart again.
Status inject(L4_Word_t pid, recovery::Injection injection, L4_Word_t after, L4_Word_t argument, bool sticky);

// The restart policy of `program`, after applying `settings` ("" or
// nullptr: none) to it.
Status recovery_policy(const char* program, const char* settings, recovery::Policy& policy);

// The load-time fault plan of `program` after setting it to `plan` (an
// empty generator: only ask; "none": clear it).
Status code_faults(const char* program, const code_faults::Plan& set, code_faults::Plan& now);
// A plan in a message, as code_faults and get_job carry it.
void write_plan(MessageWriter& w, const code_faults::Plan& plan);
bool read_plan(MessageReader& r, code_faults::Plan& plan);

// Resets the machine; returns only if ART refused or is not there.
Status reboot();

} // namespace arc::art
