// The counter server's protocol (servers/counter): the restart framework's
// test and example server. Accounts hold totals; a client that knows what
// it added knows every answer it must get, so lost, repeated or wrong
// requests across restarts show at once (tests/system, counter-client).
#pragma once
#include "l4/types.h"

namespace arc::counter {

constexpr char name[] = "counter";       // its name at the naming server
constexpr L4_Word_t max_accounts = 64;

enum class Op : L4_Word_t {
    // in: account, amount   out: the account's total after adding amount
    add = 0x2001,
    // in: account   out: the account's total
    read = 0x2002,
};

} // namespace arc::counter
