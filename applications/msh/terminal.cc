#include "terminal.h"
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/protocol/console.h"
#include "rt/hooks.h"

namespace msh {

bool Terminal::connect()
{
    return arc::naming::wait_for("console", console_) == arc::Status::ok;
}

bool Terminal::next(char& c)
{
    while (taken_ == filled_) {
        arc::MessageWriter w(static_cast<L4_Word_t>(arc::console::Op::read));
        w.word(chunk);
        L4_MsgTag_t reply;
        if (arc::call(console_, w, &reply) != arc::Status::ok)
            return false;
        size_t length = 0;
        if (!arc::MessageReader(reply).bytes(buffer_, sizeof buffer_, length))
            return false;
        filled_ = static_cast<unsigned>(length);
        taken_ = 0;
    }
    c = buffer_[taken_++];
    return true;
}

rt::Sink Terminal::sink()
{
    auto put = [](void*, const char* text, size_t length) {
        rt_write(text, static_cast<unsigned>(length));
    };
    return rt::Sink{put, nullptr};
}

} // namespace msh
