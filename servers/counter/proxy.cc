// counter-proxy: a restartable server that uses another one. It passes the
// counter protocol on to the counter server under its own name, so that a
// group restart (004, 4.4.2) has a member: when the counter restarts cold,
// ART restarts the proxy warm, and the request it was passing on is passed
// on again to the new counter.
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/protocol/counter.h"
#include "arc/server.h"

namespace {

using arc::Status;

constexpr char proxy_name[] = "counter-proxy";
constexpr L4_Word_t wait_for_counter_ms = 5000;

class CounterProxy final : public arc::Server<CounterProxy> {
public:
    Status Initialize() override
    {
        Status s = connect();
        return s == Status::ok ? arc::naming::register_name(proxy_name) : s;
    }
    Status Exit() override { return Status::ok; }
    // Nothing persistent: the counter's thread is all it needs, found again.
    Status Recover() override { return connect(); }

private:
    Status connect() { return arc::naming::wait_for(arc::counter::name, counter_, wait_for_counter_ms); }

    // The request as it came, to the counter; its reply as it came, back.
    // Replayed after a group restart, the request's fate is unknown: the
    // counter lost its totals, and the client is told so.
    Status pass_on(const arc::Request& in, arc::Reply& out)
    {
        if (Recovered() && RestartCause() == arc::recovery::Failure::group)
            return Status::restarted;
        arc::MessageReader r = in.reader();
        arc::MessageWriter w(in.label());
        L4_Word_t word;
        while (r.remaining() && r.word(word))
            w.word(word);
        L4_MsgTag_t reply;
        Status s = arc::call(counter_, w, &reply);
        arc::MessageReader answer(reply);
        while (s == Status::ok && answer.remaining() && answer.word(word))
            out.word(word);
        return s;
    }

    L4_ThreadId_t counter_ = L4_nilthread;   // not persistent: Recover() looks it up

public:
    static constexpr arc::Handler<CounterProxy> handlers[] = {
        {arc::counter::Op::add, &CounterProxy::pass_on},
        {arc::counter::Op::read, &CounterProxy::pass_on},
    };
};

CounterProxy server;

} // namespace

int main() { return server.MainLoop(); }
