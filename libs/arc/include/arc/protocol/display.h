// The display's protocol (servers/vbe, docs/devices.md "Display"): a client
// takes the screen, maps the framebuffer and draws into it itself; the
// driver sets modes, shows one page or the other (page flipping) and loads
// the palette. The screen is one client's at a time (004 section 5.1.3).
//
// The framebuffer is device memory the driver shares through the P3s: the
// holder maps it with arc::pager::map_session, and the card's information
// page (CardInfo, read-only) beside it. arc/display.h does all of it.
#pragma once
#include "arc/message.h"
#include "l4/types.h"

namespace arc::display {

constexpr char name[] = "display";

// A video mode: `pages` pages of width x height pixels, bpp bits each, one
// after the other in the framebuffer mapping from byte `origin` on, each
// line `pitch` bytes apart.
struct Mode {
    L4_Word_t width, height, bpp;
    L4_Word_t pitch;               // bytes from one line to the next
    L4_Word_t origin;              // where page 0 starts in the mapped framebuffer
    L4_Word_t pages;               // pages to flip between
    L4_Word_t page_bytes() const { return pitch * height; }
};
constexpr unsigned mode_words = 6;          // on the wire: the fields in this order

// Depths a mode may have; 8 is palettised (set_palette), 16 is 5:6:5,
// 24 and 32 are 8:8:8 (blue in the lowest byte).
constexpr L4_Word_t depths[] = {8, 16, 24, 32};
constexpr L4_Word_t flip_pages = 2;
constexpr L4_Word_t palette_entries = 256;
// Palette entries one set_palette carries (0x00RRGGBB words).
constexpr L4_Word_t max_palette_per_request = 48;

enum class Op : L4_Word_t {
    // in: index (0, 1, ...)   out: mode_words words (Mode)
    //   Status::end_of_directory past the last
    mode_info = 0x1a01,
    // Takes the screen. in: the caller's pid (the pages are shared with it)
    // out: the driver's pid, the information page's address (one page, read
    //   only), the framebuffer's address and its size in bytes, all in the
    //   driver (map them with pager::map_session)
    // Status::busy: another process holds the screen (until it releases it
    //   or ends). Asked again by the holder: the same answer.
    acquire = 0x1a02,
    // The holder sets a mode. in: width, height, bpp   out: Mode words
    // Status::out_of_range: not a mode of this card (the driver says why)
    // Status::not_permitted: the caller does not hold the screen
    set_mode = 0x1a03,
    // The holder shows page `page` (0 .. pages-1) of the current mode.
    // in: page   Status::bad_request: no mode set yet
    show_page = 0x1a04,
    // The holder loads palette entries (8-bit modes only): in: first entry,
    // count (1 .. max_palette_per_request), then count words 0x00RRGGBB
    set_palette = 0x1a05,
    // The holder gives the screen back: the driver returns to text mode (the
    // console's screen as it was). Unmap the pages first: until the holder
    // has, the next client cannot have them (Status::busy).
    release = 0x1a06,
};

// The card information page, filled once by the driver (in its persistent
// heap: its mapping to the holder survives the driver's restarts).
struct CardInfo {
    static constexpr L4_Word_t magic_value = 0x56424531;     // "VBE1"
    static constexpr unsigned max_modes = 64;

    L4_Word_t magic;
    L4_Word_t interface_id;        // the Bochs VBE interface's version (0xb0c0 ..)
    L4_Word_t video_memory;        // bytes
    L4_Word_t framebuffer_physical;
    L4_Word_t framebuffer_bytes;   // what the holder maps
    L4_Word_t mode_count;
    Mode modes[max_modes];
};
static_assert(sizeof(CardInfo) <= 4096, "the information page is one page");

inline void write_mode(MessageWriter& w, const Mode& m)
{
    w.word(m.width).word(m.height).word(m.bpp).word(m.pitch).word(m.origin).word(m.pages);
}

inline bool read_mode(MessageReader& r, Mode& m)
{
    return r.word(m.width) && r.word(m.height) && r.word(m.bpp) && r.word(m.pitch) && r.word(m.origin) &&
           r.word(m.pages);
}

} // namespace arc::display
