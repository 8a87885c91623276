#include "shell.h"
#include "commands.h"
#include "programs.h"
#include "rt/print.h"
#include "rt/string.h"

namespace msh {

int fail(const char* fmt, ...)
{
    rt::print("msh: ");
    va_list args;
    va_start(args, fmt);
    rt::vprint(fmt, args);
    va_end(args);
    rt::print("\n");
    return failure;
}

namespace {
// "$!" is the pid of the last program started with &, as in sh, so that a
// script (a system test) can kill or wait for it without knowing the number.
bool substitute(Words& words)
{
    static char pid_text[16];
    for (size_t i = 0; i < words.count(); ++i) {
        if (strcmp(words[i], "$!") != 0)
            continue;
        L4_Word_t pid = 0;
        if (!last_background(pid)) {
            fail("$!: no program was started with & yet");
            return false;
        }
        rt::snprintf(pid_text, sizeof pid_text, "%u", static_cast<unsigned>(pid));
        words.replace(i, pid_text);
    }
    return true;
}
} // namespace

namespace {
int run_command(const char* command, bool background)
{
    // Static: a Words is a line's worth of bytes, and the shell runs one
    // command at a time (repeat reuses it through run_words, never recursively).
    static Words words;
    if (words.split(command) == Words::Error::too_many_words)
        return fail("too many words (at most %u)", static_cast<unsigned>(Words::max_words));
    if (!substitute(words))
        return failure;
    if (words.count() == 0)
        return background ? fail("& needs a program before it") : success;
    return run_words(words, background);
}
} // namespace

int run_line(const char* line)
{
    static char command[LineEditor::max_line + 1];
    bool background = false;
    int result = success;
    for (const char* cursor = line; next_command(cursor, command, sizeof command, background);)
        result = run_command(command, background);
    return result;
}

int run_words(Words& words, bool background)
{
    if (is_program(words[0]))
        return start_program(words, background);
    if (background)
        return fail("%s: only programs (FS:PROGRAM) run in the background", words[0]);
    const Builtin* command = find_builtin(words[0]);
    if (!command)
        return fail("%s: unknown command (help lists them)", words[0]);
    return command->run(words);
}

} // namespace msh
