// The recovery-friendly driver: its progress survives hot and warm restarts.
#include "variant.h"
#include "arc/persistent.h"
#include "arc/protocol/parallel.h"

namespace parallel {

constinit Progress progress IS_PERSISTENT = {};
const char* const program_name = "parallel";
const char* const service_name = arc::parallel::name;

} // namespace parallel
