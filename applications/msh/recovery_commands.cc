// fail and recovery: the restart framework from the shell.
#include "arc/art.h"
#include "arc/protocol/recovery.h"
#include "commands.h"
#include "rt/print.h"
#include "rt/string.h"
#include "shell.h"

namespace msh {

namespace {
using arc::Status;

// A process named by its pid or by its program's name.
Status find(const char* which, L4_Word_t& pid)
{
    uint32_t number;
    if (parse_number(which, number)) {
        pid = number;
        return Status::ok;
    }
    return arc::art::find_process(which, pid);
}
} // namespace

// fail SERVER KIND [AFTER] [sticky]
int cmd_fail(Words& words)
{
    arc::recovery::Injection kind;
    uint32_t after = 0;
    unsigned n = words.count();
    bool sticky = n >= 4 && strcmp(words[n - 1], "sticky") == 0;
    if (sticky)
        --n;
    if (n < 3 || n > 4 || !arc::recovery::parse(words[2], kind) || (n == 4 && !parse_number(words[3], after)))
        return fail("fail: usage: fail PID|NAME null|divide|opcode|loop|panic|wild|none [AFTER] [sticky]");
    L4_Word_t pid = 0;
    Status s = find(words[1], pid);
    if (s == Status::ok)
        s = arc::art::inject(pid, kind, after, 0, sticky);
    if (s != Status::ok)
        return fail("fail: %s: %s", words[1], arc::describe(s));
    return success;
}

// recovery PROGRAM [SETTING...]
int cmd_recovery(Words& words)
{
    if (words.count() < 2)
        return fail("recovery: usage: recovery PROGRAM [first=hot last=cold budget=N window=MS backoff=MS "
                    "rejuvenate=MS]");
    char settings[LineEditor::max_line + 1];
    words.join(2, settings, sizeof settings);
    arc::recovery::Policy policy;
    Status s = arc::art::recovery_policy(words[1], settings, policy);
    if (s == Status::bad_request)
        return fail("recovery: %s: not a setting (first=, last=: hot warm cold group reboot none; "
                    "budget=, window=, backoff=, rejuvenate=: numbers)",
                    settings);
    if (s != Status::ok)
        return fail("recovery: %s: %s", words[1], arc::describe(s));
    char text[128];
    arc::recovery::describe(policy, text, sizeof text);
    rt::print("%s: %s\n", words[1], text);
    return success;
}

} // namespace msh
