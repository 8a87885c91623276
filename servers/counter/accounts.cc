#include "accounts.h"

namespace counter {

namespace {
void nothing() {}
} // namespace

uint32_t Accounts::sum() const
{
    uint32_t s = 0x5eed;
    for (uint32_t i = 0; i < arc::counter::max_accounts; ++i)
        s += totals[i] * (2 * i + 1);
    return s;
}

void Accounts::reset()
{
    for (uint32_t& t : totals)
        t = 0;
    log = {};
    checksum = sum();
}

void Accounts::log_change(uint32_t sequence, uint32_t account, uint32_t amount, void (*pause)())
{
    if (!pause)
        pause = nothing;
    if (log.sequence == sequence)
        return;                           // logged before a restart: apply it again
    log.sequence = 0;                     // the fields below belong to no request yet
    pause();
    log.account = account;
    log.before = totals[account];
    pause();
    log.after = totals[account] + amount;
    pause();
    log.sequence = sequence;              // the commit
}

void Accounts::apply(void (*pause)())
{
    if (!pause)
        pause = nothing;
    totals[log.account] = log.after;
    pause();
    checksum = sum();
}

bool Accounts::recover()
{
    if (log.sequence == 0)
        return intact();                  // no committed change: nothing to finish
    if (log.account >= arc::counter::max_accounts)
        return false;
    uint32_t now = totals[log.account];
    totals[log.account] = log.before;
    bool before = checksum == sum();
    totals[log.account] = log.after;
    bool after = checksum == sum();
    totals[log.account] = now;
    if (!before && !after)
        return false;                     // changed by something other than the log
    apply(nullptr);
    return true;
}

} // namespace counter
