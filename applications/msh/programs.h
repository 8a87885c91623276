// Starting programs through ART and reporting how they ended.
#pragma once
#include "l4/types.h"
#include "parser.h"

namespace msh {

// words[0] is "fs:program", the rest its arguments. Waits for the process
// unless `background`; returns success for an exit code of 0.
int start_program(const Words& words, bool background);

// The pid of the last program started in the background; false if none was.
bool last_background(L4_Word_t& pid);

// Waits for process `pid` and reports an abnormal end, naming it `name`.
int wait_for(const char* name, L4_Word_t pid);

} // namespace msh
