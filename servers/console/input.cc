#include "input.h"

namespace console {

namespace {
constexpr char carriage_return = '\r';
constexpr char line_feed = '\n';
} // namespace

bool LineEnds::translate(char& c)
{
    bool was_cr = after_cr_;
    after_cr_ = c == carriage_return;
    if (c == carriage_return) {
        c = line_feed;
        return true;
    }
    return !(c == line_feed && was_cr);
}

void InputQueue::push(char c)
{
    if (count_ == capacity) {
        ++dropped_;
        return;
    }
    ring_[(head_ + count_) % capacity] = c;
    ++count_;
}

void InputQueue::add(const char* text, size_t length, LineEnds& ends)
{
    for (size_t i = 0; i < length; ++i) {
        char c = text[i];
        if (ends.translate(c))
            push(c);
    }
}

size_t InputQueue::peek(char* out, size_t max) const
{
    size_t n = max < count_ ? max : count_;
    for (size_t i = 0; i < n; ++i)
        out[i] = ring_[(head_ + i) % capacity];
    return n;
}

void InputQueue::drop(size_t n)
{
    if (n > count_)
        n = count_;
    head_ = (head_ + n) % capacity;
    count_ -= n;
}

} // namespace console
