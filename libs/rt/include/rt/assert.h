// Assertions that report the failed expression, file, line and function, then
// panic. They stay on in every build type: an OS server that keeps running on
// a broken invariant does more harm than one its pager restarts.
#pragma once

namespace rt {
[[noreturn]] void assert_failed(const char* expression, const char* file, int line,
                                const char* function);
} // namespace rt

#define RT_ASSERT(expression)                                                              \
    (static_cast<bool>(expression)                                                         \
         ? static_cast<void>(0)                                                            \
         : ::rt::assert_failed(#expression, __FILE__, __LINE__, __func__))

// On the target, plain assert() means RT_ASSERT. Hosted builds keep the C
// library's assert.
#if !__STDC_HOSTED__ && !defined(assert)
#define assert(expression) RT_ASSERT(expression)
#endif
