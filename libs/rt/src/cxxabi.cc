// The pieces of the C++ ABI that compiled code may call, for a runtime without
// exceptions, RTTI or thread-safe statics (see cmake/i686-arc.cmake).
#include "rt/panic.h"

extern "C" {

// A pure virtual function was called: an object used during its construction
// or after its destruction.
[[noreturn]] void __cxa_pure_virtual() { rt::panic("pure virtual function called"); }
[[noreturn]] void __cxa_deleted_virtual() { rt::panic("deleted virtual function called"); }

// Registration of static destructors. Arc programs end with rt_exit (a server
// usually never ends), and a pager may discard a process at any moment, so
// static destructors never run: the registrations are accepted and dropped.
// This keeps a table of function pointers out of rt's global state.
// atexit is what -fno-use-cxa-atexit (our flags) emits; __cxa_atexit is for
// code built with the default (lld itself defines the __dso_handle it passes).
int atexit(void (*)()) { return 0; }
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

} // extern "C"
