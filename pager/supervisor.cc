#include "supervisor.h"
#include "escalation.h"
#include "process.h"
#include "restart.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/protocol/art.h"
#include "arc/protocol/naming.h"
#include "l4/l4.h"
#include "rt/print.h"

namespace p3 {

namespace {

namespace layout = arc::layout;
using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using arc::recovery::ControlPage;
using arc::recovery::Failure;
using arc::recovery::Injection;
using arc::recovery::Temperature;

// The supervisor's state: the P3's own (a P3 is never restarted, so none of
// it is persistent).
struct Supervision {
    arc::recovery::Policy policy;
    Escalation escalation;
    bool recovering = false;          // restarted; the process has not said it is done
    L4_Word_t restarts = 0;
    Temperature temperature = Temperature::fresh;
    RestartSteps steps;               // of the last restart
    uint64_t started_us = 0;          // when the process last started (rejuvenation)
    // Hang detection: what the control page said when we last looked.
    bool saw_serving = false;
    L4_Word_t seen_requests = 0;
    uint64_t serving_since_us = 0;
    L4_Word_t seen_progress = 0;       // beats + requests
    uint64_t beat_seen_us = 0;
    L4_ThreadId_t orphan = L4_nilthread;   // whose request the failure interrupted
    // An injection to arm again after every restart (Order::inject, sticky).
    Injection sticky = Injection::none;
    L4_Word_t sticky_after = 0, sticky_argument = 0;
};
Supervision state;

uint64_t cycles() { return L4_KDB_Cycles(); }
uint64_t now_us() { return L4_SystemClock(); }

// The control page, if the process has one yet (nullptr: it never touched it).
ControlPage* control()
{
    if (!filled.contains(layout::control_page >> 12))
        return nullptr;
    return reinterpret_cast<ControlPage*>(layout::control_page);
}

ControlPage* control_for_writing()
{
    Region* r = regions.of_kind(RegionKind::control);
    if (!r || !fill(layout::control_page, *r))
        return nullptr;
    return reinterpret_cast<ControlPage*>(layout::control_page);
}

void fetch_policy()
{
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::recovery_policy));
    w.string(job.name).string("");
    L4_MsgTag_t reply;
    if (arc::call(L4_Pager(), w, &reply) != Status::ok)
        return;                            // keep what we had
    MessageReader r(reply);
    L4_Word_t words[arc::recovery::policy_words];
    for (L4_Word_t& word : words)
        if (!r.word(word))
            return;
    arc::recovery::unpack(state.policy, words);
}

void arm(Injection injection, L4_Word_t after, L4_Word_t argument)
{
    ControlPage* c = control_for_writing();
    if (!c)
        return;
    c->inject_after = after;
    c->inject_argument = argument;
    c->inject = static_cast<L4_Word_t>(injection);
}

void forget_progress()
{
    state.saw_serving = false;
    state.seen_requests = 0;
    state.seen_progress = 0;
    state.beat_seen_us = state.started_us = now_us();
}

[[noreturn]] void reboot()
{
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::reboot));
    arc::call(L4_Pager(), w);
    stop();
}

// The processes that use ours: those the naming server saw look it up
// (004, 4.4.2: the group is formed at run time from who talks to whom).
void find_dependents(Dependents& out)
{
    out.count = 0;
    if (L4_IsNilThread(job.naming))
        return;                               // the naming server itself
    for (L4_Word_t index = 0; out.count < Dependents::max; ++index) {
        MessageWriter w(static_cast<L4_Word_t>(arc::naming::Op::connection));
        w.word(index);
        L4_MsgTag_t reply;
        if (arc::call(job.naming, w, &reply) != Status::ok)
            return;                           // end_of_directory, or naming is not there
        MessageReader r(reply);
        L4_ThreadId_t client, server;
        if (!r.thread(client) || !r.thread(server))
            return;
        if (server != job.main || client == job.main)
            continue;
        bool known = false;
        for (unsigned i = 0; i < out.count; ++i)
            known = known || out.threads[i] == client;
        if (!known)
            out.threads[out.count++] = client;
    }
}

// Halts the process for a restart. The client whose request is in flight
// is remembered: it is answered after the restart, with the result or, if
// the restart is cold, with an error. A recovery that fails before its
// replay began still owes it.
void stop_for_restart(RestartSteps& steps)
{
    steps.detected = cycles();
    ControlPage* c = control();
    if (c && c->serving)
        state.orphan = L4_ThreadId_t{c->client};
    else if (!state.recovering)
        state.orphan = L4_nilthread;
    stop_threads();
    steps.stopped = cycles();
}

// Restarts the stopped process at `temperature` (what ART is told: group
// restarts this process cold and ART the rest of the group).
void restart_at(Temperature temperature, Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail,
                L4_ThreadId_t orphan, RestartSteps& steps)
{
    Temperature here = temperature == Temperature::group ? Temperature::cold : temperature;
    StartKind kind{here, ++state.restarts, here == Temperature::cold ? orphan : L4_nilthread,
                   static_cast<L4_Word_t>(failure)};
    Dependents dependents;
    if (temperature == Temperature::group)
        find_dependents(dependents);
    if (!restart(kind, temperature, failure, address, ip, detail, dependents, steps)) {
        rt::print("p3: %s (pid %u): ART refused the restart; ended\n", job.name, job.pid);
        report_fault(failure, address, ip, detail);
    }
    state.steps = steps;
    state.temperature = here;
    state.recovering = failure != Failure::rejuvenation && failure != Failure::group;
    forget_progress();
    if (state.sticky != Injection::none)
        arm(state.sticky, state.sticky_after, state.sticky_argument);
}

// A planned restart between requests: only while the server waits for a
// request in its main loop, never in the middle of one.
void rejuvenate()
{
    namespace e = kapi::exreg;
    auto old = L4_ExchangeRegistersFull(job.main, e::set_halt | e::halt_flag, 0, 0, 0, 0, L4_nilthread);
    ControlPage* c = control();
    bool idle = (old.control & e::state_receiving) && c && !c->serving;
    // Abort the receive; if a message got in meanwhile, it is being served: not now.
    if (idle)
        idle = (L4_ExchangeRegistersFull(job.main, e::abort_receive, 0, 0, 0, 0, L4_nilthread).control &
                e::state_receiving) != 0;
    if (!idle) {
        resume_main();
        return;
    }
    rt::print("p3: %s (pid %u): rejuvenation: hot restart\n", job.name, job.pid);
    fetch_policy();                           // the shell may have changed the period
    RestartSteps steps;
    steps.detected = steps.stopped = cycles();
    restart_at(Temperature::hot, Failure::rejuvenation, 0, 0, 0, L4_nilthread, steps);
}

// Did the process hang? A request served for longer than its deadline, or
// an idle loop that stopped beating.
bool hung(ControlPage& c, uint64_t now, Failure& failure, L4_Word_t& detail)
{
    if (c.serving) {
        if (!state.saw_serving || c.requests != state.seen_requests) {
            state.saw_serving = true;
            state.seen_requests = c.requests;
            state.serving_since_us = now;
            return false;
        }
        detail = arc::recovery::request_deadline(c.deadline_ms, c.request_deadline_ms);
        failure = Failure::deadline;
        return detail && now - state.serving_since_us > detail * 1000ull;
    }
    state.saw_serving = false;
    // A busy server beats seldom: every request it took counts as a beat.
    L4_Word_t progress = c.beats + c.requests;
    if (progress != state.seen_progress) {
        state.seen_progress = progress;
        state.beat_seen_us = now;
        return false;
    }
    detail = c.heartbeat_ms;
    failure = Failure::heartbeat;
    return detail && now - state.beat_seen_us > 2 * detail * 1000ull;
}

L4_Word_t smallest_nonzero(L4_Word_t a, L4_Word_t b) { return !a ? b : (!b ? a : (a < b ? a : b)); }

} // namespace

void supervision_begins()
{
    fetch_policy();
    forget_progress();
}

void process_failed(Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail)
{
    RestartSteps steps;
    stop_for_restart(steps);
    char what[96];
    arc::recovery::describe(failure, address, ip, detail, what, sizeof(what));
    // A failure before .pdata was whole (arc/server.h's MainLoop says so on
    // the control page) can only be mended by a cold restart.
    const ControlPage* c = control();
    bool initializing = c && c->initializing;
    const char* again = state.recovering && failure != Failure::recovery_failed ? " while recovering"
                        : initializing                                         ? " in Initialize()"
                                                                               : "";
    fetch_policy();
    Escalation::Decision d = state.escalation.on_failure(state.policy, now_us() / 1000, state.recovering,
                                                         initializing);
    if (d.temperature == Temperature::none) {
        rt::print("p3: %s (pid %u): %s%s; not restarted: %s\n", job.name, job.pid, what, again, d.why);
        report_fault(failure, address, ip, detail);
    }
    rt::print("p3: %s (pid %u): %s%s; %s restart\n", job.name, job.pid, what, again,
              arc::recovery::name(d.temperature));
    if (d.temperature == Temperature::reboot)
        reboot();
    if (d.delay_ms)
        L4_Sleep(L4_TimePeriod(d.delay_ms * 1000ull));
    restart_at(d.temperature, failure, address, ip, detail, state.orphan, steps);
}

void process_recovered(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t recover_began = 0, replied = 0;
    r.word(recover_began) && r.word(replied);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).load();
    L4_Send_Timeout(from, L4_ZeroTime);
    if (!state.recovering)
        return;                               // a planned restart, or said twice
    state.recovering = false;
    state.orphan = L4_nilthread;
    const RestartSteps& s = state.steps;
    auto since = [&](L4_Word_t low) { return static_cast<uint32_t>(low - static_cast<L4_Word_t>(s.detected)); };
    auto step = [](uint64_t a, uint64_t b) { return static_cast<uint32_t>(b - a); };
    bool cold = !arc::recovery::keeps_persistent(state.temperature);
    rt::print("p3: %s (pid %u): recovered (%s): %s after %u instructions, reply after %u "
              "[stop %u, initialize %u, unmap %u, load %u, start %u]\n",
              job.name, job.pid, arc::recovery::name(state.temperature), cold ? "Initialize()" : "Recover()",
              since(recover_began), replied ? since(replied) : 0, step(s.detected, s.stopped),
              step(s.stopped, s.initialized),
              step(s.initialized, s.unmapped), step(s.unmapped, s.loaded), step(s.loaded, s.started));
}

namespace {

// A member of a group restart: restarted at once, at the temperature ART
// says, whatever it was doing (a warm restart replays its request).
void restart_by_order(MessageReader& r)
{
    L4_Word_t temperature;
    if (!r.word(temperature) || temperature < static_cast<L4_Word_t>(Temperature::hot) ||
        temperature > static_cast<L4_Word_t>(Temperature::cold))
        return;
    auto t = static_cast<Temperature>(temperature);
    RestartSteps steps;
    stop_for_restart(steps);
    rt::print("p3: %s (pid %u): a server it uses restarted cold; %s restart with its group\n", job.name, job.pid,
              arc::recovery::name(t));
    restart_at(t, Failure::group, 0, 0, 0, state.orphan, steps);
}

} // namespace

void order_from_art(L4_MsgTag_t tag)
{
    MessageReader r(tag);
    if (static_cast<arc::art::Order>(L4_Label(tag)) == arc::art::Order::restart)
        return restart_by_order(r);
    if (static_cast<arc::art::Order>(L4_Label(tag)) == arc::art::Order::policy_changed)
        return fetch_policy();
    if (static_cast<arc::art::Order>(L4_Label(tag)) != arc::art::Order::inject)
        return;
    L4_Word_t injection, after, argument, sticky;
    if (!r.word(injection) || !r.word(after) || !r.word(argument) || !r.word(sticky) ||
        injection >= arc::recovery::injection_count)
        return;
    fetch_policy();                           // ART may have replaced a policy_changed order
    Injection i = static_cast<Injection>(injection);
    state.sticky = sticky ? i : Injection::none;
    state.sticky_after = after;
    state.sticky_argument = argument;
    arm(i, after, argument);
}

L4_Time_t supervise()
{
    ControlPage* c = control();
    L4_Word_t deadline = c ? c->deadline_ms : 0, heartbeat = c ? c->heartbeat_ms : 0;
    L4_Word_t rejuvenate_ms = state.policy.rejuvenate_ms;
    L4_Word_t period = smallest_nonzero(smallest_nonzero(deadline, heartbeat), rejuvenate_ms);
    if (!period)
        return L4_Never;
    uint64_t now = now_us();
    Failure failure;
    L4_Word_t detail = 0;
    if (c && hung(*c, now, failure, detail))
        process_failed(failure, 0, 0, detail);
    else if (rejuvenate_ms && !state.recovering && now - state.started_us >= rejuvenate_ms * 1000ull)
        rejuvenate();
    // Look again twice per period: a hang is caught within 1.5 deadlines.
    L4_Word_t wait_ms = period / 2 ? period / 2 : 1;
    return L4_TimePeriod(wait_ms * 1000ull);
}

} // namespace p3
