#include "terminal.h"
#include "arc/console.h"
#include "rt/hooks.h"

namespace msh {

bool Terminal::connect() { return arc::console::connect() == arc::Status::ok; }

bool Terminal::next(char& c)
{
    while (taken_ == filled_) {
        size_t length = 0;
        if (arc::console::read(buffer_, sizeof buffer_, length) != arc::Status::ok)
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
