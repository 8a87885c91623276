// Reading numbers people type: command arguments, settings.
#pragma once
#include "rt/types.h"

namespace rt {

// Decimal, or hexadecimal after 0x; false for anything else (an empty
// string, a stray character) or a value over 32 bits.
bool parse_number(const char* text, uint32_t& value);

} // namespace rt
