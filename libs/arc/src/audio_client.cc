#include "arc/audio.h"
#include "arc/client.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/protocol/audio.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/string.h"

namespace arc::audio {

namespace {

// A request of the protocol with up to two words, answered with up to one.
Status ask(L4_ThreadId_t server, Op op, L4_Word_t* result = nullptr, unsigned words = 0, L4_Word_t a = 0,
           L4_Word_t b = 0)
{
    MessageWriter w(static_cast<L4_Word_t>(op));
    if (words > 0)
        w.word(a);
    if (words > 1)
        w.word(b);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s == Status::ok && result && !MessageReader(reply).word(*result))
        return Status::bad_request;
    return s;
}

// How often to ask for the position when no notification comes: four
// times a half, so a lost notification costs a quarter of a half at most.
L4_Word_t poll_us(const Format& f)
{
    L4_Word_t rate = f.bytes_per_second();
    return static_cast<L4_Word_t>(static_cast<uint64_t>(half_bytes) * 1000000 / rate / 4);
}

} // namespace

Status Player::Open(const char* server, const Format& format)
{
    Status s = naming::lookup(server, server_);
    if (s != Status::ok)
        return s;
    MessageWriter w(static_cast<L4_Word_t>(Op::open));
    w.word(format.rate).word(format.bits).word(format.channels).word(startup()->pid);
    L4_MsgTag_t reply;
    if ((s = call(server_, w, &reply)) != Status::ok)
        return s;
    L4_Word_t pid, address, pages;
    MessageReader r(reply);
    if (!r.word(pid) || !r.word(address) || !r.word(pages))
        return Status::bad_request;
    format_ = format;
    played_ = blocks_ = notifications_ = polls_ = 0;
    if (pages) {
        // The direct driver's DMA buffer, through our P3.
        L4_Word_t here;
        s = pager::map_session(pid, address, pages, here);
        if (s == Status::ok && pages * 4096 < buffer_bytes)
            s = Status::bad_request;
        if (s == Status::ok)
            buffer_ = reinterpret_cast<uint8_t*>(here);
    } else {
        s = session_.Connect(server_, 1);
    }
    if (s != Status::ok)
        ask(server_, Op::close);
    return s;
}

Status Player::fill(L4_Word_t block, const uint8_t* samples, size_t bytes)
{
    if (hook_)
        hook_(hook_context_, block);
    uint8_t* to = buffer_ ? buffer_ + (block % 2) * half_bytes : session_.Base();
    size_t at = static_cast<size_t>(block) * half_bytes;
    size_t n = at < bytes ? (bytes - at < half_bytes ? bytes - at : half_bytes) : 0;
    memcpy(to, samples + at, n);
    memset(to + n, format_.bits == 8 ? 0x80 : 0, half_bytes - n);    // silence
    ++blocks_;
    if (buffer_)
        return Status::ok;
    L4_Word_t words[] = {block}, played = 0;
    Status s = session_.Put(words, 1, &played, 1);
    if (s == Status::ok && played > played_)
        played_ = played;
    return s;
}

Status Player::position()
{
    L4_Word_t played;
    Status s = ask(server_, Op::position, &played);
    if (s == Status::ok && played > played_)
        played_ = played;
    ++polls_;
    return s;
}

Status Player::wait_played(L4_Word_t halves)
{
    L4_Time_t poll = L4_TimePeriod(poll_us(format_));
    while (played_ < halves) {
        L4_MsgTag_t tag = L4_Receive_Timeout(server_, poll);
        L4_Word_t played;
        if (L4_IpcSucceeded(tag) && L4_Label(tag) == notification && MessageReader(tag).word(played)) {
            ++notifications_;
            if (played > played_)
                played_ = played;
            continue;
        }
        if (Status s = position(); s != Status::ok)
            return s;
    }
    return Status::ok;
}

Status Player::Play(const uint8_t* samples, size_t bytes)
{
    // The blocks of samples, then two of silence: the card plays the first
    // while the last block's end is awaited, and the second while the
    // first goes through QEMU's (or a real card's) own buffers, so that
    // the samples are out when Play returns.
    L4_Word_t blocks = static_cast<L4_Word_t>((bytes + half_bytes - 1) / half_bytes);
    if (blocks == 0)
        return Status::ok;
    L4_Word_t last = blocks + 1;             // the second block of silence
    Status s = fill(0, samples, bytes);
    if (s == Status::ok)
        s = fill(1, samples, bytes);
    if (s == Status::ok)
        s = ask(server_, Op::start);
    for (L4_Word_t block = 2; block <= last && s == Status::ok; ++block) {
        s = wait_played(block - 1);          // the block before it in that half is played
        if (s == Status::ok)
            s = fill(block, samples, bytes);
    }
    if (s == Status::ok)
        s = wait_played(last);
    return s;
}

Status Player::Close()
{
    Status s = ask(server_, Op::close);
    if (buffer_)
        pager::unmap_session(reinterpret_cast<L4_Word_t>(buffer_));
    else if (session_.Connected())
        session_.Close();
    buffer_ = nullptr;
    return s;
}

Status Player::Pause() { return ask(server_, Op::pause); }
Status Player::Resume() { return ask(server_, Op::resume); }

Status Player::Volume(L4_Word_t left, L4_Word_t right) { return ask(server_, Op::volume, nullptr, 2, left, right); }

} // namespace arc::audio
