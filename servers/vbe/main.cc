// The display driver (004 section 5.1.3): VBE graphics on QEMU's standard
// VGA through the Bochs display interface (dispi.h). A client takes the
// screen (one at a time), gets the card information page and the linear
// framebuffer shared through the P3s, and draws itself; the driver sets
// modes, flips pages and loads the palette, and returns to the console's
// text screen when the screen is released.
//
// The holder, the mode, the page shown and the information page are
// persistent (state.h). Recover() claims the ports again, maps the
// framebuffer again and puts the hardware back into the recorded mode if
// the failure left it half set; the interrupted request is then replayed.
#include "dispi.h"
#include "modes.h"
#include "state.h"
#include "vga_text.h"
#include "arc/art.h"
#include "arc/injection.h"
#include "arc/layout.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/persistent.h"
#include "arc/server.h"
#include "arc/startup.h"
#include "rt/print.h"

namespace {

using arc::Status;
using arc::display::CardInfo;
using arc::display::Mode;
namespace display = arc::display;

constinit vbe::State state IS_PERSISTENT = {};

// Requests program a few registers: a second is a hang.
constexpr L4_Word_t deadline_ms = 1000;

// The framebuffer in our space: all of video memory (map_device), asked
// again after every restart. The holder maps the part above text_reserve.
L4_Word_t video_memory;

L4_Word_t shared_framebuffer() { return video_memory + vbe::text_reserve; }

class Vbe final : public arc::Server<Vbe> {
public:
    Vbe() { SetDeadline(deadline_ms); }

    // The first start, and after a cold restart.
    Status Initialize() override
    {
        Status s = claim();
        if (s != Status::ok)
            return s;
        vbe::Card card;
        if (!vbe::Dispi::probe(card)) {
            rt::print("vbe: no Bochs VBE interface answers at ports 0x%x/0x%x\n", vbe::port::index, vbe::port::data);
            return Status::no_device;
        }
        arc::pager::PciDevice device;
        if ((s = arc::pager::pci_device(vbe::pci_ids::vendor, vbe::pci_ids::device, 0, device)) != Status::ok) {
            rt::print("vbe: PCI %04x:%04x: %s\n", vbe::pci_ids::vendor, vbe::pci_ids::device, arc::describe(s));
            return s;
        }
        const auto& bar = device.bars[vbe::pci_ids::framebuffer_bar];
        if (bar.size == 0 || (bar.flags & arc::art::pci::bar_io)) {
            rt::print("vbe: BAR %u of the card is no framebuffer\n", vbe::pci_ids::framebuffer_bar);
            return Status::no_device;
        }
        if (card.video_memory > bar.size)
            card.video_memory = bar.size;
        if (state.in_graphics() || vbe::Dispi::read().enable & vbe::enable::enabled)
            vbe::Dispi::disable();      // left on by a driver that restarted cold: its text screen is lost
        state = {};
        state.info = static_cast<CardInfo*>(arc::persistent::allocate(sizeof(CardInfo), arc::layout::page_size));
        if (!state.info)
            return Status::no_memory;
        fill_info(*state.info, card, bar.base);
        if ((s = map_framebuffer()) != Status::ok)
            return s;
        if ((s = arc::naming::register_name(display::name)) != Status::ok)
            return s;
        rt::print("vbe: Bochs VBE 0x%x, %u KiB of video memory at 0x%08x, %u modes, as %s\n", card.interface_id,
                  card.video_memory / 1024, bar.base, state.info->mode_count, display::name);
        return Status::ok;
    }

    Status Exit() override { return Status::ok; }

    Status Recover() override
    {
        // What .pdata says must make sense before anything trusts it.
        if (!arc::persistent::contains(state.info) || state.info->magic != CardInfo::magic_value ||
            (state.in_graphics() && (!vbe::find_mode(*state.info, state.mode.width, state.mode.height,
                                                     state.mode.bpp) ||
                                     state.page >= state.mode.pages)))
            return Status::corrupt;
        Status s = claim();
        if (s == Status::ok)
            s = map_framebuffer();
        if (s != Status::ok)
            return s;
        reconcile();
        return Status::ok;
    }

private:
    static Status claim()
    {
        Status s = vbe::Dispi::claim();
        return s == Status::ok ? vbe::claim_vga_ports() : s;
    }

    static void fill_info(CardInfo& info, const vbe::Card& card, L4_Word_t physical)
    {
        info = {};
        info.magic = CardInfo::magic_value;
        info.interface_id = card.interface_id;
        info.video_memory = card.video_memory;
        info.framebuffer_physical = physical;
        info.framebuffer_bytes = card.video_memory - vbe::text_reserve;
        vbe::Limits limits{card.video_memory, card.max_width, card.max_height, card.max_bpp};
        info.mode_count = vbe::make_modes(limits, info.modes, CardInfo::max_modes);
    }

    // Video memory into our device window (the P3 keeps the region: after a
    // restart this is the same address, mapped again on first touch).
    static Status map_framebuffer()
    {
        L4_Word_t address;
        Status s = arc::pager::map_device(state.info->framebuffer_physical, state.info->video_memory, address);
        if (s == Status::ok)
            video_memory = address;
        else
            rt::print("vbe: the framebuffer at 0x%08x: %s\n", state.info->framebuffer_physical, arc::describe(s));
        return s;
    }

    // The hardware as the state says: a failure in the middle of a mode
    // change or a release leaves it half done.
    static void reconcile()
    {
        vbe::Registers r = vbe::Dispi::read();
        bool on = r.enable & vbe::enable::enabled;
        if (!state.in_graphics()) {
            if (on)
                to_text();
            return;
        }
        const Mode& m = state.mode;
        if (!on || r.width != m.width || r.height != m.height || r.bpp != m.bpp) {
            rt::print("vbe: the failure left the card without its mode: %ux%ux%u set again\n", m.width, m.height,
                      m.bpp);
            vbe::Dispi::set_mode(m);
        }
        vbe::Dispi::set_first_line(static_cast<uint16_t>(vbe::first_line(m, state.page)));
    }

    static void to_text()
    {
        vbe::Dispi::disable();
        if (state.text_saved)
            vbe::restore_text(state.text);
        state.mode = {};
        state.page = 0;
    }

    // Whether the holder's process still lives (ART's table).
    static bool holder_lives()
    {
        arc::art::ProcessInfo p;
        for (L4_Word_t i = 0; arc::art::process_info(i, p) == Status::ok; ++i)
            if (p.pid == state.holder_pid)
                return p.state != arc::art::ProcessState::ended;
        return false;
    }

    void forget_holder()
    {
        to_text();
        state.granted = false;
        state.holder_pid = 0;
        state.holder = L4_nilthread;        // last: the screen is free
    }

    Status acquire(const arc::Request& in, arc::Reply& out)
    {
        L4_Word_t pid;
        if (!in.reader().word(pid) || pid == 0)
            return Status::bad_request;
        arc::injection_point();
        if (!L4_IsNilThread(state.holder) && !state.holds_screen(in.client)) {
            if (holder_lives()) {
                arc::injection_point();
                return Status::busy;
            }
            rt::print("vbe: process %u ended holding the screen; it is free again\n", state.holder_pid);
            forget_holder();
        }
        if (!state.granted) {
            // Shared anew on a replay (until the holder maps them, ART
            // lets the owner share them again).
            Status s = arc::pager::share(reinterpret_cast<L4_Word_t>(state.info), pid, L4_Readable);
            if (s == Status::ok)
                s = arc::pager::share(shared_framebuffer(), pid, L4_ReadWriteOnly, state.info->framebuffer_bytes);
            if (s != Status::ok)
                return s;       // busy: the last holder has not unmapped them yet
            arc::injection_point();
            state.holder_pid = pid;
            state.holder = in.client;
            state.granted = true;
        }
        arc::injection_point();
        out.word(arc::startup()->pid)
            .word(reinterpret_cast<L4_Word_t>(state.info))
            .word(shared_framebuffer())
            .word(state.info->framebuffer_bytes);
        return Status::ok;
    }

    Status set_mode(const arc::Request& in, arc::Reply& out)
    {
        L4_Word_t width, height, bpp;
        arc::MessageReader r = in.reader();
        if (!r.word(width) || !r.word(height) || !r.word(bpp))
            return Status::bad_request;
        if (!state.holds_screen(in.client))
            return Status::not_permitted;
        const Mode* m = vbe::find_mode(*state.info, width, height, bpp);
        if (!m) {
            rt::print("vbe: %ux%ux%u: not a mode of this card (%u KiB of video memory, two pages per mode)\n", width,
                      height, bpp, state.info->video_memory / 1024);
            return Status::out_of_range;
        }
        arc::injection_point();
        if (!state.in_graphics() && !(vbe::Dispi::read().enable & vbe::enable::enabled)) {
            vbe::save_text(state.text);
            state.text_saved = true;
        }
        // The state first: Recover() brings the hardware to it.
        state.page = 0;
        state.mode = *m;
        vbe::Dispi::set_mode(*m);
        display::write_mode(out, *m);
        return Status::ok;
    }

    Status show_page(const arc::Request& in, arc::Reply&)
    {
        L4_Word_t page;
        if (!in.reader().word(page))
            return Status::bad_request;
        if (!state.holds_screen(in.client))
            return Status::not_permitted;
        if (!state.in_graphics())
            return Status::bad_request;
        if (page >= state.mode.pages)
            return Status::out_of_range;
        state.page = page;
        vbe::Dispi::set_first_line(static_cast<uint16_t>(vbe::first_line(state.mode, page)));
        return Status::ok;
    }

    Status set_palette(const arc::Request& in, arc::Reply&)
    {
        arc::MessageReader r = in.reader();
        L4_Word_t first, count;
        uint32_t entries[display::max_palette_per_request];
        if (!r.word(first) || !r.word(count) || count == 0 || count > display::max_palette_per_request)
            return Status::bad_request;
        for (L4_Word_t i = 0; i < count; ++i) {
            L4_Word_t rgb;
            if (!r.word(rgb))
                return Status::bad_request;
            entries[i] = rgb;
        }
        if (!state.holds_screen(in.client))
            return Status::not_permitted;
        if (state.mode.bpp != 8)
            return Status::bad_request;         // only 8-bit modes have a palette
        if (first >= display::palette_entries || count > display::palette_entries - first)
            return Status::out_of_range;
        vbe::load_palette(first, entries, count);
        return Status::ok;
    }

    Status release(const arc::Request& in, arc::Reply&)
    {
        if (!state.holds_screen(in.client))
            return Recovered() && L4_IsNilThread(state.holder) ? Status::ok : Status::not_permitted;
        arc::injection_point();
        forget_holder();
        return Status::ok;
    }

    Status mode_info(const arc::Request& in, arc::Reply& out)
    {
        L4_Word_t index;
        if (!in.reader().word(index))
            return Status::bad_request;
        if (index >= state.info->mode_count)
            return Status::end_of_directory;
        display::write_mode(out, state.info->modes[index]);
        return Status::ok;
    }

public:
    static constexpr arc::Handler<Vbe> handlers[] = {
        {display::Op::mode_info, &Vbe::mode_info},   {display::Op::acquire, &Vbe::acquire},
        {display::Op::set_mode, &Vbe::set_mode},     {display::Op::show_page, &Vbe::show_page},
        {display::Op::set_palette, &Vbe::set_palette}, {display::Op::release, &Vbe::release},
    };
};

} // namespace

int main()
{
    static Vbe server;
    return server.MainLoop();
}
