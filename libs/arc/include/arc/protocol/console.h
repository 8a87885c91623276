// The console server: text out to the VGA screen and the serial line, text
// in from the serial line and the keyboard driver.
#pragma once
#include "l4/types.h"

namespace arc::console {

enum class Op : L4_Word_t {
    // in: bytes   out: -
    write = 0x1401,
    // in: maximum bytes   out: bytes (at least one; the reply waits for input)
    read = 0x1402,
    // in: bytes   out: -   (from the keyboard driver: typed characters)
    input = 0x1403,
};

} // namespace arc::console
