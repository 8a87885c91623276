// counter-client [--server=NAME] ACCOUNT REQUESTS [EVERY KINDS SEED]
//
// Adds to account ACCOUNT of the counter server REQUESTS times and checks
// every total it gets back: it knows what it added, so a request lost,
// done twice or answered wrongly across the server's restarts shows at
// once. NAME: the server to talk to (default "counter"; "counter-proxy"
// passes the requests on). Every EVERY requests it has ART arm a fault in
// that server, of the
// KINDS given ("null,divide,opcode,loop,panic,wild"), at a random one of
// the next injection points (SEED makes the choice repeatable). With
// several clients at once, a fault may strike another client's request:
// each checks its own answers.
//
// Prints one line at the end; exit code 0 if every answer was right. A
// cold restart loses the server's totals: the request it interrupted is
// answered with Status::restarted, which is counted and reported, and the
// client starts again from the new total.
#include "arc/client.h"
#include "arc/fault_plan.h"
#include "arc/naming.h"
#include "arc/protocol/counter.h"
#include "l4/l4.h"
#include "rt/number.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

using arc::Status;

// Injection points in one add: one before the handler, five inside it.
constexpr uint32_t points_per_request = 6;

Status call(L4_ThreadId_t server, arc::counter::Op op, L4_Word_t account, L4_Word_t amount, L4_Word_t& total)
{
    arc::MessageWriter w(static_cast<L4_Word_t>(op));
    w.word(account);
    if (op == arc::counter::Op::add)
        w.word(amount);
    L4_MsgTag_t reply;
    Status s = arc::call(server, w, &reply);
    if (s == Status::ok && !arc::MessageReader(reply).word(total))
        return Status::bad_request;
    return s;
}

int usage()
{
    rt::print("usage: counter-client [--server=NAME] ACCOUNT REQUESTS [EVERY KINDS SEED]\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const char* name = arc::counter::name;
    constexpr char server_option[] = "--server=";
    if (argc > 1 && strncmp(argv[1], server_option, sizeof(server_option) - 1) == 0) {
        name = argv[1] + sizeof(server_option) - 1;
        --argc;
        ++argv;
    }
    uint32_t account, requests;
    arc::FaultPlan faults;
    if ((argc != 3 && argc != 6) || !rt::parse_number(argv[1], account) || !rt::parse_number(argv[2], requests) ||
        account >= arc::counter::max_accounts)
        return usage();
    if (argc == 6 && !faults.parse(argv[3], argv[4], argv[5]))
        return usage();

    L4_ThreadId_t server;
    L4_Word_t total = 0;
    uint32_t lost = 0;
    Status s = arc::naming::wait_for(name, server, 5000);
    if (s == Status::ok && faults.active())
        s = faults.aim_at(server);
    if (s == Status::ok)
        s = call(server, arc::counter::Op::read, account, 0, total);
    if (s == Status::restarted) {           // a cold restart lost the read: ask again
        ++lost;
        s = call(server, arc::counter::Op::read, account, 0, total);
    }
    if (s != Status::ok) {
        rt::print("counter-client: %s: %s\n", name, arc::describe(s));
        return 1;
    }

    L4_Word_t expected = total;
    for (uint32_t i = 1; i <= requests; ++i) {
        faults.before(i, points_per_request);
        L4_Word_t amount = (i * 7 + account) % 100 + 1;
        s = call(server, arc::counter::Op::add, account, amount, total);
        L4_Yield();                       // clients started together take turns, request by request
        if (s == Status::restarted) {
            // The server started over from nothing: so do we.
            ++lost;
            rt::print("counter-client: account %u: request %u: %s\n", account, i, arc::describe(s));
            if ((s = call(server, arc::counter::Op::read, account, 0, expected)) != Status::ok)
                break;
            continue;
        }
        if (s != Status::ok)
            break;
        expected += amount;
        if (total != expected) {
            rt::print("counter-client: account %u: request %u: total %u, expected %u\n", account, i, total,
                      expected);
            return 1;
        }
    }
    if (s != Status::ok) {
        rt::print("counter-client: account %u: %s\n", account, arc::describe(s));
        return 1;
    }
    rt::print("counter-client: account %u: %u requests, %u faults injected, every total right, %u lost "
              "to cold restarts; total %u\n",
              account, requests, faults.injected(), lost, expected);
    return 0;
}
