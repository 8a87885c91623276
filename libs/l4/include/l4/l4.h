// Everything libs/l4 offers, for programs that want it all.
#pragma once
#include "l4/types.h"
#include "l4/utcb.h"
#include "l4/message.h"
#include "l4/syscalls.h"
#include "l4/kdebug.h"
#include "l4/sigma0.h"
