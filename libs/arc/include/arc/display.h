// Client side of the display's protocol (protocol/display.h): the graphics
// demo and any program that draws. A Screen takes the screen from the
// driver, maps its information page and framebuffer through the P3s, and
// draws straight into the framebuffer; the driver only sets modes, flips
// pages and loads the palette.
//
//   arc::display::Screen screen;
//   screen.Acquire(server);                 // Status::busy: someone has it
//   screen.SetMode(640, 480, 32);
//   uint8_t* back = screen.Page(1);         // draw, then
//   screen.Show(1);
//   screen.Release();                       // back to the text screen
#pragma once
#include <stdint.h>
#include "arc/protocol/display.h"
#include "arc/status.h"
#include "l4/types.h"

namespace arc::display {

// Mode `index` (0, 1, ...) of the driver `server`; Status::end_of_directory
// past the last.
Status mode_info(L4_ThreadId_t server, L4_Word_t index, Mode& mode);

class Screen {
public:
    // Takes the screen and maps the pages. Status::busy: another process
    // holds it.
    Status Acquire(L4_ThreadId_t server);
    Status SetMode(L4_Word_t width, L4_Word_t height, L4_Word_t bpp);
    // Shows page `page` of the mode (0 .. pages - 1).
    Status Show(L4_Word_t page);
    // `count` entries from `first` on, 0x00RRGGBB each (8-bit modes).
    Status SetPalette(L4_Word_t first, L4_Word_t count, const uint32_t* entries);
    // Unmaps the pages and gives the screen back.
    Status Release();

    bool held() const { return framebuffer_ != 0; }
    const CardInfo* Info() const { return reinterpret_cast<const CardInfo*>(info_); }
    const Mode& CurrentMode() const { return mode_; }
    // The first byte of page `page` of the current mode.
    uint8_t* Page(L4_Word_t page) const
    {
        return reinterpret_cast<uint8_t*>(framebuffer_ + mode_.origin + page * mode_.page_bytes());
    }

private:
    Status call_holder(MessageWriter& w, L4_MsgTag_t* reply = nullptr);
    void unmap();

    L4_ThreadId_t server_ = L4_nilthread;
    L4_Word_t info_ = 0;               // where the pages are here
    L4_Word_t framebuffer_ = 0;
    L4_Word_t framebuffer_bytes_ = 0;
    Mode mode_ = {};
};

} // namespace arc::display
