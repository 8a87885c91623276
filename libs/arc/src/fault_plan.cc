#include "arc/fault_plan.h"
#include "arc/art.h"
#include "rt/number.h"

namespace arc {

bool FaultPlan::parse(const char* every, const char* kinds, const char* seed)
{
    kind_count_ = 0;
    char word[16];
    while (*kinds) {
        unsigned n = 0;
        while (*kinds && *kinds != ',' && n + 1 < sizeof(word))
            word[n++] = *kinds++;
        word[n] = '\0';
        if (*kinds == ',')
            ++kinds;
        if (kind_count_ == max_kinds || !recovery::parse(word, kinds_[kind_count_++]))
            return false;
    }
    return kind_count_ > 0 && rt::parse_number(every, every_) && rt::parse_number(seed, state_) && state_ != 0;
}

Status FaultPlan::aim_at(L4_ThreadId_t server)
{
    art::ProcessInfo info;
    for (L4_Word_t i = 0; art::process_info(i, info) == Status::ok; ++i)
        if (info.main == server && info.state != art::ProcessState::ended) {
            pid_ = info.pid;
            return Status::ok;
        }
    return Status::not_found;
}

void FaultPlan::before(uint32_t request, uint32_t points)
{
    if (every_ == 0 || request % every_ != 0 || points == 0)
        return;
    recovery::Injection kind = kinds_[injected_ % kind_count_];
    uint32_t after = random() % points;
    if (art::inject(pid_, kind, after, random(), false) == Status::ok)
        ++injected_;
}

uint32_t FaultPlan::random()
{
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
}

} // namespace arc
