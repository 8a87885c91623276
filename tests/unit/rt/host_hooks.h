// The rt hooks as the host tests provide them: rt_write goes to stderr (death
// tests match on it) and into a capture buffer; rt_exit ends the process.
#pragma once
#include <string>

namespace test {
std::string& captured_output();   // everything rt_write wrote since the last clear()
void echo_to_stderr(bool on);      // on by default: death tests match what reaches stderr
} // namespace test
