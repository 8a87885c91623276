// The resource policy: which program may have which interrupt, I/O ports,
// physical memory, boot modules and PCI devices (docs/processes.md). Parsed
// from the text file `policy` of the ram archive; freestanding, tested on
// the host.
//
//   # comment
//   console  irq     4
//   console  ports   0x3f8 8
//   console  memory  0xb8000 0x1000
//   ram      module  ramfs
//   audio    dma     1          (an ISA DMA channel ART programs for it)
//   vbe      pci     1234:1111     (vendor:device, hex: ART tells the program
//                                   the device's BARs and maps memory inside
//                                   them; never its configuration space)
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace art {

class Policy {
public:
    static constexpr unsigned max_rules = 96;
    static constexpr unsigned name_size = 32;

    // Parses `text`; on a bad line returns false with its number and a reason.
    bool parse(const char* text, size_t length, unsigned& bad_line, const char*& reason);

    bool allows_irq(const char* program, uint32_t irq) const;
    bool allows_ports(const char* program, uint32_t first, uint32_t count) const;
    bool allows_memory(const char* program, uint32_t physical, uint32_t size) const;
    bool allows_module(const char* program, const char* module) const;
    bool allows_pci(const char* program, uint16_t vendor, uint16_t device) const;
    bool allows_dma(const char* program, uint32_t channel) const;
    unsigned rule_count() const { return count_; }

private:
    enum class Kind : uint8_t { irq, ports, memory, module, pci, dma };
    struct Rule {
        char program[name_size];
        Kind kind;
        uint32_t first;            // irq number, first port, physical address, PCI vendor, DMA channel
        uint32_t count;            // ports, bytes, PCI device
        char module[name_size];
    };
    template <typename F> bool any(const char* program, Kind kind, F&& matches) const;

    Rule rules_[max_rules];
    unsigned count_ = 0;
};

} // namespace art
