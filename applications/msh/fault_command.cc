// fault: load-time fault injection from the shell (arc/protocol/code_faults.h).
#include "arc/art.h"
#include "commands.h"
#include "fault/generator.h"
#include "fault/injector.h"
#include "rt/print.h"
#include "rt/string.h"
#include "shell.h"

namespace msh {

namespace {

using arc::Status;

int usage()
{
    rt::print("usage: fault PROGRAM [GENERATOR COUNT SEED | none]\n"
              "  every process of PROGRAM started afterwards loads with COUNT faults of\n"
              "  GENERATOR in its code, chosen by SEED (as tools/inject would write them):\n");
    size_t count;
    const fault::Generator* const* all = fault::all_generators(count);
    for (size_t k = 0; k < count; ++k)
        rt::print("  %-15s %s\n", all[k]->name(), all[k]->description());
    return failure;
}

void show(const char* program, const arc::code_faults::Plan& plan)
{
    if (plan.empty())
        rt::print("%s: loads without faults\n", program);
    else
        rt::print("%s: loads with %u %s fault%s, seed %llu\n", program, plan.count, plan.generator,
                  plan.count == 1 ? "" : "s", static_cast<unsigned long long>(plan.seed));
}

} // namespace

// fault PROGRAM [GENERATOR COUNT SEED | none]
int cmd_fault(Words& words)
{
    size_t n = words.count();
    if (n != 2 && n != 3 && n != 5)
        return usage();
    arc::code_faults::Plan set;
    if (n >= 3) {
        bool clear = strcmp(words[2], arc::code_faults::no_plan) == 0;
        if (!clear && !fault::find_generator(words[2]))
            return fail("fault: %s: no such generator (fault alone lists them)", words[2]);
        if (clear != (n == 3))
            return usage();
        uint32_t count = 0, seed = 0;
        if (n == 5 && (!parse_number(words[3], count) || count == 0 || count > fault::max_faults))
            return fail("fault: %s: COUNT must be 1..%u", words[3], fault::max_faults);
        if (n == 5 && !parse_number(words[4], seed))
            return fail("fault: %s: SEED must be a number", words[4]);
        strlcpy(set.generator, words[2], sizeof(set.generator));
        set.count = count;
        set.seed = seed;
    }
    arc::code_faults::Plan now;
    Status s = arc::art::code_faults(words[1], set, now);
    if (s != Status::ok)
        return fail("fault: %s: %s", words[1], arc::describe(s));
    show(words[1], now);
    return success;
}

} // namespace msh
