// The P3's runtime hooks. Its output goes to the kernel console (a P3 must
// work before any console server exists); its heap grows in its own heap
// region, page by page from ART; if the P3 itself fails, it tells ART, which
// ends it together with its process.
#include "arc/layout.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "arc/protocol/recovery.h"
#include "l4/l4.h"
#include "rt/hooks.h"
#include "rt/string.h"

namespace {
// The heap's end: the P3's own state, never persistent.
L4_Word_t heap_end = arc::layout::p3_heap;
} // namespace

extern "C" void rt_write(const char* text, unsigned length) { L4_KDB_Write(text, length); }

extern "C" void* rt_morecore(unsigned bytes)
{
    if (bytes > arc::layout::image_window - heap_end)
        return nullptr;
    void* p = reinterpret_cast<void*>(heap_end);
    heap_end += bytes;                    // the pages fault in from ART when touched
    return p;
}

extern "C" void rt_exit(int code)
{
    arc::MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::exit));
    w.word(static_cast<L4_Word_t>(code)).load();
    L4_Send(L4_Pager());
    for (;;)
        L4_Sleep(L4_Never);
}

extern "C" void rt_panic(const char* message)
{
    rt_write("p3: panic: ", 11);
    rt_write(message, static_cast<unsigned>(strlen(message)));
    rt_write("\n", 1);
    arc::MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::report_fault));
    w.word(static_cast<L4_Word_t>(arc::recovery::Failure::panic)).word(0).word(0).word(0).load();
    L4_Send(L4_Pager());
    for (;;)
        L4_Sleep(L4_Never);
}
