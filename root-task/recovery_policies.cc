#include "recovery_policies.h"
#include "rt/string.h"

namespace art {

RecoveryPolicies::Entry* RecoveryPolicies::entry(const char* program)
{
    for (unsigned i = 0; i < count_; ++i)
        if (strcmp(entries_[i].program, program) == 0)
            return &entries_[i];
    return nullptr;
}

const arc::recovery::Policy& RecoveryPolicies::find(const char* program) const
{
    for (unsigned i = 0; i < count_; ++i)
        if (strcmp(entries_[i].program, program) == 0)
            return entries_[i].policy;
    return default_;
}

bool RecoveryPolicies::change(const char* program, const char* settings, const char*& bad)
{
    bad = nullptr;
    if (strcmp(program, "*") == 0)
        return arc::recovery::apply_settings(default_, settings, bad);
    if (!*program || strlen(program) >= name_size)
        return false;
    Entry* e = entry(program);
    arc::recovery::Policy p = e ? e->policy : default_;
    if (!arc::recovery::apply_settings(p, settings, bad))
        return false;
    if (!e) {
        if (count_ == max_programs)
            return false;
        e = &entries_[count_++];
        strlcpy(e->program, program, sizeof(e->program));
    }
    e->policy = p;
    return true;
}

bool RecoveryPolicies::parse(const char* text, size_t length, unsigned& bad_line, const char*& reason)
{
    constexpr size_t max_line = 160;
    unsigned number = 0;
    for (size_t i = 0; i < length;) {
        char line[max_line];
        size_t n = 0;
        bool too_long = false;
        while (i < length && text[i] != '\n') {
            if (n + 1 < sizeof(line))
                line[n++] = text[i];
            else
                too_long = true;
            ++i;
        }
        ++i;
        ++number;
        line[n] = '\0';
        char* c = line;
        while (*c == ' ' || *c == '\t')
            ++c;
        if (!*c || *c == '#')
            continue;
        bad_line = number;
        if (too_long) {
            reason = "line too long";
            return false;
        }
        char* program = c;
        while (*c && *c != ' ' && *c != '\t')
            ++c;
        if (*c)
            *c++ = '\0';
        const char* bad;
        if (!change(program, c, bad)) {
            reason = bad ? "bad setting (first=, last=: hot warm cold group reboot none; budget=, window=, "
                           "backoff=, rejuvenate=: numbers)"
                         : "too many programs, or a name too long";
            return false;
        }
    }
    return true;
}

} // namespace art
