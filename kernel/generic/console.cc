#include "console.h"
#include "arch/x86/serial.h"
#include "arch/x86/vga.h"
#include "rt/format.h"

namespace kernel {

namespace {
void put_console(void*, const char* s, size_t n) { console_write(s, static_cast<unsigned>(n)); }
constexpr rt::Sink console_sink{put_console, nullptr};
} // namespace

void console_init()
{
    x86::serial::init();
    x86::vga::init();
}

void console_write(const char* s, unsigned n)
{
    x86::serial::write(s, n);
    x86::vga::write(s, n);
}

void vkprint(const char* fmt, va_list ap)
{
    rt::vformat(console_sink, fmt, ap);
}

void kprint(const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vkprint(fmt, ap);
    va_end(ap);
}

} // namespace kernel
