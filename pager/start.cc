#include "start.h"
#include "process.h"
#include "arc/layout.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/string.h"

namespace p3 {

namespace layout = arc::layout;

L4_Word_t build_stack(const StartKind& kind)
{
    char* top = reinterpret_cast<char*>(layout::stack_top);
    auto* startup = reinterpret_cast<arc::Startup*>(top - sizeof(arc::Startup));
    *startup = {};
    startup->magic = arc::startup_magic;
    startup->art = L4_Pager();
    startup->pager = L4_Myself();
    startup->naming = job.naming;
    startup->pid = job.pid;
    strlcpy(startup->name, job.name, sizeof(startup->name));
    startup->temperature = static_cast<L4_Word_t>(kind.temperature);
    startup->restarts = kind.restarts;
    startup->orphan = kind.orphan;
    startup->failure = kind.failure;

    // The strings: the program's name, then its arguments split at blanks.
    char* strings = reinterpret_cast<char*>(startup) - sizeof(job.args) - sizeof(job.name) - 2;
    char* cursor = strings;
    constexpr unsigned max_args = 32;
    char* argv_text[max_args];
    unsigned argc = 0;
    argv_text[argc++] = cursor;
    cursor += strlcpy(cursor, job.name, sizeof(job.name)) + 1;
    for (const char* a = job.args; *a && argc < max_args - 1;) {
        while (*a == ' ')
            ++a;
        if (!*a)
            break;
        argv_text[argc++] = cursor;
        while (*a && *a != ' ')
            *cursor++ = *a++;
        *cursor++ = '\0';
    }
    auto* words = reinterpret_cast<L4_Word_t*>(reinterpret_cast<L4_Word_t>(strings) & ~15u) - (argc + 1) - 4;
    L4_Word_t* argv = words + 3;
    for (unsigned i = 0; i < argc; ++i)
        argv[i] = reinterpret_cast<L4_Word_t>(argv_text[i]);
    argv[argc] = 0;
    words[0] = argc;
    words[1] = reinterpret_cast<L4_Word_t>(argv);
    words[2] = reinterpret_cast<L4_Word_t>(startup);
    for (L4_Word_t p = layout::page_down(reinterpret_cast<L4_Word_t>(words)); p < layout::stack_top; p += 4096)
        filled.insert(p >> 12);        // written by us above: never fill these again
    return reinterpret_cast<L4_Word_t>(words);
}

void send_start(L4_Word_t ip, L4_Word_t sp)
{
    L4_LoadMR(0, L4_MsgTag(0, kapi::start::words).raw);
    L4_LoadMR(kapi::start::ip, ip);
    L4_LoadMR(kapi::start::sp, sp);
    L4_Send(job.main);
}

void restart_thread(L4_Word_t ip, L4_Word_t sp) { L4_Restart(job.main, ip, sp); }

} // namespace p3
