// Session: the client's side of a session with a SessionServer (004
// listing 4.4). Connect() asks the server for a session of a few pages and
// maps them through our P3 (never straight from the server); Base() is
// where they are here (another address than in the server). Begin, End,
// Put and Get are synchronous calls carrying up to session::max_words words
// each way; what they mean is the server's protocol.
//
//   arc::Session disk;
//   if (disk.Connect("memdisk", 2) == arc::Status::ok) {
//       memcpy(disk.Base(), block, 4096);
//       L4_Word_t where[] = {7, 1};
//       disk.Put(where, 2);
//   }
//
// A server's hot or warm restart does not show: the call waits and gets
// its answer. After a cold restart the server no longer knows the session;
// the next call answers Status::restarted and the Session is closed (its
// pages unmapped): Connect() again to go on.
//
// A Session has no destructor: it may live in persistent memory (a
// restartable server that is another's client keeps its session across
// its own hot and warm restarts). Close() it when done; a process that
// ends leaves its sessions to be reclaimed by the servers.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "arc/protocol/session.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc {

class Session {
public:
    constexpr Session() = default;

    // A session of `pages` pages (1 .. session::max_pages) with the server
    // registered as `name`, or with thread `server`.
    Status Connect(const char* name, L4_Word_t pages = 1);
    Status Connect(L4_ThreadId_t server, L4_Word_t pages = 1);
    // The server forgets the session; its pages are unmapped.
    Status Close();

    bool Connected() const { return address_ != 0; }
    uint8_t* Base() const { return reinterpret_cast<uint8_t*>(address_); }   // GetBaseAddress
    size_t Size() const;
    L4_ThreadId_t Server() const { return server_; }

    // `send` words go to the server; the reply's words fill `recv` (words
    // it did not send are 0). More than session::max_words: bad_request.
    Status Begin(const L4_Word_t* send, size_t scount, L4_Word_t* recv = nullptr, size_t rcount = 0);
    Status End(const L4_Word_t* send, size_t scount, L4_Word_t* recv = nullptr, size_t rcount = 0);
    Status Put(const L4_Word_t* send, size_t scount, L4_Word_t* recv = nullptr, size_t rcount = 0);
    Status Get(const L4_Word_t* send, size_t scount, L4_Word_t* recv = nullptr, size_t rcount = 0);

private:
    Status call(session::Op op, const L4_Word_t* send, size_t scount, L4_Word_t* recv, size_t rcount);
    void forget();

    L4_ThreadId_t server_ = L4_nilthread;
    L4_Word_t handle_ = 0;
    L4_Word_t address_ = 0;          // 0: not connected
    L4_Word_t pages_ = 0;
};

} // namespace arc
