// Handler tables (004 listing 4.2, typed): a restartable server connects
// each message label of its protocol to a member function in one line, at
// the end of its class (where the handlers are declared already):
//
//   static constexpr arc::Handler<Counter> handlers[] = {
//       {counter::Op::add, &Counter::add},
//       {counter::Op::read, &Counter::read},
//   };
//
// and arc::Server<Counter> (arc/server.h) dispatches on the label. Every
// handler has the signature of listing 4.3: it reads the request and
// writes its results into the reply; its status becomes the reply's label.
// Freestanding: tested on the host (tests/unit/arc/handlers_test.cc).
#pragma once
#include <stddef.h>
#include "arc/status.h"
#include "l4/types.h"

namespace arc {

struct Request;
class Reply;

template <typename Server>
struct Handler {
    using Function = Status (Server::*)(const Request& in, Reply& out);

    template <typename Label>
    constexpr Handler(Label l, Function f) : label(static_cast<L4_Word_t>(l)), function(f)
    {
    }

    L4_Word_t label;
    Function function;
};

// The handler of `label` in `table`, or nullptr.
template <typename Server, size_t N>
constexpr const Handler<Server>* find_handler(const Handler<Server> (&table)[N], L4_Word_t label)
{
    for (const Handler<Server>& h : table)
        if (h.label == label)
            return &h;
    return nullptr;
}

// Calls the handler of the request's label; an unknown label is answered
// with Status::bad_request, as every Arc protocol promises.
template <typename Server, size_t N>
Status dispatch(Server& server, const Handler<Server> (&table)[N], L4_Word_t label, const Request& in, Reply& out)
{
    const Handler<Server>* h = find_handler(table, label);
    return h ? (server.*(h->function))(in, out) : Status::bad_request;
}

} // namespace arc
