// ps, kill, wait and mem: what ART knows about processes and memory.
#include "arc/art.h"
#include "commands.h"
#include "api/types.h"
#include "programs.h"
#include "rt/print.h"
#include "shell.h"

namespace msh {

namespace {
using arc::Status;

constexpr L4_Word_t page_bytes = L4_Word_t(1) << kapi::Fpage::page_bits;
constexpr L4_Word_t bytes_per_kib = 1024;
constexpr L4_Word_t kib_per_page = page_bytes / bytes_per_kib;

const char* state_name(arc::art::ProcessState s)
{
    switch (s) {
    case arc::art::ProcessState::starting: return "starting";
    case arc::art::ProcessState::running: return "running";
    case arc::art::ProcessState::ended: return "ended";
    }
    return "?";
}

// Thread ids as L4 writes them: number.version.
const char* thread_name(L4_ThreadId_t t, char* out, size_t capacity)
{
    if (L4_IsNilThread(t))
        rt::snprintf(out, capacity, "-");
    else
        rt::snprintf(out, capacity, "%u.%u", static_cast<unsigned>(L4_ThreadNo(t)),
                     static_cast<unsigned>(L4_Version(t)));
    return out;
}

// "kill 7": one argument, a process id.
bool one_pid(Words& words, L4_Word_t& pid)
{
    uint32_t value = 0;
    if (words.count() != 2 || !parse_number(words[1], value))
        return false;
    pid = value;
    return true;
}

// Free pages at the previous mem, so that mem can say what changed.
L4_Word_t last_free;
bool have_last_free;
} // namespace

int cmd_ps(Words&)
{
    static arc::art::ProcessInfo info;    // a name's worth of text: not on the stack
    rt::print("%5s  %-16s %-9s %-9s %-9s %6s %8s\n", "PID", "NAME", "STATE", "P3", "MAIN",
              "FAULTS", "RESTARTS");
    for (L4_Word_t index = 0;; ++index) {
        Status s = arc::art::process_info(index, info);
        if (s == Status::end_of_directory)
            return success;
        if (s != Status::ok)
            return fail("ps: %s", arc::describe(s));
        char pager[16], main[16];
        rt::print("%5u  %-16s %-9s %-9s %-9s %6u %8u\n", static_cast<unsigned>(info.pid), info.name,
                  state_name(info.state), thread_name(info.pager, pager, sizeof pager),
                  thread_name(info.main, main, sizeof main), static_cast<unsigned>(info.faults),
                  static_cast<unsigned>(info.restarts));
    }
}

int cmd_kill(Words& words)
{
    L4_Word_t pid = 0;
    if (!one_pid(words, pid))
        return fail("kill: usage: kill PID (ps lists them)");
    Status s = arc::art::kill(pid);
    if (s != Status::ok)
        return fail("kill: %s: %s", words[1], arc::describe(s));
    return success;
}

int cmd_wait(Words& words)
{
    L4_Word_t pid = 0;
    if (!one_pid(words, pid))
        return fail("wait: usage: wait PID");
    char name[24];
    rt::snprintf(name, sizeof name, "[%u]", static_cast<unsigned>(pid));
    return wait_for(name, pid);
}

int cmd_mem(Words&)
{
    arc::art::MemoryInfo m;
    Status s = arc::art::memory_info(m);
    if (s != Status::ok)
        return fail("mem: %s", arc::describe(s));
    L4_Word_t used = m.total - m.free;
    rt::print("total %8u pages %9u KiB\n", static_cast<unsigned>(m.total),
              static_cast<unsigned>(m.total * kib_per_page));
    rt::print("free  %8u pages %9u KiB\n", static_cast<unsigned>(m.free),
              static_cast<unsigned>(m.free * kib_per_page));
    // What ART counts neither as its own nor as a process's (boot modules,
    // pages reserved at boot) is "other".
    L4_Word_t known = m.art + m.processes;
    L4_Word_t other = used > known ? used - known : 0;
    rt::print("used  %8u pages %9u KiB (ART %u, processes %u, other %u)\n",
              static_cast<unsigned>(used), static_cast<unsigned>(used * kib_per_page),
              static_cast<unsigned>(m.art), static_cast<unsigned>(m.processes),
              static_cast<unsigned>(other));
    // The change since the previous mem, signed: a leak check in one line.
    if (have_last_free)
        rt::print("free pages since the last mem: %+d\n",
                  static_cast<int>(m.free) - static_cast<int>(last_free));
    last_free = m.free;
    have_last_free = true;
    return success;
}

} // namespace msh
