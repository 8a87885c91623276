// IPC between address spaces: payload, each kind of timeout, open receive,
// call and reply-wait ordering.
#include "child.h"
#include "ktest.h"

namespace ktest {
namespace {

constexpr L4_Word_t label_ping = 0x42;
constexpr L4_Word_t payload_words = 20;

L4_Word_t pattern(L4_Word_t i) { return 0x9e3779b9u * (i + 1); }

// Child: receive a message from root, check and echo it back transformed.
void payload_child(L4_Word_t)
{
    L4_MsgTag_t tag = L4_Receive(root);
    L4_Word_t ok = L4_Label(tag) == label_ping && L4_UntypedWords(tag) == payload_words;
    for (L4_Word_t i = 0; i < payload_words && ok; ++i)
        ok = L4_MR(i + 1) == pattern(i);
    L4_LoadMR(0, L4_MsgTag(label_ping + 1, payload_words).raw);
    for (L4_Word_t i = 0; i < payload_words; ++i)
        L4_LoadMR(i + 1, ~pattern(i));
    L4_Send(root);
    report(ok);
}

bool ipc_payload()
{
    Child c;
    CHECK(spawn(c, payload_child, 0));
    L4_LoadMR(0, L4_MsgTag(label_ping, payload_words).raw);
    for (L4_Word_t i = 0; i < payload_words; ++i)
        L4_LoadMR(i + 1, pattern(i));
    // The child must fault its code in first: serve it while our send waits.
    L4_ThreadId_t from;
    L4_MsgTag_t tag = L4_Send_Timeout(c.id, L4_ZeroTime);   // not receiving yet
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout && !L4_IpcErrorInReceive());
    // Let it run until it blocks in its receive, serving its page faults.
    tag = serve(&from, milliseconds(20));
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout);
    L4_LoadMR(0, L4_MsgTag(label_ping, payload_words).raw);
    for (L4_Word_t i = 0; i < payload_words; ++i)
        L4_LoadMR(i + 1, pattern(i));
    tag = L4_Send_Timeout(c.id, L4_ZeroTime);                // now it waits: no blocking needed
    CHECK(L4_IpcSucceeded(tag));
    tag = serve(&from);
    CHECK(from == c.id && L4_Label(tag) == label_ping + 1 && L4_UntypedWords(tag) == payload_words);
    for (L4_Word_t i = 0; i < payload_words; ++i)
        CHECK(L4_MR(i + 1) == ~pattern(i));
    tag = serve(&from);
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == 1);
    kill(c);
    return true;
}

// --- timeouts -------------------------------------------------------------------

L4_Word64_t now_us() { return L4_SystemClock(); }

void silent_child(L4_Word_t)
{
    for (;;)
        L4_Sleep(L4_Never);
}

void late_sender_child(L4_Word_t delay_ms)
{
    L4_Sleep(milliseconds(delay_ms));
    report(0xabc);
}

bool ipc_timeouts()
{
    Child quiet;
    CHECK(spawn(quiet, silent_child, 0));
    L4_ThreadId_t from;
    serve(&from, milliseconds(10));                    // let it settle in its sleep

    // Zero: fails at once in the send phase, and in the receive phase.
    L4_Word64_t t0 = now_us();
    L4_MsgTag_t tag = L4_Send_Timeout(quiet.id, L4_ZeroTime);
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout && !L4_IpcErrorInReceive());
    tag = L4_Receive_Timeout(quiet.id, L4_ZeroTime);
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout && L4_IpcErrorInReceive());
    CHECK(now_us() - t0 < 5000);

    // Relative: fails no earlier than asked, in the right phase.
    t0 = now_us();
    tag = L4_Send_Timeout(quiet.id, milliseconds(30));
    L4_Word64_t waited = now_us() - t0;
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout && !L4_IpcErrorInReceive());
    CHECK(waited >= 30000 && waited < 200000);
    t0 = now_us();
    tag = L4_Receive_Timeout(quiet.id, milliseconds(25));
    waited = now_us() - t0;
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrTimeout && L4_IpcErrorInReceive());
    CHECK(waited >= 25000 && waited < 200000);

    // Sleep is a receive from oneself with a timeout.
    t0 = now_us();
    L4_Sleep(milliseconds(15));
    CHECK(now_us() - t0 >= 15000);

    // Never: waits as long as it takes.
    Child late;
    CHECK(spawn(late, late_sender_child, 40));
    t0 = now_us();
    tag = serve(&from, L4_Never);
    CHECK(L4_IpcSucceeded(tag) && from == late.id && L4_MR(1) == 0xabc);
    CHECK(now_us() - t0 >= 40000);
    kill(late);
    kill(quiet);
    return true;
}

// --- open receive ------------------------------------------------------------------

void tagged_sender_child(L4_Word_t value) { report(value); }

bool ipc_open_receive()
{
    Child a, b;
    CHECK(spawn(a, tagged_sender_child, 111));
    CHECK(spawn(b, tagged_sender_child, 222));
    bool seen_a = false, seen_b = false;
    for (int i = 0; i < 2; ++i) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = serve(&from, milliseconds(1000));
        while (L4_IpcSucceeded(tag) && L4_Label(tag) == label::done)
            tag = serve(&from, milliseconds(1000));     // a child that reported already returned
        CHECK(L4_IpcSucceeded(tag) && L4_Label(tag) == label::report);
        if (from == a.id && L4_MR(1) == 111)
            seen_a = true;
        else if (from == b.id && L4_MR(1) == 222)
            seen_b = true;
        else
            CHECK(!"a message from an unknown sender or with a wrong value");
    }
    CHECK(seen_a && seen_b);
    kill(a);
    kill(b);
    return true;
}

// --- call and reply-wait ---------------------------------------------------------------

// A server: answers each call with the request plus one, for its caller only.
void increment_server(L4_Word_t)
{
    L4_ThreadId_t client;
    L4_MsgTag_t tag = L4_Wait(&client);
    for (;;) {
        L4_Word_t v = L4_MR(1);
        L4_LoadMR(0, L4_MsgTag(0, 2).raw);
        L4_LoadMR(1, v + 1);
        L4_LoadMR(2, client.raw);
        (void)tag;
        tag = L4_ReplyWait(client, &client);
    }
}

// A client: calls the server `count` times and reports how many answers were right.
L4_ThreadId_t server_id;
void calling_client(L4_Word_t base)
{
    L4_Word_t right = 0;
    for (L4_Word_t i = 0; i < 100; ++i) {
        L4_LoadMR(0, L4_MsgTag(1, 1).raw);
        L4_LoadMR(1, base + i);
        L4_MsgTag_t tag = L4_Call(server_id);
        if (L4_IpcSucceeded(tag) && L4_MR(1) == base + i + 1 && L4_MR(2) == L4_Myself().raw)
            ++right;
    }
    report(right, base);
}

bool ipc_call_reply_order()
{
    Child server;
    CHECK(spawn(server, increment_server, 0));
    server_id = server.id;
    // We are its pager: let it fault its way into its first receive, or our
    // first call and its first page fault would wait for each other.
    L4_ThreadId_t from;
    settle();
    // Our own calls: each answer belongs to its request, in order.
    for (L4_Word_t i = 0; i < 200; ++i) {
        L4_LoadMR(0, L4_MsgTag(1, 1).raw);
        L4_LoadMR(1, i * 7);
        L4_MsgTag_t tag = call_child(server.id, milliseconds(1000));
        CHECK(L4_IpcSucceeded(tag));
        CHECK(L4_MR(1) == i * 7 + 1 && L4_MR(2) == root.raw);
    }
    // Two clients calling at once are each answered correctly.
    Child c1, c2;
    CHECK(spawn(c1, calling_client, 1000));
    CHECK(spawn(c2, calling_client, 5000));
    L4_Word_t reports = 0;
    while (reports < 2) {
        L4_MsgTag_t tag = serve(&from, milliseconds(2000));
        if (L4_IpcSucceeded(tag) && L4_Label(tag) == label::done)
            continue;
        CHECK(L4_IpcSucceeded(tag) && L4_Label(tag) == label::report);
        CHECK(L4_MR(1) == 100);
        ++reports;
    }
    kill(c1);
    kill(c2);
    kill(server);
    return true;
}

} // namespace

const Test ipc_tests[] = {
    {"ipc_payload", ipc_payload, false},
    {"ipc_timeouts", ipc_timeouts, false},
    {"ipc_open_receive", ipc_open_receive, false},
    {"ipc_call_reply_order", ipc_call_reply_order, false},
    {nullptr, nullptr, false},
};

} // namespace ktest
