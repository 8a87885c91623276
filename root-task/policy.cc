#include "policy.h"
#include "rt/string.h"

namespace art {

namespace {

// A cursor over one line: blank-separated words, '#' starts a comment.
struct Line {
    const char* p;
    const char* end;
    bool too_long = false;       // a word did not fit: the line is malformed

    bool word(char* out, size_t size)
    {
        while (p < end && (*p == ' ' || *p == '\t'))
            ++p;
        if (p == end || *p == '#')
            return false;
        size_t n = 0;
        while (p < end && *p != ' ' && *p != '\t' && *p != '#') {
            if (n + 1 >= size) {
                too_long = true;
                return false;
            }
            out[n++] = *p++;
        }
        out[n] = '\0';
        return n > 0;
    }

    bool number(uint32_t& value)
    {
        char text[16];
        if (!word(text, sizeof(text)))
            return false;
        const char* s = text;
        unsigned base = 10;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            base = 16;
            s += 2;
        }
        if (!*s)
            return false;
        uint64_t v = 0;
        for (; *s; ++s) {
            unsigned d;
            if (*s >= '0' && *s <= '9')
                d = *s - '0';
            else if (base == 16 && *s >= 'a' && *s <= 'f')
                d = *s - 'a' + 10;
            else if (base == 16 && *s >= 'A' && *s <= 'F')
                d = *s - 'A' + 10;
            else
                return false;
            v = v * base + d;
            if (v > 0xffffffffu)
                return false;
        }
        value = static_cast<uint32_t>(v);
        return true;
    }

    // "VVVV:DDDD": a PCI vendor and device id, four hex digits each.
    bool pci_id(uint32_t& vendor, uint32_t& device)
    {
        char text[16];
        if (!word(text, sizeof(text)) || strlen(text) != pci_id_length || text[4] != ':')
            return false;
        return hex(text, 4, vendor) && hex(text + 5, 4, device);
    }

    static constexpr size_t pci_id_length = 9;

    static bool hex(const char* s, unsigned digits, uint32_t& value)
    {
        value = 0;
        for (unsigned i = 0; i < digits; ++i) {
            char c = s[i];
            unsigned d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return false;
            value = value * 16 + d;
        }
        return true;
    }

    bool at_end()
    {
        char rest[4];
        return !word(rest, sizeof(rest));
    }
};

} // namespace

bool Policy::parse(const char* text, size_t length, unsigned& bad_line, const char*& reason)
{
    count_ = 0;
    const char* end = text + length;
    unsigned number = 0;
    for (const char* p = text; p < end;) {
        const char* eol = p;
        while (eol < end && *eol != '\n')
            ++eol;
        ++number;
        Line line{p, eol};
        p = eol + 1;
        Rule r{};
        char kind[16];
        bad_line = number;
        if (!line.word(r.program, sizeof(r.program))) {
            if (!line.too_long)
                continue;                              // blank or comment
            reason = "the program name is too long";
            return false;
        }
        if (!line.word(kind, sizeof(kind))) {
            reason = "a resource (irq, ports, memory, module, pci, dma) must follow the program";
            return false;
        }
        bool ok;
        if (strcmp(kind, "irq") == 0) {
            r.kind = Kind::irq;
            ok = line.number(r.first) && r.first < 16;
            r.count = 1;
        } else if (strcmp(kind, "ports") == 0) {
            r.kind = Kind::ports;
            ok = line.number(r.first) && line.number(r.count) && r.count > 0 && r.first + r.count <= 0x10000;
        } else if (strcmp(kind, "memory") == 0) {
            r.kind = Kind::memory;
            ok = line.number(r.first) && line.number(r.count) && r.count > 0 && r.first + (r.count - 1) >= r.first;
        } else if (strcmp(kind, "module") == 0) {
            r.kind = Kind::module;
            ok = line.word(r.module, sizeof(r.module));
        } else if (strcmp(kind, "pci") == 0) {
            r.kind = Kind::pci;
            ok = line.pci_id(r.first, r.count);
        } else if (strcmp(kind, "dma") == 0) {
            // 0-3 and 5-7: channel 4 links the two controllers (root-task/isa_dma.h).
            r.kind = Kind::dma;
            ok = line.number(r.first) && r.first < 8 && r.first != 4;
            r.count = 1;
        } else {
            reason = "unknown resource (irq, ports, memory, module, pci, dma)";
            return false;
        }
        if (!ok || !line.at_end()) {
            reason = "bad or missing values";
            return false;
        }
        if (count_ == max_rules) {
            reason = "too many rules";
            return false;
        }
        rules_[count_++] = r;
    }
    return true;
}

template <typename F>
bool Policy::any(const char* program, Kind kind, F&& matches) const
{
    for (unsigned i = 0; i < count_; ++i)
        if (rules_[i].kind == kind && strcmp(rules_[i].program, program) == 0 && matches(rules_[i]))
            return true;
    return false;
}

bool Policy::allows_irq(const char* program, uint32_t irq) const
{
    return any(program, Kind::irq, [&](const Rule& r) { return r.first == irq; });
}

bool Policy::allows_ports(const char* program, uint32_t first, uint32_t count) const
{
    return count > 0 && any(program, Kind::ports, [&](const Rule& r) {
               return first >= r.first && first + count <= r.first + r.count;
           });
}

bool Policy::allows_memory(const char* program, uint32_t physical, uint32_t size) const
{
    return size > 0 && any(program, Kind::memory, [&](const Rule& r) {
               return physical >= r.first && uint64_t(physical) + size <= uint64_t(r.first) + r.count;
           });
}

bool Policy::allows_module(const char* program, const char* module) const
{
    return any(program, Kind::module, [&](const Rule& r) { return strcmp(r.module, module) == 0; });
}

bool Policy::allows_dma(const char* program, uint32_t channel) const
{
    return any(program, Kind::dma, [&](const Rule& r) { return r.first == channel; });
}

bool Policy::allows_pci(const char* program, uint16_t vendor, uint16_t device) const
{
    return any(program, Kind::pci, [&](const Rule& r) { return r.first == vendor && r.count == device; });
}

} // namespace art
