#include "arc/art.h"
#include "arc/client.h"
#include "arc/startup.h"
#include "rt/string.h"

namespace arc::art {

namespace {
L4_ThreadId_t server()
{
    const Startup* s = startup();
    return s ? s->art : L4_nilthread;
}

L4_Word_t label(Op op) { return static_cast<L4_Word_t>(op); }

// Sends a request that carries at most one word and no strings.
Status simple_call(Op op, L4_MsgTag_t& reply, const L4_Word_t* argument)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(label(op));
    if (argument)
        w.word(*argument);
    return call(server(), w, &reply);
}
} // namespace

Status execute(const char* command, const char* arguments, L4_Word_t& pid)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(label(Op::execute));
    w.string(command).string(arguments);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply);
    if (s == Status::ok && !MessageReader(reply).word(pid))
        return Status::bad_request;
    return s;
}

Status wait(L4_Word_t pid, ExitInfo& result)
{
    result = ExitInfo{};
    L4_MsgTag_t reply;
    Status s = simple_call(Op::wait, reply, &pid);
    if (s == Status::unavailable || s == Status::too_long)
        return s;
    // A process that ended abnormally still has a code and a reason to
    // report, so they are read whatever the status; only an ok reply must
    // have them.
    MessageReader r(reply);
    bool complete = r.word(result.code) && r.string(result.reason, sizeof result.reason);
    if (!complete) {
        result = ExitInfo{};
        if (s == Status::ok)
            return Status::bad_request;
    }
    return s;
}

Status kill(L4_Word_t pid)
{
    L4_MsgTag_t reply;
    return simple_call(Op::kill, reply, &pid);
}

Status process_info(L4_Word_t index, ProcessInfo& info)
{
    info = ProcessInfo{};
    L4_MsgTag_t reply;
    Status s = simple_call(Op::process_info, reply, &index);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    L4_Word_t state = 0;
    if (!(r.word(info.pid) && r.thread(info.pager) && r.thread(info.main) && r.word(state) &&
          r.word(info.faults) && r.word(info.restarts) && r.string(info.name, sizeof info.name)))
        return Status::bad_request;
    info.state = static_cast<ProcessState>(state);
    return s;
}

Status memory_info(MemoryInfo& info)
{
    info = MemoryInfo{};
    L4_MsgTag_t reply;
    Status s = simple_call(Op::memory_info, reply, nullptr);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    if (!(r.word(info.total) && r.word(info.free) && r.word(info.art) && r.word(info.processes)))
        return Status::bad_request;
    return s;
}

Status find_process(const char* name, L4_Word_t& pid)
{
    static ProcessInfo info;             // a name's worth of text: not on the stack
    for (L4_Word_t index = 0;; ++index) {
        Status s = process_info(index, info);
        if (s == Status::end_of_directory)
            return Status::not_found;
        if (s != Status::ok)
            return s;
        if (strcmp(info.name, name) == 0) {
            pid = info.pid;
            return Status::ok;
        }
    }
}

Status inject(L4_Word_t pid, recovery::Injection injection, L4_Word_t after, L4_Word_t argument, bool sticky)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(label(Op::inject));
    w.word(pid).word(static_cast<L4_Word_t>(injection)).word(after).word(argument).word(sticky ? 1 : 0);
    return call(server(), w);
}

Status recovery_policy(const char* program, const char* settings, recovery::Policy& policy)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(label(Op::recovery_policy));
    w.string(program).string(settings);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    L4_Word_t words[recovery::policy_words];
    for (L4_Word_t& word : words)
        if (!r.word(word))
            return Status::bad_request;
    return recovery::unpack(policy, words) ? Status::ok : Status::bad_request;
}

void write_plan(MessageWriter& w, const code_faults::Plan& plan)
{
    w.string(plan.generator).word(plan.count).word(static_cast<L4_Word_t>(plan.seed))
        .word(static_cast<L4_Word_t>(plan.seed >> 32));
}

bool read_plan(MessageReader& r, code_faults::Plan& plan)
{
    L4_Word_t low, high;
    if (!r.string(plan.generator, sizeof(plan.generator)) || !r.word(plan.count) || !r.word(low) || !r.word(high))
        return false;
    plan.seed = static_cast<uint64_t>(high) << 32 | low;
    return true;
}

Status code_faults(const char* program, const code_faults::Plan& set, code_faults::Plan& now)
{
    if (L4_IsNilThread(server()))
        return Status::unavailable;
    MessageWriter w(label(Op::code_faults));
    w.string(program);
    write_plan(w, set);
    L4_MsgTag_t reply;
    Status s = call(server(), w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return read_plan(r, now) ? Status::ok : Status::bad_request;
}

Status reboot()
{
    L4_MsgTag_t reply;
    return simple_call(Op::reboot, reply, nullptr);
}

} // namespace arc::art
