// rt's C-named functions compiled under test names (see CMakeLists.txt).
#define RT_C_NAME(name) rtt_##name
#include "rt/src/string.cc"
#include "rt/src/divdi3.cc"
#include "rt/src/malloc.cc"
