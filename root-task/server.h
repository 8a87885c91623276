// ART's main loop: page faults of the P3s and the requests of protocol/art.h.
#pragma once
#include "policy.h"
#include "recovery_policies.h"

namespace art {
[[noreturn]] void serve(const Policy& policy, RecoveryPolicies& recovery);
} // namespace art
