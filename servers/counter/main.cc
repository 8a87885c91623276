// The counter server: the smallest server that shows the whole restart
// framework (docs/recovery.md). Its accounts live in persistent memory;
// Recover() checks and finishes them; adding is exactly-once across any
// restart that keeps .pdata (accounts.h says how).
#include "accounts.h"
#include "arc/injection.h"
#include "arc/naming.h"
#include "arc/persistent.h"
#include "arc/protocol/counter.h"
#include "arc/server.h"
#include "rt/panic.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;

// Persistent: kept across hot and warm restarts, reset by a cold one.
constinit counter::Accounts accounts IS_PERSISTENT = {};

// A request may be failed on purpose between any two of its stores.
void pause() { arc::injection_point(); }

class Counter final : public arc::Server<Counter> {
public:
    static constexpr L4_Word_t deadline_ms = 200;

    // heartbeat: the idle period after which it beats (0: it does not).
    // fail_first_initialize: the first Initialize() panics half way.
    Counter(L4_Word_t heartbeat_ms, bool fail_first_initialize) : fail_first_initialize_(fail_first_initialize)
    {
        SetDeadline(deadline_ms);
        SetHeartbeat(heartbeat_ms);
    }

    Status Initialize() override
    {
        accounts.reset();
        // Before the name is registered: a restart that kept this .pdata
        // would come back as a server nobody can find.
        if (fail_first_initialize_ && RestartCause() == arc::recovery::Failure{})
            rt::panic("counter: failing in Initialize(), as asked");
        return arc::naming::register_name(arc::counter::name);
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override { return accounts.recover() ? Status::ok : Status::io_error; }

private:
    bool fail_first_initialize_;

    // Every request first checks the totals: a stray write into .pdata is
    // caught here, not passed on to a client.
    void check_accounts()
    {
        if (!accounts.intact())
            rt::panic("counter: the accounts' checksum does not match");
    }

    Status add(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t account, amount;
        if (!r.word(account) || !r.word(amount) || account >= arc::counter::max_accounts)
            return Status::bad_request;
        check_accounts();
        accounts.log_change(in.sequence, account, amount, pause);
        pause();
        accounts.apply(pause);
        out.word(accounts.log.after);
        return Status::ok;
    }

    Status read(const arc::Request& in, arc::Reply& out)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t account;
        if (!r.word(account) || account >= arc::counter::max_accounts)
            return Status::bad_request;
        check_accounts();
        out.word(accounts.totals[account]);
        return Status::ok;
    }

public:
    // The protocol's labels and their handlers (after the handlers: a
    // constant's initializer sees only what is declared above it).
    static constexpr arc::Handler<Counter> handlers[] = {
        {arc::counter::Op::add, &Counter::add},
        {arc::counter::Op::read, &Counter::read},
    };
};

struct Arguments {
    L4_Word_t heartbeat_ms = 0;
    bool fail_first_initialize = false;
};

// counter [heartbeat=MS] [fail-first-initialize]
//   heartbeat=MS           the server beats while idle, and its P3 restarts
//                          it when it misses two beats
//   fail-first-initialize  its first Initialize() panics before it has
//                          registered the name (the P3 must restart it cold)
Arguments parse(int argc, char** argv)
{
    constexpr char heartbeat[] = "heartbeat=";
    Arguments a;
    for (int i = 1; i < argc; ++i) {
        if (strncmp(argv[i], heartbeat, sizeof(heartbeat) - 1) == 0)
            for (const char* c = argv[i] + sizeof(heartbeat) - 1; *c >= '0' && *c <= '9'; ++c)
                a.heartbeat_ms = a.heartbeat_ms * 10 + static_cast<L4_Word_t>(*c - '0');
        else if (strcmp(argv[i], "fail-first-initialize") == 0)
            a.fail_first_initialize = true;
    }
    return a;
}

} // namespace

int main(int argc, char** argv)
{
    Arguments a = parse(argc, argv);
    static Counter server(a.heartbeat_ms, a.fail_first_initialize);
    return server.MainLoop();
}
