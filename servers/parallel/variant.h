// What the two programs built from this driver's sources differ in, one
// small file each (CMakeLists.txt): where the progress of the request being
// printed lives, and the names.
//
//   parallel        friendly.cc: progress in .pdata (IS_PERSISTENT), kept
//                   across hot and warm restarts: a replayed request goes
//                   on after its last byte out (004 listing 5.2)
//   parallel-naive  naive.cc: progress in .data, which every restart
//                   rewrites: a replayed request starts over and prints its
//                   first bytes twice (listing 5.1, as the dissertation's
//                   uninstrumented driver did)
#pragma once
#include "progress.h"

namespace parallel {

extern Progress progress;
extern const char* const program_name;      // in the driver's own messages
extern const char* const service_name;      // at the naming server

} // namespace parallel
