// PCI devices, as ART alone sees them: it scans configuration space at boot
// (configuration mechanism 1, ports 0xcf8/0xcfc, which no process is ever
// given: with them a driver could reprogram every device) and keeps each
// function's ids and BARs. A program whose policy names a device
// (`vbe pci 1234:1111`) may learn its BARs and map memory inside them
// (docs/processes.md); nothing else about PCI is exposed.
#pragma once
#include <stdint.h>
#include "pci_bar.h"

namespace art::pci {

constexpr unsigned bar_count = 6;

struct Function {
    uint8_t bus, device, function;
    uint16_t vendor, id;
    Bar bars[bar_count];

    // bus:device.function packed as configuration space addresses it
    // (bus << 8 | device << 3 | function), for the logs and the replies.
    uint32_t location() const { return uint32_t(bus) << 8 | uint32_t(device) << 3 | function; }
};

// Walks every bus, device and function once, sizing each BAR (with the
// function's decoding off meanwhile). At boot, before any driver runs.
void scan();

// The `index`-th function (0, 1, ...) with these ids, or nullptr.
const Function* find(uint16_t vendor, uint16_t id, unsigned index);

// How many functions the scan found, and the i-th of them.
unsigned count();
const Function& at(unsigned i);

} // namespace art::pci
