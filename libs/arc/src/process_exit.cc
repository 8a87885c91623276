// rt_exit of a supervised process: tell the P3, which ends the process.
#include "arc/pager.h"
#include "rt/hooks.h"

extern "C" void rt_exit(int status) { arc::pager::exit(status); }
