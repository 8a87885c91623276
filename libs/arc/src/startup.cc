#include "arc/startup.h"

// Set by crt0 from the third word of the initial stack (nullptr if none).
extern "C" const void* rt_startup;

namespace arc {

const Startup* startup()
{
    auto* s = static_cast<const Startup*>(rt_startup);
    return (s && s->magic == startup_magic) ? s : nullptr;
}

} // namespace arc
