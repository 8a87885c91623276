#include "exit_report.h"
#include "rt/format.h"
#include "rt/string.h"

namespace msh {

bool describe_exit(const char* name, arc::Status s, int32_t code, const char* reason, char* out,
                   size_t capacity)
{
    bool has_reason = reason && reason[0] != '\0';
    if (capacity > 0)
        out[0] = '\0';
    if (s == arc::Status::ok && !has_reason) {
        if (code != 0)
            rt::snprintf(out, capacity, "%s: exited with %d", name, static_cast<int>(code));
        return code == 0;
    }
    if (s == arc::Status::ok) {
        rt::snprintf(out, capacity, "%s: %s", name, reason);
        return false;
    }
    const char* what = arc::describe(s);
    // ART may have put the status's own words in the reason already.
    if (has_reason && strcmp(reason, what) != 0)
        rt::snprintf(out, capacity, "%s: %s: %s", name, what, reason);
    else
        rt::snprintf(out, capacity, "%s: %s", name, what);
    return false;
}

} // namespace msh
