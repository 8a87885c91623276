// ArcServer::MainLoop: take a request, keep it in persistent memory, serve
// it, answer it; after a restart, recover and serve the kept one again.
#include "arc/server.h"
#include "arc/injection.h"
#include "arc/layout.h"
#include "arc/pager.h"
#include "arc/persistent.h"
#include "arc/protocol/recovery.h"
#include "arc/startup.h"
#include "l4/l4.h"

namespace arc {

namespace {

using recovery::ControlPage;
using recovery::Temperature;

// The request in flight, in persistent memory (section .pdata.arc, ahead of
// the server's own .pdata: an injected wild write spares it).
//
// Invariant: state is `serving` from the moment the request is copied here
// until the handler has returned, and `answered` after. A restart in
// between serves it again; a restart after it does not (the reply may have
// been sent: a second one could reach the client as the answer to its next
// request). The window between the kernel handing over a message and
// take() below is framework code only, and a failure there loses that
// request: the client waits until the server's next restart answers it,
// which never comes. No injection point lies in that window.
struct RequestRecord {
    // Values unlikely to come from a stray write.
    enum State : L4_Word_t { idle = 0, serving = 0x53455256, answered = 0x414e5357 };
    L4_Word_t state;
    L4_Word_t sequence;           // requests taken so far
    Request request;
};
constinit RequestRecord record __attribute__((section(".pdata.arc"))) = {};

// Whether .pdata is whole: Initialize() returned since the program file's
// .pdata was loaded (the first start, or a cold restart). A hot or warm
// restart of a server that failed before then has nothing to recover.
enum class Pdata : L4_Word_t { as_loaded = 0, whole = 0x57484f4c };
constinit Pdata pdata_state __attribute__((section(".pdata.arc"))) = Pdata::as_loaded;

ControlPage& control() { return *reinterpret_cast<ControlPage*>(layout::control_page); }

L4_Word_t cycles_low() { return static_cast<L4_Word_t>(L4_KDB_Cycles()); }

// The record's request is being served (the P3 watches the deadline).
void begin_serving()
{
    record.state = RequestRecord::serving;
    ControlPage& c = control();
    c.client = record.request.client.raw;
    c.requests = c.requests + 1;
    c.serving = 1;
}

// The message that just arrived becomes the record's request.
void take(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    record.request.client = from;
    record.request.message.take(tag);
    record.request.sequence = ++record.sequence;
    begin_serving();
}

void finish()
{
    record.state = RequestRecord::answered;
    ControlPage& c = control();
    c.serving = 0;
    c.request_deadline_ms = 0;
}

Temperature started_as()
{
    const Startup* s = startup();
    return s ? static_cast<Temperature>(s->temperature) : Temperature::fresh;
}

} // namespace

Status ArcServer::Recover() { return Status::not_permitted; }

void ArcServer::ExtendDeadline(L4_Word_t ms) { control().request_deadline_ms = ms; }

recovery::Failure ArcServer::RestartCause() const
{
    const Startup* s = startup();
    return static_cast<recovery::Failure>(s ? s->failure : 0);
}

Status ArcServer::serve(Request& request, MessageBuffer& reply)
{
    injection_point();
    Reply out(reply);
    Status s = Service(request, out);
    if (out.overflowed())
        s = Status::too_long;
    out.load();
    reply.tag = L4_MsgTag(static_cast<L4_Word_t>(s), s == Status::too_long ? 0 : L4_UntypedWords(reply.tag));
    return s;
}

// The request a failure interrupted, served again; true if there was one.
bool ArcServer::replay(MessageBuffer& reply)
{
    if (record.state != RequestRecord::serving)
        return false;
    begin_serving();
    replaying_ = true;
    serve(record.request, reply);
    replaying_ = false;
    finish();
    reply.load();
    // The client has waited in its call all along: it takes the reply now.
    L4_Send_Timeout(record.request.client, L4_ZeroTime);
    return true;
}

void ArcServer::recover_and_replay()
{
    L4_Word_t began = cycles_low();
    control().replaying = 1;
    if (record.state != RequestRecord::idle && record.state != RequestRecord::serving &&
        record.state != RequestRecord::answered)
        pager::recovery_failed("the request record in .pdata is damaged");
    injection_point();                // a fault armed for every restart strikes here
    Status s = Recover();
    if (s != Status::ok)
        pager::recovery_failed(describe(s));
    static MessageBuffer reply;
    L4_Word_t replied = replay(reply) ? cycles_low() : 0;
    control().replaying = 0;
    pager::recovered(began, replied);
}

// The first start, or a cold restart: persistent memory is as the program
// file has it. After a cold restart the client whose request was lost is
// told so.
void ArcServer::start_cold()
{
    L4_Word_t began = cycles_low();
    if (started_as() == Temperature::cold)
        injection_point();
    Status s = Initialize();
    if (s != Status::ok)
        pager::panic("Initialize() failed");
    pdata_state = Pdata::whole;
    control().initializing = 0;
    if (started_as() != Temperature::cold)
        return;
    L4_ThreadId_t orphan = startup()->orphan;
    if (!L4_IsNilThread(orphan)) {
        MessageWriter(static_cast<L4_Word_t>(Status::restarted)).load();
        L4_Send_Timeout(orphan, L4_ZeroTime);
    }
    pager::recovered(began, 0);
}

int ArcServer::MainLoop()
{
    ControlPage& c = control();
    c.deadline_ms = deadline_ms_;
    c.heartbeat_ms = heartbeat_ms_;
    // Until .pdata is whole a failure leaves it half built: the P3 then
    // restarts the server cold, whatever its policy's first step.
    c.initializing = 1;
    if (recovery::keeps_persistent(started_as())) {
        if (pdata_state != Pdata::whole)
            pager::recovery_failed("it failed before Initialize() finished: .pdata was never whole");
        c.initializing = 0;
        recover_and_replay();
    } else {
        start_cold();
    }

    L4_Time_t idle = heartbeat_ms_ ? L4_TimePeriod(heartbeat_ms_ * 1000ull) : L4_Never;
    static MessageBuffer reply;        // not persistent: rebuilt by a replay
    L4_ThreadId_t from, reply_to = L4_nilthread;
    for (;;) {
        L4_MsgTag_t tag;
        if (!L4_IsNilThread(reply_to)) {
            reply.load();
            tag = L4_ReplyWait_Timeout(reply_to, idle, &from);
            reply_to = L4_nilthread;
        } else {
            tag = L4_Wait_Timeout(idle, &from);
        }
        if (L4_IpcFailed(tag)) {
            if (L4_IpcErrorInReceive() && L4_IpcError() == L4_ErrTimeout) {
                c.beats = c.beats + 1;
                injection_point();
                Idle();
            }
            continue;                 // or the client was gone before its reply
        }
        take(from, tag);
        serve(record.request, reply);
        finish();
        reply_to = from;
        if (stop_)
            break;
    }
    reply.load();
    L4_Send_Timeout(reply_to, L4_ZeroTime);
    Exit();
    return exit_code_;
}

} // namespace arc
