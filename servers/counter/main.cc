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
    explicit Counter(L4_Word_t heartbeat_ms)
    {
        SetDeadline(deadline_ms);
        SetHeartbeat(heartbeat_ms);
    }

    Status Initialize() override
    {
        accounts.reset();
        return arc::naming::register_name(arc::counter::name);
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override { return accounts.recover() ? Status::ok : Status::io_error; }

private:
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

// "heartbeat=MS": the server beats while idle, and its P3 restarts it when
// it misses two beats.
L4_Word_t heartbeat_argument(int argc, char** argv)
{
    constexpr char prefix[] = "heartbeat=";
    L4_Word_t ms = 0;
    if (argc > 1 && strncmp(argv[1], prefix, sizeof(prefix) - 1) == 0)
        for (const char* c = argv[1] + sizeof(prefix) - 1; *c >= '0' && *c <= '9'; ++c)
            ms = ms * 10 + static_cast<L4_Word_t>(*c - '0');
    return ms;
}

} // namespace

int main(int argc, char** argv)
{
    static Counter server(heartbeat_argument(argc, argv));
    return server.MainLoop();
}
