// How far the request being printed has come: 004 listing 5.2's `i`, and
// the request it counts for. Freestanding (tests/unit/parallel runs it on
// the host).
#pragma once
#include "l4/types.h"

namespace parallel {

struct Progress {
    L4_Word_t request;     // the request's sequence number (arc::Request::sequence; 0: none yet)
    L4_Word_t sent;        // how many of its bytes are out on the port

    // Serving request `sequence`: a new request starts at its first byte;
    // the same one again (its replay after a restart) goes on where it
    // stopped. Listing 5.2 asks Recovered() instead, but a failure after
    // MainLoop() took the next request and before the handler's first
    // store would then have that request's replay start at the previous
    // request's position, and skip bytes. The sequence number tells them
    // apart. (`sent` first: `request` marks the reset done.)
    void begin(L4_Word_t sequence)
    {
        if (request == sequence)
            return;
        sent = 0;
        request = sequence;
    }
};

} // namespace parallel
