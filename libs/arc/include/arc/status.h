// Status codes of Arc's user-level protocols: every reply's label is one.
#pragma once
#include "l4/types.h"

namespace arc {

enum class Status : L4_Word_t {
    ok = 0,
    bad_request,        // unknown operation or malformed message
    not_found,          // no such file, name, process
    not_a_directory,
    is_a_directory,
    bad_path,
    bad_executable,     // the ELF validator refused the file
    no_memory,
    not_permitted,      // the policy or the protocol does not allow it
    busy,
    exists,
    io_error,
    too_long,
    end_of_directory,
    crashed,            // a process ended by a fault
    killed,
    unavailable,        // the server is not there (yet)
    bad_handle,
    restarted,          // the server restarted cold and lost this request's state
    out_of_range,       // beyond the end of a device or file
    no_device,          // the hardware is not there
    not_empty,          // a directory that still has entries
    no_space,           // the disk (or a table) is full
    corrupt,            // a damaged structure on the disk (the server's log says which)
};

// A short human-readable text for a status, e.g. "not found".
const char* describe(Status s);

} // namespace arc
