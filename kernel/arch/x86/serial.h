// COM1, polled: the kernel console that tests read from outside the guest.
#pragma once
namespace x86::serial {
void init();
void write(const char* s, unsigned n);
} // namespace x86::serial
