// What the display driver keeps across its hot and warm restarts (004
// section 5.1.3): who holds the screen, the mode and the page shown, the
// card information page (itself in the persistent heap, so that the
// holder's mapping of it stays right), and the text screen's registers for
// the return to text mode. The framebuffer's mapping is not kept: Recover()
// asks for it again ("preserve only the necessary").
#pragma once
#include "vga_text.h"
#include "arc/protocol/display.h"
#include "l4/types.h"

namespace vbe {

struct State {
    // The holder: its thread (who may ask for modes, pages, the palette) and
    // its pid (the pages are shared with it; ART says whether it lives).
    L4_ThreadId_t holder;
    L4_Word_t holder_pid;
    bool granted;                         // its pages are shared (acquire finished)
    arc::display::Mode mode;              // width 0: text mode
    L4_Word_t page;                       // the page shown
    arc::display::CardInfo* info;         // in the persistent heap
    bool text_saved;                      // `text` holds the console's screen
    TextState text;

    bool holds_screen(L4_ThreadId_t t) const { return !L4_IsNilThread(holder) && holder == t; }
    bool in_graphics() const { return mode.width != 0; }
};

} // namespace vbe
