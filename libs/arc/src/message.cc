#include "arc/message.h"
#include "rt/string.h"

namespace arc {

namespace {
constexpr size_t word_bytes = sizeof(L4_Word_t);
size_t words_for(size_t bytes) { return (bytes + word_bytes - 1) / word_bytes; }
} // namespace

MessageWriter& MessageWriter::word(L4_Word_t w)
{
    if (count_ >= max_message_words) {
        overflowed_ = true;
        return *this;
    }
    L4_LoadMR(++count_, w);
    return *this;
}

MessageWriter& MessageWriter::bytes(const void* data, size_t length)
{
    if (count_ + 1 + words_for(length) > max_message_words) {
        overflowed_ = true;
        return *this;
    }
    word(static_cast<L4_Word_t>(length));
    L4_Word_t* mr = L4_Utcb()->mr + count_ + 1;
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
    L4_Set_MsgTag(tag);
    return tag;
}

bool MessageReader::word(L4_Word_t& w)
{
    if (!ok_ || next_ > L4_UntypedWords(tag_))
        return ok_ = false;
    w = L4_MR(next_++);
    return true;
}

bool MessageReader::bytes(void* out, size_t capacity, size_t& length)
{
    L4_Word_t n;
    if (!word(n))
        return false;
    if (n > capacity || words_for(n) > L4_UntypedWords(tag_) + 1 - next_)
        return ok_ = false;
    memcpy(out, L4_Utcb()->mr + next_, n);
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
