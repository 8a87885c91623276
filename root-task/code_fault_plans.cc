#include "code_fault_plans.h"
#include "fault/generator.h"
#include "fault/injector.h"
#include "rt/string.h"

namespace art {

using arc::code_faults::Plan;

CodeFaultPlans::Outcome CodeFaultPlans::change(const char* program, const Plan& plan)
{
    if (!*program || strlen(program) >= name_size)
        return Outcome::bad_program;
    unsigned at = 0;
    while (at < count_ && strcmp(entries_[at].program, program) != 0)
        ++at;
    if (strcmp(plan.generator, arc::code_faults::no_plan) == 0) {
        if (at < count_)
            entries_[at] = entries_[--count_];
        return Outcome::cleared;
    }
    if (!fault::find_generator(plan.generator))
        return Outcome::unknown_generator;
    if (plan.count == 0 || plan.count > fault::max_faults)
        return Outcome::bad_count;
    if (at == count_) {
        if (count_ == max_programs)
            return Outcome::full;
        strlcpy(entries_[count_++].program, program, name_size);
    }
    entries_[at].plan = plan;
    return Outcome::set;
}

Plan CodeFaultPlans::find(const char* program) const
{
    for (unsigned k = 0; k < count_; ++k)
        if (strcmp(entries_[k].program, program) == 0)
            return entries_[k].plan;
    return Plan{};
}

} // namespace art
