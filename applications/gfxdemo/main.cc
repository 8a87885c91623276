// gfxdemo [--release] [--frame-ms=MS] WIDTH HEIGHT BPP FRAMES [EVERY KINDS SEED]
// gfxdemo --modes
//
// The graphics demo (004 section 5.1.3): takes the screen from the display
// driver, sets the mode, and animates FRAMES frames with page flipping:
// each frame is drawn into the page not shown, then shown, MS milliseconds
// apart (default 20). Every EVERY page flips ART arms a fault in the driver
// at a random point of that request (arc/fault_plan.h): the driver fails
// and recovers while the demo draws on, never noticing.
//
// At the end it prints the last frame's number, page and checksum
// (frame.h: the frame is a pure function of its number, and the host test
// draws it too and compares it with QEMU's screendump). Then it keeps the
// screen for ever, or with --release gives it back (the console's text
// screen returns) and ends. --modes lists the modes the driver offers.
#include "frame.h"
#include "arc/display.h"
#include "arc/fault_plan.h"
#include "arc/naming.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"
#include "rt/string.h"
#include "l4/l4.h"

namespace {

using arc::Status;

constexpr L4_Word_t server_wait_ms = 5000;
constexpr L4_Word_t default_frame_ms = 20;
// Injection points a page flip passes: MainLoop's, and one between the two
// registers of the display start.
constexpr uint32_t flip_points = 2;

int usage()
{
    rt::print("usage: gfxdemo [--release] [--frame-ms=MS] WIDTH HEIGHT BPP FRAMES [EVERY KINDS SEED]\n"
              "       gfxdemo --modes\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

Status load_palette(arc::display::Screen& screen)
{
    uint32_t entries[arc::display::palette_entries];
    for (uint32_t i = 0; i < arc::display::palette_entries; ++i)
        entries[i] = gfxdemo::packed(gfxdemo::palette_entry(i));
    return screen.SetPalette(0, arc::display::palette_entries, entries);
}

int list_modes(L4_ThreadId_t server)
{
    arc::display::Mode m;
    Status s = Status::ok;
    for (L4_Word_t i = 0; (s = arc::display::mode_info(server, i, m)) == Status::ok; ++i)
        rt::print("%4ux%-4u %2u bits  %u pages of %u KiB\n", m.width, m.height, m.bpp, m.pages,
                  m.page_bytes() / 1024);
    return s == Status::end_of_directory ? 0 : 1;
}

int fail(const char* what, Status s)
{
    rt::print("gfxdemo: %s: %s\n", what, arc::describe(s));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    bool release = false;
    uint32_t frame_ms = default_frame_ms;
    for (;;) {
        if (argc >= 2 && strcmp(argv[1], "--release") == 0) {
            release = true;
            --argc;
            ++argv;
        } else if (const char* ms = rt::take_option(argc, argv, "--frame-ms=")) {
            if (!rt::parse_number(ms, frame_ms))
                return usage();
        } else {
            break;
        }
    }
    if (argc == 2 && strcmp(argv[1], "--modes") == 0) {
        L4_ThreadId_t server;
        Status s = arc::naming::wait_for(arc::display::name, server, server_wait_ms);
        return s == Status::ok ? list_modes(server) : fail("no display driver (start one: ram:vbe &)", s);
    }
    uint32_t width, height, bpp, frames;
    arc::FaultPlan faults;
    if ((argc != 5 && argc != 8) || !rt::parse_number(argv[1], width) || !rt::parse_number(argv[2], height) ||
        !rt::parse_number(argv[3], bpp) || !rt::parse_number(argv[4], frames) || frames == 0)
        return usage();
    if (argc == 8 && !faults.parse(argv[5], argv[6], argv[7]))
        return usage();

    L4_ThreadId_t server;
    Status s = arc::naming::wait_for(arc::display::name, server, server_wait_ms);
    if (s == Status::ok && faults.active())
        s = faults.aim_at(server);
    if (s != Status::ok)
        return fail("no display driver (start one: ram:vbe &)", s);
    arc::display::Screen screen;
    if ((s = screen.Acquire(server)) != Status::ok)
        return fail(s == Status::busy ? "the screen is another program's" : "the screen", s);
    if ((s = screen.SetMode(width, height, bpp)) != Status::ok) {
        screen.Release();
        return fail("the mode", s);
    }
    if (bpp == 8 && (s = load_palette(screen)) != Status::ok)
        return fail("the palette", s);
    const arc::display::Mode& mode = screen.CurrentMode();
    rt::print("gfxdemo: %ux%ux%u, %u frames, pages flipped\n", width, height, bpp, frames);

    uint32_t page = 0;
    for (uint32_t frame = 0; frame < frames; ++frame) {
        page = frame % mode.pages;
        gfxdemo::draw(screen.Page(page), mode.pitch, width, height, bpp, frame);
        faults.before(frame + 1, flip_points);
        if ((s = screen.Show(page)) != Status::ok)
            return fail("showing a page", s);
        L4_Sleep(L4_TimePeriod(uint64_t(frame_ms) * 1000));
    }
    uint32_t sum = gfxdemo::checksum(screen.Page(page), mode.pitch, width, height, bpp);
    rt::print("gfxdemo: frame %u of %u shown on page %u, %ux%ux%u, checksum 0x%08x, %u faults injected\n",
              frames - 1, frames, page, width, height, bpp, sum, faults.injected());
    if (!release) {
        for (;;)
            L4_Sleep(L4_Never);             // the screen stays ours (and shows the last frame)
    }
    if ((s = screen.Release()) != Status::ok)
        return fail("releasing the screen", s);
    rt::print("gfxdemo: screen released\n");
    return 0;
}
