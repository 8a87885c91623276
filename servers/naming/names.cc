#include "names.h"
#include "rt/string.h"

namespace naming {

using arc::Status;

Status Names::add(const char* name, L4_ThreadId_t server)
{
    for (unsigned i = 0; i < count_; ++i)
        if (strcmp(entries_[i].name, name) == 0) {
            if (entries_[i].server == server)
                return Status::ok;
            return Status::exists;
        }
    if (count_ == max_names)
        return Status::no_memory;
    Entry& e = entries_[count_++];
    strlcpy(e.name, name, sizeof(e.name));
    e.server = server;
    e.clients = 0;
    return Status::ok;
}

Status Names::remove(const char* name, L4_ThreadId_t server)
{
    for (unsigned i = 0; i < count_; ++i)
        if (strcmp(entries_[i].name, name) == 0) {
            if (entries_[i].server != server)
                return Status::not_permitted;
            entries_[i] = entries_[--count_];
            return Status::ok;
        }
    return Status::not_found;
}

const Names::Entry* Names::lookup(const char* name, L4_ThreadId_t client)
{
    for (unsigned i = 0; i < count_; ++i)
        if (strcmp(entries_[i].name, name) == 0) {
            connect(client, entries_[i].server);
            return &entries_[i];
        }
    return nullptr;
}

void Names::connect(L4_ThreadId_t client, L4_ThreadId_t server)
{
    for (unsigned i = 0; i < connection_count_; ++i)
        if (connections_[i].client == client && connections_[i].server == server)
            return;
    for (unsigned i = 0; i < count_; ++i)
        if (entries_[i].server == server)
            ++entries_[i].clients;
    if (connection_count_ < max_connections)
        connections_[connection_count_++] = {client, server};
}

bool Names::wait(const char* name, L4_ThreadId_t client)
{
    if (waiter_count_ == max_waiters)
        return false;
    Waiter& w = waiters_[waiter_count_++];
    strlcpy(w.name, name, sizeof(w.name));
    w.client = client;
    return true;
}

L4_ThreadId_t Names::take_waiter(const char* name)
{
    for (unsigned i = 0; i < waiter_count_; ++i)
        if (strcmp(waiters_[i].name, name) == 0) {
            L4_ThreadId_t c = waiters_[i].client;
            waiters_[i] = waiters_[--waiter_count_];
            return c;
        }
    return L4_nilthread;
}

} // namespace naming
