#include "arc/display.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/pager.h"
#include "arc/startup.h"

namespace arc::display {

Status mode_info(L4_ThreadId_t server, L4_Word_t index, Mode& mode)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::mode_info));
    w.word(index);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return read_mode(r, mode) ? Status::ok : Status::bad_request;
}

Status Screen::call_holder(MessageWriter& w, L4_MsgTag_t* reply)
{
    if (!held())
        return Status::not_permitted;
    return call(server_, w, reply);
}

Status Screen::Acquire(L4_ThreadId_t server)
{
    if (held())
        return Status::busy;
    MessageWriter w(static_cast<L4_Word_t>(Op::acquire));
    w.word(startup()->pid);
    L4_MsgTag_t reply;
    Status s = call(server, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    L4_Word_t owner, info, framebuffer, bytes;
    if (!r.word(owner) || !r.word(info) || !r.word(framebuffer) || !r.word(bytes) || bytes == 0 ||
        bytes % layout::page_size)
        return Status::bad_request;
    server_ = server;
    s = pager::map_session(owner, info, 1, info_);
    if (s == Status::ok)
        s = pager::map_session(owner, framebuffer, bytes / layout::page_size, framebuffer_);
    if (s != Status::ok) {
        // Give it back: the driver must not keep a holder that cannot draw.
        unmap();
        MessageWriter release(static_cast<L4_Word_t>(Op::release));
        call(server_, release);
        return s;
    }
    framebuffer_bytes_ = bytes;
    mode_ = {};
    return Status::ok;
}

Status Screen::SetMode(L4_Word_t width, L4_Word_t height, L4_Word_t bpp)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::set_mode));
    w.word(width).word(height).word(bpp);
    L4_MsgTag_t reply;
    Status s = call_holder(w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    Mode m;
    // A mode must lie inside what we mapped.
    if (!read_mode(r, m) || m.pages == 0 || m.origin + m.pages * m.page_bytes() > framebuffer_bytes_)
        return Status::bad_request;
    mode_ = m;
    return Status::ok;
}

Status Screen::Show(L4_Word_t page)
{
    MessageWriter w(static_cast<L4_Word_t>(Op::show_page));
    w.word(page);
    return call_holder(w);
}

Status Screen::SetPalette(L4_Word_t first, L4_Word_t count, const uint32_t* entries)
{
    for (L4_Word_t done = 0; done < count;) {
        L4_Word_t n = count - done < max_palette_per_request ? count - done : max_palette_per_request;
        MessageWriter w(static_cast<L4_Word_t>(Op::set_palette));
        w.word(first + done).word(n);
        for (L4_Word_t i = 0; i < n; ++i)
            w.word(entries[done + i]);
        Status s = call_holder(w);
        if (s != Status::ok)
            return s;
        done += n;
    }
    return Status::ok;
}

void Screen::unmap()
{
    if (framebuffer_)
        pager::unmap_session(framebuffer_);
    if (info_)
        pager::unmap_session(info_);
    framebuffer_ = info_ = 0;
}

Status Screen::Release()
{
    if (!held())
        return Status::not_permitted;
    unmap();                                     // first: the next holder gets them only then
    MessageWriter w(static_cast<L4_Word_t>(Op::release));
    Status s = call(server_, w);
    server_ = L4_nilthread;
    mode_ = {};
    return s;
}

} // namespace arc::display
