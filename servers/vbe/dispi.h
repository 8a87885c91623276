// The Bochs VBE display interface ("DISPI") of QEMU's standard VGA (PCI
// 1234:1111): sixteen-bit registers behind an index port and a data port,
// and the linear framebuffer at the device's BAR 0. The only code of the
// driver that touches the card's mode registers.
#pragma once
#include <stdint.h>
#include "arc/protocol/display.h"
#include "arc/status.h"

namespace vbe {

namespace pci_ids {
constexpr uint16_t vendor = 0x1234;       // QEMU's (Bochs') standard VGA
constexpr uint16_t device = 0x1111;
constexpr unsigned framebuffer_bar = 0;
} // namespace pci_ids

namespace port {
constexpr uint16_t index = 0x1ce;
constexpr uint16_t data = 0x1cf;
// A 16-bit access to the data port also touches 0x1d0: three ports.
constexpr uint16_t dispi_count = 3;
} // namespace port

// Register indices.
namespace reg {
constexpr uint16_t id = 0x0;
constexpr uint16_t xres = 0x1;
constexpr uint16_t yres = 0x2;
constexpr uint16_t bpp = 0x3;
constexpr uint16_t enable = 0x4;
constexpr uint16_t bank = 0x5;
constexpr uint16_t virt_width = 0x6;
constexpr uint16_t virt_height = 0x7;     // the card computes it from the video memory
constexpr uint16_t x_offset = 0x8;
constexpr uint16_t y_offset = 0x9;
constexpr uint16_t video_memory_64k = 0xa;
} // namespace reg

// Bits of the enable register.
namespace enable {
constexpr uint16_t disabled = 0x00;
constexpr uint16_t enabled = 0x01;
constexpr uint16_t get_caps = 0x02;       // XRES, YRES, BPP read back the card's maximum
constexpr uint16_t dac_8bit = 0x20;       // palette entries of 8 bits, not the VGA's 6
constexpr uint16_t lfb = 0x40;            // the linear framebuffer, not banks at 0xa0000
constexpr uint16_t no_clear = 0x80;       // keep video memory (the text screen and font) as it is
} // namespace enable

// Interface versions: the card answers the highest it knows when asked.
namespace id {
constexpr uint16_t oldest = 0xb0c0;
constexpr uint16_t newest = 0xb0c5;
} // namespace id

// What the driver finds out about the card once.
struct Card {
    uint16_t interface_id;
    uint32_t video_memory;                // bytes
    uint32_t max_width, max_height, max_bpp;
};

// The current hardware state of the registers a mode consists of.
struct Registers {
    uint16_t enable, width, height, bpp, y_offset;
};

class Dispi {
public:
    // The index and data ports from the P3, as the policy grants them: again
    // after every restart (a warm one starts without them).
    static arc::Status claim();
    // The interface's version and what the card can do; false if no Bochs
    // VBE interface answers.
    static bool probe(Card& card);
    // Programs `m` (8-bit modes with an 8-bit palette), keeping video memory,
    // and shows page 0. Passes an injection point between the steps.
    static void set_mode(const arc::display::Mode& m);
    // The display starts at line `line` of video memory.
    static void set_first_line(uint16_t line);
    static void disable();
    static Registers read();

private:
    static void write(uint16_t index, uint16_t value);
    static uint16_t read(uint16_t index);
};

} // namespace vbe
