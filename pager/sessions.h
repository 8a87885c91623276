// The client side of sessions in the P3 (arc/session.h): the pages another
// server shares with our process, mapped into our mirror by ART and handed
// to the process from there like any other page. They outlive hot and warm
// restarts of the process (the mirror keeps them); a cold restart, which
// forgets the Session objects that knew them, unmaps them.
#pragma once
#include "arc/status.h"
#include "l4/types.h"

namespace p3 {

// Maps `pages` pages `owner` shared with the process from `owner_address`
// on, at an address we pick in the mapped range (returned in `address`).
arc::Status map_session(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t pages, L4_Word_t& address);
// Unmaps the pages map_session put at `address`.
arc::Status unmap_session(L4_Word_t address);
// Unmaps every session's pages (a cold restart).
void unmap_all_sessions();

} // namespace p3
