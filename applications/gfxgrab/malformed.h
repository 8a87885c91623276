// gfxgrab --malformed: requests the display driver must refuse, each with
// its error code, and live on (protocol/display.h).
#pragma once
#include "l4/types.h"

namespace gfxgrab {

// Sends every malformed request to `server`; prints each wrong answer.
// Returns 0 if all were refused as they should be and the driver still
// answers a good request.
int check_malformed(L4_ThreadId_t server);

} // namespace gfxgrab
