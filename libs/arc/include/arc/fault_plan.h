// A test client's plan to make its server fail now and then, at random
// points inside its requests (the recovery tests' clients and demos): every
// `every` requests, ART arms a fault in the server, of the next kind in
// turn, at a random one of the injection points the next request passes
// (arc/injection.h). The seed makes the choices repeatable.
#pragma once
#include <stdint.h>
#include "arc/protocol/recovery.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc {

class FaultPlan {
public:
    static constexpr unsigned max_kinds = 8;

    // EVERY, KINDS ("null,divide,opcode,loop,panic,wild") and SEED as typed;
    // false if one is malformed (the seed must not be 0).
    bool parse(const char* every, const char* kinds, const char* seed);
    // The server to fail: the live process whose main thread is `server`
    // (the thread its clients call).
    Status aim_at(L4_ThreadId_t server);

    // Before request `request` (1, 2, ...), which passes `points` injection
    // points: arms a fault when one is due.
    void before(uint32_t request, uint32_t points);

    bool active() const { return every_ != 0; }
    uint32_t injected() const { return injected_; }
    // The plan's random numbers (xorshift32), for the client's own choices.
    uint32_t random();

private:
    uint32_t every_ = 0;
    uint32_t state_ = 1;
    recovery::Injection kinds_[max_kinds] = {};
    unsigned kind_count_ = 0;
    L4_Word_t pid_ = 0;
    uint32_t injected_ = 0;
};

} // namespace arc
