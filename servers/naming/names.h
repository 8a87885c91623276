// The naming server's tables: registered names, the lookups clients made
// (the client-server graph), and clients waiting for a name. Freestanding.
#pragma once
#include <stdint.h>
#include "arc/protocol/naming.h"
#include "arc/status.h"
#include "l4/types.h"

namespace naming {

class Names {
public:
    static constexpr unsigned max_names = 64;
    static constexpr unsigned max_connections = 256;
    static constexpr unsigned max_waiters = 32;

    struct Entry {
        char name[arc::naming::max_name + 1];
        L4_ThreadId_t server;
        uint32_t clients;
    };
    struct Connection {
        L4_ThreadId_t client, server;
    };
    struct Waiter {
        char name[arc::naming::max_name + 1];
        L4_ThreadId_t client;
    };

    // Registers `name` for `server`; a name held by another thread is
    // Status::exists (a restarted server re-registers under its own id).
    arc::Status add(const char* name, L4_ThreadId_t server);
    arc::Status remove(const char* name, L4_ThreadId_t server);
    // Looks a name up and records the client's connection to the server.
    const Entry* lookup(const char* name, L4_ThreadId_t client);
    const Entry* at(unsigned index) const { return index < count_ ? &entries_[index] : nullptr; }
    const Connection* connection(unsigned index) const
    {
        return index < connection_count_ ? &connections_[index] : nullptr;
    }

    bool wait(const char* name, L4_ThreadId_t client);
    // Takes the next client waiting for `name` (nil when there is none).
    L4_ThreadId_t take_waiter(const char* name);

private:
    void connect(L4_ThreadId_t client, L4_ThreadId_t server);

    Entry entries_[max_names];
    unsigned count_ = 0;
    Connection connections_[max_connections];
    unsigned connection_count_ = 0;
    Waiter waiters_[max_waiters];
    unsigned waiter_count_ = 0;
};

} // namespace naming
