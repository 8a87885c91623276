// The counter's persistent state: the totals, a checksum over them, and a
// redo log that makes adding exactly-once across restarts. Freestanding
// (tests/unit/counter/accounts_test.cc runs it on the host).
//
// Adding to an account takes two steps, with a failure possible between any
// two stores:
//   1. log_change(): clear the log's sequence number, write account, total
//      before and total after, then the request's sequence number: that
//      last store commits it;
//   2. apply(): store the total and the checksum.
// A request replayed after a restart finds its sequence number in the log
// and only applies again (idempotent), so it is never added twice. The
// checksum tells a stray write into .pdata from a half-done apply: it must
// match the totals either before or after the logged change.
#pragma once
#include <stdint.h>
#include "arc/protocol/counter.h"

namespace counter {

struct RedoLog {
    uint32_t account;
    uint32_t before, after;
    uint32_t sequence;        // the request whose change this is (0: none): the commit mark
};

struct Accounts {
    uint32_t totals[arc::counter::max_accounts];
    uint32_t checksum;
    RedoLog log;

    void reset();
    // Step 1 and 2 for request `sequence` (a no-op for step 1 if the log
    // holds that request already). `pause` runs between the stores: the
    // server's injection point.
    void log_change(uint32_t sequence, uint32_t account, uint32_t amount, void (*pause)());
    void apply(void (*pause)());
    // After a restart: true if the totals are as this code left them (the
    // checksum matches them before or after a committed change); then the
    // committed change is applied (again).
    bool recover();
    bool intact() const { return checksum == sum(); }

private:
    uint32_t sum() const;
};

} // namespace counter
