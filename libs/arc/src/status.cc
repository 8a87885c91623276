#include "arc/status.h"

namespace arc {

const char* describe(Status s)
{
    switch (s) {
    case Status::ok: return "ok";
    case Status::bad_request: return "bad request";
    case Status::not_found: return "not found";
    case Status::not_a_directory: return "not a directory";
    case Status::is_a_directory: return "is a directory";
    case Status::bad_path: return "bad path";
    case Status::bad_executable: return "not an executable";
    case Status::no_memory: return "out of memory";
    case Status::not_permitted: return "not permitted";
    case Status::busy: return "busy";
    case Status::exists: return "already exists";
    case Status::io_error: return "I/O error";
    case Status::too_long: return "too long";
    case Status::end_of_directory: return "end of directory";
    case Status::crashed: return "crashed";
    case Status::killed: return "killed";
    case Status::unavailable: return "unavailable";
    case Status::bad_handle: return "bad handle";
    case Status::restarted: return "server restarted, request lost";
    case Status::out_of_range: return "out of range";
    case Status::no_device: return "no such device";
    case Status::not_empty: return "directory not empty";
    case Status::no_space: return "no space left on device";
    case Status::corrupt: return "damaged file system (see the console)";
    }
    return "unknown status";
}

} // namespace arc
