#include "pci.h"
#include "arc/port_io.h"
#include "rt/print.h"

namespace art::pci {

namespace {

using arc::port_io::in32;
using arc::port_io::out32;

// Configuration mechanism 1: the address of a register goes to one port,
// its value comes and goes through the other.
constexpr uint16_t config_address = 0xcf8;
constexpr uint16_t config_data = 0xcfc;
constexpr uint32_t config_enable = 0x80000000;

constexpr unsigned buses = 256, devices = 32, functions = 8;

// Registers of the configuration header (type 0), byte offsets.
namespace reg {
constexpr uint8_t ids = 0x00;              // vendor (low 16), device (high 16)
constexpr uint8_t command = 0x04;          // low 16 bits
constexpr uint8_t header = 0x0c;           // header type in bits 16..23
constexpr uint8_t bar0 = 0x10;
} // namespace reg

constexpr uint32_t no_device = 0xffff;     // vendor id of an empty slot
constexpr uint32_t header_type_mask = 0x7f;
constexpr uint32_t header_general = 0x00;  // only these have six BARs
constexpr uint32_t header_multifunction = 0x80;
constexpr uint32_t command_decode = 0x3;   // I/O space and memory space decoding

constexpr unsigned max_functions = 32;
Function table[max_functions];
unsigned found;

uint32_t address(unsigned bus, unsigned device, unsigned function, uint8_t offset)
{
    return config_enable | bus << 16 | device << 11 | function << 8 | (offset & 0xfcu);
}

uint32_t read(unsigned bus, unsigned device, unsigned function, uint8_t offset)
{
    out32(config_address, address(bus, device, function, offset));
    return in32(config_data);
}

void write(unsigned bus, unsigned device, unsigned function, uint8_t offset, uint32_t value)
{
    out32(config_address, address(bus, device, function, offset));
    out32(config_data, value);
}

// The register at `offset` as it is, and as it reads after all ones; then
// as it was.
uint32_t probe(unsigned bus, unsigned device, unsigned function, uint8_t offset, uint32_t& value)
{
    value = read(bus, device, function, offset);
    write(bus, device, function, offset, ~0u);
    uint32_t sized = read(bus, device, function, offset);
    write(bus, device, function, offset, value);
    return sized;
}

void size_bars(Function& f)
{
    unsigned b = f.bus, d = f.device, fn = f.function;
    uint32_t command = read(b, d, fn, reg::command);
    // Decoding off while a BAR holds all ones: it would claim addresses
    // that are somebody else's.
    write(b, d, fn, reg::command, command & ~command_decode);
    for (unsigned i = 0; i < bar_count; ++i) {
        uint8_t at = static_cast<uint8_t>(reg::bar0 + 4 * i);
        uint32_t value, sized = probe(b, d, fn, at, value);
        bool wide = !(value & bar_bits::io_space) &&
                    (value & bar_bits::memory_type_mask) == bar_bits::memory_type_64 && i + 1 < bar_count;
        uint32_t high = 0, high_sized = ~0u;
        if (wide)
            high_sized = probe(b, d, fn, static_cast<uint8_t>(at + 4), high);
        f.bars[i] = decode_bar(value, sized, high, high_sized);
        if (wide)
            ++i;                                   // the high half is no BAR of its own
    }
    write(b, d, fn, reg::command, command);
}

void add(unsigned bus, unsigned device, unsigned function, uint32_t ids)
{
    if (found == max_functions)
        return;
    Function& f = table[found++];
    f = Function{};
    f.bus = static_cast<uint8_t>(bus);
    f.device = static_cast<uint8_t>(device);
    f.function = static_cast<uint8_t>(function);
    f.vendor = static_cast<uint16_t>(ids & 0xffff);
    f.id = static_cast<uint16_t>(ids >> 16);
    if (((read(bus, device, function, reg::header) >> 16) & header_type_mask) == header_general)
        size_bars(f);
}

} // namespace

void scan()
{
    for (unsigned bus = 0; bus < buses; ++bus)
        for (unsigned device = 0; device < devices; ++device) {
            uint32_t ids = read(bus, device, 0, reg::ids);
            if ((ids & 0xffff) == no_device)
                continue;
            add(bus, device, 0, ids);
            bool multifunction = (read(bus, device, 0, reg::header) >> 16) & header_multifunction;
            for (unsigned function = 1; multifunction && function < functions; ++function) {
                ids = read(bus, device, function, reg::ids);
                if ((ids & 0xffff) != no_device)
                    add(bus, device, function, ids);
            }
        }
    rt::print("art: PCI: %u functions\n", found);
}

const Function* find(uint16_t vendor, uint16_t id, unsigned index)
{
    for (unsigned i = 0; i < found; ++i)
        if (table[i].vendor == vendor && table[i].id == id && index-- == 0)
            return &table[i];
    return nullptr;
}

unsigned count() { return found; }
const Function& at(unsigned i) { return table[i]; }

} // namespace art::pci
