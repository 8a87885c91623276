// Which restart comes next (004 section 4.4.2, "Escalation and
// Propagation"): restart policy as readable code, after MINIX 3's
// reincarnation server. Freestanding: host unit tests drive it
// (tests/unit/pager/escalation_test.cc).
//
// A failure while the previous restart is still recovering (Recover() or
// the replay of the request failed again) climbs one step colder: hot,
// warm, cold, group, reboot. A failure before the server's Initialize()
// finished skips to cold: hot and warm keep a .pdata that was never whole. Any other failure starts again at the
// policy's first step. Past the policy's last step, or with the restart
// budget spent (more than `budget` restarts within `window_ms`; window 0:
// in the process's whole life), the
// process is not restarted: it ends. Within a window the second restart
// waits backoff_ms, each further one twice as long: a restart storm slows
// down instead of taking the machine.
#pragma once
#include <stdint.h>
#include "arc/protocol/recovery.h"

namespace p3 {

class Escalation {
public:
    using Temperature = arc::recovery::Temperature;

    struct Decision {
        Temperature temperature;   // Temperature::none: end the process
        uint32_t delay_ms;         // backoff before restarting
        const char* why;           // for the log
    };

    // A failure at `now_ms`. `recovering`: the process failed before it
    // reported the previous restart done. `initializing`: it failed inside
    // Initialize() (or before it began), so .pdata is half built and
    // nothing keeping it can recover: the restart is cold or colder.
    Decision on_failure(const arc::recovery::Policy& policy, uint64_t now_ms, bool recovering,
                        bool initializing = false);
    Temperature level() const { return level_; }

private:
    static constexpr unsigned max_backoff_doublings = 10;

    Temperature level_ = Temperature::fresh;   // of the last restart
    uint64_t window_start_ms_ = 0;
    uint32_t in_window_ = 0;                   // restarts in the current window
};

} // namespace p3
