// The naive driver: its progress is ordinary data, lost at every restart.
#include "variant.h"
#include "arc/protocol/parallel.h"

namespace parallel {

constinit Progress progress = {};
const char* const program_name = "parallel-naive";
const char* const service_name = arc::parallel::naive_name;

} // namespace parallel
