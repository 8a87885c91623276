#include "escalation.h"

namespace p3 {

namespace {
using arc::recovery::Temperature;

Temperature colder(Temperature t)
{
    switch (t) {
    case Temperature::fresh: return Temperature::hot;
    case Temperature::hot: return Temperature::warm;
    case Temperature::warm: return Temperature::cold;
    case Temperature::cold: return Temperature::group;
    case Temperature::group: return Temperature::reboot;
    default: return Temperature::none;
    }
}
} // namespace

Escalation::Decision Escalation::on_failure(const arc::recovery::Policy& policy, uint64_t now_ms, bool recovering,
                                            bool initializing)
{
    if (policy.first == Temperature::none)
        return {Temperature::none, 0, "its policy restarts it never"};
    Temperature next = recovering && level_ != Temperature::fresh ? colder(level_) : policy.first;
    if (next < policy.first)
        next = policy.first;
    bool raised = initializing && next < Temperature::cold;
    if (raised)
        next = Temperature::cold;
    if (next > policy.last)
        return {Temperature::none, 0,
                raised ? "it failed in Initialize(), and its policy allows no cold restart"
                       : "recovery failed at the coldest restart its policy allows"};
    if (policy.budget) {
        if (in_window_ == 0 || (policy.window_ms && now_ms - window_start_ms_ >= policy.window_ms)) {
            window_start_ms_ = now_ms;
            in_window_ = 0;
        }
        if (in_window_ >= policy.budget)
            return {Temperature::none, 0, "restart budget spent"};
    }
    ++in_window_;
    uint32_t delay = 0;
    if (policy.backoff_ms && in_window_ >= 2) {
        uint32_t doublings = in_window_ - 2 < max_backoff_doublings ? in_window_ - 2 : max_backoff_doublings;
        delay = policy.backoff_ms << doublings;
    }
    level_ = next;
    return {next, delay, recovering ? "the restart did not recover it" : ""};
}

} // namespace p3
