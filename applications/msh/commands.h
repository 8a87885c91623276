// The shell's built-in commands: one table, so that help lists exactly what
// the shell understands.
#pragma once
#include "parser.h"

namespace msh {

struct Builtin {
    const char* name;
    const char* usage;           // the arguments, e.g. "FS:/path"
    const char* summary;         // one line for help
    int (*run)(Words& words);    // words[0] is the command's name
};

// The built-in called `name`, or nullptr.
const Builtin* find_builtin(const char* name);

// Handlers, one file per group.
int cmd_help(Words& words);       // commands.cc
int cmd_echo(Words& words);
int cmd_repeat(Words& words);
int cmd_reboot(Words& words);
int cmd_ps(Words& words);         // process_commands.cc
int cmd_kill(Words& words);
int cmd_wait(Words& words);
int cmd_mem(Words& words);
int cmd_ls(Words& words);         // file_commands.cc
int cmd_cat(Words& words);
int cmd_stat(Words& words);
int cmd_mkdir(Words& words);
int cmd_rm(Words& words);
int cmd_mv(Words& words);
int cmd_cp(Words& words);
int cmd_sync(Words& words);
// echo's "> FS:/path" (and ">>", to append): `text` and a newline into the file.
int write_text(const char* text, const char* typed, bool append);
int cmd_fail(Words& words);       // recovery_commands.cc
int cmd_recovery(Words& words);
int cmd_fault(Words& words);       // fault_command.cc
int cmd_lpr(Words& words);        // print_command.cc

} // namespace msh
