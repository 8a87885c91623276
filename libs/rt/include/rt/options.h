// "--name=value" options in front of a program's arguments.
#pragma once
#include "rt/string.h"

namespace rt {

// If argv[1] starts with `name` ("--server="): drops it from argc/argv and
// returns what follows the name; else nullptr.
inline const char* take_option(int& argc, char**& argv, const char* name)
{
    size_t n = strlen(name);
    if (argc < 2 || strncmp(argv[1], name, n) != 0)
        return nullptr;
    --argc;
    return *++argv + n;
}

} // namespace rt
