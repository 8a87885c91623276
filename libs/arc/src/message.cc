#include "arc/message.h"
#include "rt/string.h"

namespace arc {

namespace {
// Words after the tag, never more than the registers hold (a forged tag may claim more).
unsigned words_of(L4_MsgTag_t tag)
{
    unsigned n = L4_UntypedWords(tag) + L4_TypedWords(tag);
    return n < kapi::mr_count ? n : kapi::mr_count - 1;
}
constexpr size_t word_bytes = sizeof(L4_Word_t);
size_t words_for(size_t bytes) { return (bytes + word_bytes - 1) / word_bytes; }
} // namespace

void MessageBuffer::take(L4_MsgTag_t arrived)
{
    tag = arrived;
    memcpy(mr + 1, L4_Utcb()->mr + 1, words_of(arrived) * sizeof(L4_Word_t));
}

L4_MsgTag_t MessageBuffer::load() const
{
    memcpy(L4_Utcb()->mr + 1, mr + 1, words_of(tag) * sizeof(L4_Word_t));
    L4_Set_MsgTag(tag);
    return tag;
}

MessageWriter& MessageWriter::word(L4_Word_t w)
{
    if (count_ >= max_message_words) {
        overflowed_ = true;
        return *this;
    }
    mr_[++count_] = w;
    return *this;
}

MessageWriter& MessageWriter::bytes(const void* data, size_t length)
{
    if (count_ + 1 + words_for(length) > max_message_words) {
        overflowed_ = true;
        return *this;
    }
    word(static_cast<L4_Word_t>(length));
    L4_Word_t* mr = mr_ + count_ + 1;
    size_t n = words_for(length);
    if (n)
        mr[n - 1] = 0;                  // no stale bytes after the end
    memcpy(mr, data, length);
    count_ += static_cast<unsigned>(n);
    return *this;
}

MessageWriter& MessageWriter::string(const char* s) { return bytes(s ? s : "", s ? strlen(s) : 0); }

L4_MsgTag_t MessageWriter::load()
{
    L4_MsgTag_t tag = L4_MsgTag(label_, count_);
    if (buffer_)
        buffer_->tag = tag;
    else
        L4_Set_MsgTag(tag);
    return tag;
}

bool MessageReader::word(L4_Word_t& w)
{
    if (!ok_ || next_ > L4_UntypedWords(tag_))
        return ok_ = false;
    w = mr_[next_++];
    return true;
}

bool MessageReader::bytes(void* out, size_t capacity, size_t& length)
{
    L4_Word_t n;
    if (!word(n))
        return false;
    if (n > capacity || words_for(n) > L4_UntypedWords(tag_) + 1 - next_)
        return ok_ = false;
    memcpy(out, mr_ + next_, n);
    next_ += static_cast<unsigned>(words_for(n));
    length = n;
    return true;
}

bool MessageReader::string(char* out, size_t capacity)
{
    size_t length;
    if (capacity == 0 || !bytes(out, capacity - 1, length))
        return ok_ = false;
    out[length] = '\0';
    return true;
}

} // namespace arc
