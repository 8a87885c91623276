#include "programs.h"
#include "arc/art.h"
#include "arc/naming.h"
#include "exit_report.h"
#include "rt/print.h"
#include "shell.h"

namespace msh {

namespace {
L4_Word_t background_pid;
bool any_background;
} // namespace

bool last_background(L4_Word_t& pid)
{
    pid = background_pid;
    return any_background;
}

int start_program(const Words& words, bool background)
{
    const char* name = words[0];
    PathError e = check_program(name);
    if (e != PathError::none)
        return fail("%s: %s", name, describe(e));
    // ART would only say "unavailable"; the shell can say what is missing.
    FsPath where;
    parse_path(name, where);
    L4_ThreadId_t server;
    if (arc::naming::lookup(where.fs, server) == arc::Status::not_found) {
        rt::print("%s: no file system called '%s'\n", name, where.fs);
        return failure;
    }
    char arguments[LineEditor::max_line + 1];
    words.join(1, arguments, sizeof arguments);   // a typed line always fits
    L4_Word_t pid = 0;
    arc::Status s = arc::art::execute(name, arguments, pid);
    if (s != arc::Status::ok) {
        rt::print("%s: %s\n", name, arc::describe(s));
        return failure;
    }
    if (background) {
        background_pid = pid;
        any_background = true;
        rt::print("[%u] %s\n", static_cast<unsigned>(pid), name);
        return success;
    }
    return wait_for(name, pid);
}

int wait_for(const char* name, L4_Word_t pid)
{
    // Static: a reason is a message's worth of text, and the shell waits
    // for one process at a time.
    static arc::art::ExitInfo info;
    static char line[arc::art::max_text + LineEditor::max_line + 32];
    arc::Status s = arc::art::wait(pid, info);
    bool ok = describe_exit(name, s, static_cast<int32_t>(info.code), info.reason, line, sizeof line);
    if (line[0])
        rt::print("%s\n", line);
    return ok ? success : failure;
}

} // namespace msh
