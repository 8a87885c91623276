// The naming server: the first process ART starts. Servers register their
// names, clients look them up or wait for them to appear; every lookup is
// recorded, so the restart framework can tell who depends on whom.
#include "names.h"
#include "arc/message.h"
#include "l4/l4.h"

namespace {

using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using Op = arc::naming::Op;

// The server's tables: its state (issue 4 makes them persistent).
naming::Names names;

enum class Reply { now, later };

Reply status(Status s)
{
    MessageWriter(static_cast<L4_Word_t>(s)).load();
    return Reply::now;
}

Reply with_thread(L4_ThreadId_t t)
{
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(t).load();
    return Reply::now;
}

bool read_name(MessageReader& r, char (&name)[arc::naming::max_name + 1])
{
    return r.string(name, sizeof(name)) && name[0] != '\0';
}

// Answers everyone waiting for `name`, which just appeared.
void release_waiters(const char* name, L4_ThreadId_t server)
{
    for (L4_ThreadId_t c = names.take_waiter(name); !L4_IsNilThread(c); c = names.take_waiter(name)) {
        names.lookup(name, c);
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(server).load();
        L4_Send_Timeout(c, L4_ZeroTime);
    }
}

Reply handle(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    MessageReader r(tag);
    char name[arc::naming::max_name + 1];
    switch (static_cast<Op>(L4_Label(tag))) {
    case Op::register_name: {
        if (!read_name(r, name))
            return status(Status::bad_request);
        Status s = names.add(name, from);
        if (s == Status::ok)                       // quietly: the shell owns the console now
            release_waiters(name, from);
        return status(s);
    }
    case Op::lookup: {
        if (!read_name(r, name))
            return status(Status::bad_request);
        const naming::Names::Entry* e = names.lookup(name, from);
        return e ? with_thread(e->server) : status(Status::not_found);
    }
    case Op::wait_for: {
        L4_Word_t timeout_ms;
        if (!read_name(r, name) || !r.word(timeout_ms))
            return status(Status::bad_request);
        if (const naming::Names::Entry* e = names.lookup(name, from))
            return with_thread(e->server);
        return names.wait(name, from) ? Reply::later : status(Status::busy);
    }
    case Op::unregister:
        if (!read_name(r, name))
            return status(Status::bad_request);
        return status(names.remove(name, from));
    case Op::list: {
        L4_Word_t index;
        if (!r.word(index))
            return status(Status::bad_request);
        const naming::Names::Entry* e = names.at(index);
        if (!e)
            return status(Status::end_of_directory);
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(e->server).word(e->clients).string(e->name).load();
        return Reply::now;
    }
    case Op::connection: {
        L4_Word_t index;
        if (!r.word(index))
            return status(Status::bad_request);
        const naming::Names::Connection* c = names.connection(index);
        if (!c)
            return status(Status::end_of_directory);
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(c->client).thread(c->server).load();
        return Reply::now;
    }
    }
    return status(Status::bad_request);
}

} // namespace

int main()
{
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Wait(&from);
    for (;;) {
        Reply reply = L4_IpcSucceeded(tag) ? handle(from, tag) : Reply::later;
        tag = reply == Reply::now ? L4_ReplyWait(from, &from) : L4_Wait(&from);
    }
}
