// The naming server: servers register names, clients look them up. It also
// records who looked up whom, the client-server graph the restart framework
// forms restart groups from (004, 4.4.2).
#pragma once
#include "l4/types.h"

namespace arc::naming {

constexpr unsigned max_name = 31;

enum class Op : L4_Word_t {
    // in: string name   out: -   (the sender's thread is the server)
    register_name = 0x1301,
    // in: string name   out: server thread   (Status::not_found if absent)
    lookup = 0x1302,
    // in: string name, timeout in ms (0: forever)   out: server thread, when it appears
    wait_for = 0x1303,
    // in: string name   out: -   (only the thread that registered it)
    unregister = 0x1304,
    // in: index   out: server thread, number of clients, string name
    list = 0x1305,
    // in: index   out: client thread, server thread   (the recorded lookups)
    connection = 0x1306,
};

} // namespace arc::naming
