// Names and the policy's text form (arc/protocol/recovery.h). Freestanding:
// host unit tests run it (tests/unit/arc/recovery_test.cc).
#include "arc/protocol/recovery.h"
#include "rt/format.h"
#include "rt/string.h"
#include "l4/types.h"

namespace arc::recovery {

namespace {

constexpr const char* temperature_names[] = {"fresh", "hot", "warm", "cold", "group", "reboot", "none"};
constexpr const char* failure_names[] = {"?",         "page fault",      "exception",    "panic",
                                         "deadline",  "heartbeat",       "recovery failed", "rejuvenation",
                                         "group restart"};
// The shell's words for injections, in Injection order.
constexpr const char* injection_words[] = {"none", "null", "divide", "opcode", "loop", "panic", "wild"};
static_assert(sizeof(injection_words) / sizeof(injection_words[0]) == injection_count);

template <unsigned N>
const char* lookup(const char* const (&names)[N], L4_Word_t index)
{
    return index < N ? names[index] : "?";
}

bool equal(const char* text, unsigned length, const char* word)
{
    return strlen(word) == length && memcmp(text, word, length) == 0;
}

bool parse_temperature(const char* text, unsigned length, Temperature& out)
{
    for (L4_Word_t i = 1; i < sizeof(temperature_names) / sizeof(temperature_names[0]); ++i)
        if (equal(text, length, temperature_names[i])) {
            out = static_cast<Temperature>(i);
            return true;
        }
    return false;
}

bool parse_decimal(const char* text, unsigned length, L4_Word_t& out)
{
    if (length == 0 || length > 9)
        return false;                 // at most 999,999,999: no overflow
    L4_Word_t v = 0;
    for (unsigned i = 0; i < length; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + static_cast<L4_Word_t>(text[i] - '0');
    }
    out = v;
    return true;
}

// first none: no restarts (last does not matter); else hot <= first <= last <= reboot.
bool valid(const Policy& p)
{
    if (p.first == Temperature::none)
        return p.last <= Temperature::none;
    return p.first != Temperature::fresh && p.first <= p.last && p.last <= Temperature::reboot;
}

} // namespace

const char* name(Temperature t) { return lookup(temperature_names, static_cast<L4_Word_t>(t)); }
const char* name(Failure f) { return lookup(failure_names, static_cast<L4_Word_t>(f)); }
const char* name(Injection i) { return lookup(injection_words, static_cast<L4_Word_t>(i)); }

const char* exception_name(L4_Word_t vector)
{
    switch (vector) {
    case 0: return "divide error";
    case 3: return "breakpoint";
    case 6: return "invalid opcode";
    case 12: return "stack fault";
    case 13: return "general protection fault";
    case 14: return "page fault";
    default: return "exception";
    }
}

void describe(Failure f, L4_Word_t address, L4_Word_t ip, L4_Word_t detail, char* out, unsigned capacity)
{
    switch (f) {
    case Failure::page_fault:
        rt::snprintf(out, capacity, "page fault at 0x%08x (%s), ip 0x%08x", address,
                     (detail & L4_Writable) ? "write" : "read", ip);
        return;
    case Failure::exception:
        rt::snprintf(out, capacity, "%s (vector %u) at ip 0x%08x", exception_name(detail), detail, ip);
        return;
    case Failure::deadline:
        rt::snprintf(out, capacity, "deadline of %u ms missed", detail);
        return;
    case Failure::heartbeat:
        rt::snprintf(out, capacity, "heartbeat (every %u ms) missed", detail);
        return;
    default:
        rt::snprintf(out, capacity, "%s", name(f));
        return;
    }
}

bool keeps_persistent(Temperature t) { return t == Temperature::hot || t == Temperature::warm; }

bool parse(const char* text, Injection& out)
{
    for (L4_Word_t i = 0; i < injection_count; ++i)
        if (strcmp(text, injection_words[i]) == 0) {
            out = static_cast<Injection>(i);
            return true;
        }
    return false;
}

bool apply_setting(Policy& p, const char* setting, unsigned length)
{
    const char* eq = static_cast<const char*>(memchr(setting, '=', length));
    if (!eq)
        return false;
    unsigned key_length = static_cast<unsigned>(eq - setting);
    const char* value = eq + 1;
    unsigned value_length = length - key_length - 1;
    Policy changed = p;
    bool ok;
    if (equal(setting, key_length, "first"))
        ok = parse_temperature(value, value_length, changed.first);
    else if (equal(setting, key_length, "last"))
        ok = parse_temperature(value, value_length, changed.last);
    else if (equal(setting, key_length, "budget"))
        ok = parse_decimal(value, value_length, changed.budget);
    else if (equal(setting, key_length, "window"))
        ok = parse_decimal(value, value_length, changed.window_ms);
    else if (equal(setting, key_length, "backoff"))
        ok = parse_decimal(value, value_length, changed.backoff_ms);
    else if (equal(setting, key_length, "rejuvenate"))
        ok = parse_decimal(value, value_length, changed.rejuvenate_ms);
    else
        ok = false;
    // first=cold with last=hot would be a ladder that goes nowhere: first
    // pulls last up with it (and last pulls first down).
    if (ok && equal(setting, key_length, "first") && changed.first != Temperature::none &&
        (changed.last < changed.first || changed.last == Temperature::none))
        changed.last = changed.first;
    if (ok && equal(setting, key_length, "last") && changed.first > changed.last)
        changed.first = changed.last;
    if (!ok || !valid(changed))
        return false;
    p = changed;
    return true;
}

bool apply_settings(Policy& p, const char* text, const char*& bad)
{
    Policy changed = p;
    for (const char* c = text; *c;) {
        while (*c == ' ' || *c == '\t')
            ++c;
        const char* start = c;
        while (*c && *c != ' ' && *c != '\t')
            ++c;
        if (c != start && !apply_setting(changed, start, static_cast<unsigned>(c - start))) {
            bad = start;
            return false;
        }
    }
    p = changed;
    return true;
}

void describe(const Policy& p, char* out, unsigned capacity)
{
    rt::snprintf(out, capacity, "first=%s last=%s budget=%u window=%u backoff=%u rejuvenate=%u", name(p.first),
                 name(p.last), static_cast<unsigned>(p.budget), static_cast<unsigned>(p.window_ms),
                 static_cast<unsigned>(p.backoff_ms), static_cast<unsigned>(p.rejuvenate_ms));
}

void pack(const Policy& p, L4_Word_t (&words)[policy_words])
{
    words[0] = static_cast<L4_Word_t>(p.first);
    words[1] = static_cast<L4_Word_t>(p.last);
    words[2] = p.budget;
    words[3] = p.window_ms;
    words[4] = p.backoff_ms;
    words[5] = p.rejuvenate_ms;
}

bool unpack(Policy& p, const L4_Word_t (&words)[policy_words])
{
    Policy q;
    q.first = static_cast<Temperature>(words[0]);
    q.last = static_cast<Temperature>(words[1]);
    q.budget = words[2];
    q.window_ms = words[3];
    q.backoff_ms = words[4];
    q.rejuvenate_ms = words[5];
    if (!valid(q))
        return false;
    p = q;
    return true;
}

} // namespace arc::recovery
