// help, echo, repeat and reboot, and the table of all built-ins.
#include "commands.h"
#include "arc/art.h"
#include "rt/print.h"
#include "rt/string.h"
#include "shell.h"

namespace msh {

namespace {
constexpr Builtin table[] = {
    {"help", "", "list the commands", cmd_help},
    {"ps", "", "processes: state, P3, main thread, faults, restarts", cmd_ps},
    {"kill", "PID", "end a process ($!: the last one started with &)", cmd_kill},
    {"wait", "PID", "wait for a process started with &", cmd_wait},
    {"mem", "", "physical pages: total, free, used", cmd_mem},
    {"fail", "NAME KIND [N] [sticky]", "make a server fail (at injection point N+1)", cmd_fail},
    {"recovery", "NAME [SETTING...]", "show or change a program's restart policy", cmd_recovery},
    {"fault", "NAME [GEN N SEED|none]", "load a program with faults in its code", cmd_fault},
    {"ls", "FS:/path", "list a directory (or show one file)", cmd_ls},
    {"cat", "FS:/path", "print a file", cmd_cat},
    {"stat", "FS:/path", "a file's type and size", cmd_stat},
    {"mkdir", "FS:/path", "make a directory", cmd_mkdir},
    {"rm", "FS:/path", "remove a file or an empty directory", cmd_rm},
    {"mv", "FS:/from FS:/to", "rename or move (within a file system)", cmd_mv},
    {"cp", "FS:/from FS:/to", "copy a file (to a folder: keeps its name)", cmd_cp},
    {"sync", "[FS:]", "write what file systems hold back to disk", cmd_sync},
    {"lpr", "FS:/file [SERVER]", "print a file on the parallel port (SERVER: lpt)", cmd_lpr},
    {"echo", "WORDS... [> FS:/path]", "print the words (>: into a file, >>: append)", cmd_echo},
    {"repeat", "N COMMAND...", "run a command N times, stop at a failure", cmd_repeat},
    {"reboot", "", "restart the machine", cmd_reboot},
};
} // namespace

const Builtin* find_builtin(const char* name)
{
    for (const Builtin& b : table)
        if (strcmp(b.name, name) == 0)
            return &b;
    return nullptr;
}

int cmd_help(Words&)
{
    // Lines stay within the 80 columns of the VGA text screen.
    rt::print("  %-28s %s\n", "FS:PROGRAM [ARGS...] [&]", "run PROGRAM from file system FS (&: no wait)");
    for (const Builtin& b : table) {
        char both[40];
        rt::snprintf(both, sizeof both, "%s %s", b.name, b.usage);
        rt::print("  %-28s %s\n", both, b.summary);
    }
    rt::print("Keys: Backspace, ^U erase; ^C abandons the line; up/down: history.\n");
    return success;
}

// "echo WORDS > FS:/path" and ">>": the redirection is the last two words.
int cmd_echo(Words& words)
{
    size_t n = words.count();
    bool to_file = n >= 3 && (strcmp(words[n - 2], ">") == 0 || strcmp(words[n - 2], ">>") == 0);
    if (n >= 2 && words[n - 1][0] == '>' && !to_file)
        return fail("echo: usage: echo WORDS... > FS:/path (a blank after >)");
    const char* target = to_file ? words[n - 1] : nullptr;
    bool append = to_file && strcmp(words[n - 2], ">>") == 0;
    if (to_file)
        words.drop_back(2);
    char text[LineEditor::max_line + 2];
    words.join(1, text, sizeof text - 1);    // a typed line always fits
    strlcat(text, "\n", sizeof text);
    if (target)
        return write_text(text, target, append);
    rt::print("%s", text);
    return success;
}

int cmd_repeat(Words& words)
{
    uint32_t times = 0;
    if (words.count() < 3 || !parse_number(words[1], times))
        return fail("repeat: usage: repeat N COMMAND...");
    words.drop_front(2);
    // The words are the line's only copy and a nested repeat would drop
    // words from them again, so repeat repeats anything but itself.
    if (strcmp(words[0], "repeat") == 0)
        return fail("repeat: cannot repeat repeat");
    for (uint32_t i = 0; i < times; ++i) {
        if (run_words(words, false) != success)
            return fail("repeat: stopped after %u of %u runs", static_cast<unsigned>(i),
                        static_cast<unsigned>(times));
    }
    return success;
}

int cmd_reboot(Words&)
{
    arc::Status s = arc::art::reboot();
    return fail("reboot: %s", arc::describe(s));
}

} // namespace msh
