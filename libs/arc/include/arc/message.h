// Packing and unpacking words, strings and bytes in the message registers,
// for every protocol of libs/arc. Bounds are checked: a writer stops at the
// last message register, a reader reports a malformed message instead of
// reading past what the sender sent.
//
// Layout of a string or byte run: one word with its length in bytes, then
// the bytes packed little-endian into as many words as they need.
#pragma once
#include <stddef.h>
#include "l4/utcb.h"

namespace arc {

constexpr unsigned max_message_words = kapi::mr_count - 1;    // MR1..MR63
// The longest string or byte run one message carries beside a few words.
constexpr size_t max_message_bytes = 200;

// The message registers as an array (index = MR number), or a copy of them
// kept elsewhere: a server's request in persistent memory, a reply built
// while the handler still calls other servers (arc/server.h).
struct MessageBuffer {
    L4_MsgTag_t tag;
    L4_Word_t mr[kapi::mr_count];     // mr[0] unused: the tag is `tag`

    // Copies the message that arrived with `tag` out of the registers.
    void take(L4_MsgTag_t arrived);
    // Loads the registers with this message; returns its tag.
    L4_MsgTag_t load() const;
};

class MessageWriter {
public:
    explicit MessageWriter(L4_Word_t label) : label_(label), mr_(L4_Utcb()->mr) {}
    // Writes into `buffer` instead of the registers; load() sets buffer.tag.
    MessageWriter(L4_Word_t label, MessageBuffer& buffer) : label_(label), mr_(buffer.mr), buffer_(&buffer) {}

    MessageWriter& word(L4_Word_t w);
    MessageWriter& thread(L4_ThreadId_t t) { return word(t.raw); }
    MessageWriter& bytes(const void* data, size_t length);
    MessageWriter& string(const char* s);      // nullptr is the empty string

    bool overflowed() const { return overflowed_; }
    // Loads MR0 with the tag; the words are in MR1.. already.
    L4_MsgTag_t load();

private:
    L4_Word_t label_;
    L4_Word_t* mr_;               // where MR i goes: mr_[i]
    MessageBuffer* buffer_ = nullptr;
    unsigned count_ = 0;          // untyped words written
    bool overflowed_ = false;
};

class MessageReader {
public:
    explicit MessageReader(L4_MsgTag_t tag) : tag_(tag), mr_(L4_Utcb()->mr) {}
    explicit MessageReader(const MessageBuffer& m) : tag_(m.tag), mr_(m.mr) {}

    L4_Word_t label() const { return L4_Label(tag_); }
    // Each getter returns false (and keeps returning false) once the message
    // is too short or a length is out of range.
    bool word(L4_Word_t& w);
    bool thread(L4_ThreadId_t& t) { return word(t.raw); }
    // Copies a byte run of at most `capacity` bytes; `length` gets its size.
    bool bytes(void* out, size_t capacity, size_t& length);
    // Copies a string and NUL-terminates it; fails if it does not fit.
    bool string(char* out, size_t capacity);

    bool ok() const { return ok_; }
    L4_Word_t remaining() const { return L4_UntypedWords(tag_) - next_ + 1; }

private:
    L4_MsgTag_t tag_;
    const L4_Word_t* mr_;         // MR i is mr_[i]
    unsigned next_ = 1;           // next MR to read
    bool ok_ = true;
};

} // namespace arc
