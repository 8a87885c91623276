// The session protocol (004 section 4.5.3): what every SessionServer
// understands, whatever else its own protocol says. A client connects and
// gets a session with a few pages shared with the server; each page goes
// from the server's P3 to the client's P3 through ART (004 figure 4.10),
// never straight from server to client. Begin and End bracket a unit of
// work (a file opened, say), Put hands the server what the client wrote
// into the pages, Get asks the server to write into them; what their words
// mean is the server's protocol (servers/memdisk, the pata driver, ext2).
//
// Register layout of every request: MR1 the session handle (connect: the
// client's pid), then the server's words. Replies carry an arc::Status label.
#pragma once
#include "l4/types.h"

namespace arc::session {

constexpr L4_Word_t max_sessions = 32;       // one server's sessions at a time
constexpr L4_Word_t max_pages = 16;          // one session's shared pages (64 KiB)
// Words a Begin/End/Put/Get carries each way beside the handle.
constexpr L4_Word_t max_words = 8;

enum class Op : L4_Word_t {
    // in: client pid, pages (1..max_pages)
    // out: handle, server pid, the pages' address in the server, pages
    // The pages are shared with the client's pid; it maps them through its
    // P3 (pager::Op::map_session). A server that has no room: Status::busy.
    connect = 0x1601,
    // in: handle   out: -   (the client unmaps the pages afterwards)
    disconnect = 0x1602,
    // in: handle, words   out: words
    begin = 0x1603,
    end = 0x1604,
    // The client has written the pages: the server takes what the words say.
    put = 0x1605,
    // The server writes into the pages what the words ask for.
    get = 0x1606,
};

// A handle the server does not know: after a cold restart the server has
// forgotten every session, and the client's next call answers
// Status::restarted (the Session is closed then; connect again).
constexpr bool is_session_op(L4_Word_t label)
{
    return label >= static_cast<L4_Word_t>(Op::connect) && label <= static_cast<L4_Word_t>(Op::get);
}

} // namespace arc::session
