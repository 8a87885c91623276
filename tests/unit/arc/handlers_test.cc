// Handler tables (arc/handlers.h): lookup by label, dispatch, unknown labels.
#include <gtest/gtest.h>
#include "arc/handlers.h"

namespace arc {
struct Request {
    int value;
};
class Reply {
public:
    int result = 0;
};
} // namespace arc

namespace {

using arc::Status;

enum class Op : L4_Word_t { double_it = 0x10, negate = 0x11 };

struct Calculator {
    Status double_it(const arc::Request& in, arc::Reply& out)
    {
        out.result = 2 * in.value;
        return Status::ok;
    }
    Status negate(const arc::Request& in, arc::Reply& out)
    {
        out.result = -in.value;
        return Status::busy;
    }
    static constexpr arc::Handler<Calculator> handlers[] = {
        {Op::double_it, &Calculator::double_it},
        {Op::negate, &Calculator::negate},
    };
};

TEST(Handlers, DispatchByLabel)
{
    Calculator c;
    arc::Reply out;
    EXPECT_EQ(arc::dispatch(c, Calculator::handlers, 0x10, arc::Request{21}, out), Status::ok);
    EXPECT_EQ(out.result, 42);
    EXPECT_EQ(arc::dispatch(c, Calculator::handlers, 0x11, arc::Request{5}, out), Status::busy);
    EXPECT_EQ(out.result, -5);
}

TEST(Handlers, UnknownLabelIsABadRequest)
{
    Calculator c;
    arc::Reply out;
    out.result = 7;
    EXPECT_EQ(arc::dispatch(c, Calculator::handlers, 0x12, arc::Request{1}, out), Status::bad_request);
    EXPECT_EQ(out.result, 7);                  // no handler ran
    static_assert(arc::find_handler(Calculator::handlers, 0x11) == &Calculator::handlers[1]);
    static_assert(arc::find_handler(Calculator::handlers, 0) == nullptr);
}

} // namespace
