#include "vga.h"
#include "layout.h"
#include <stdint.h>

namespace x86::vga {

namespace {
constexpr unsigned columns = 80, rows = 25;
constexpr uint16_t attribute = 0x0700;    // light grey on black
volatile uint16_t* const screen = reinterpret_cast<volatile uint16_t*>(KERNEL_VIRT + text_buffer);

// Console state: not persistent, the kernel is never restarted.
unsigned cursor = 0;
bool active = false;

void scroll()
{
    for (unsigned i = 0; i < (rows - 1) * columns; ++i)
        screen[i] = screen[i + columns];
    for (unsigned i = (rows - 1) * columns; i < rows * columns; ++i)
        screen[i] = attribute | ' ';
    cursor -= columns;
}

void put(char c)
{
    if (c == '\n')
        cursor += columns - cursor % columns;
    else if (c != '\r')
        screen[cursor++] = attribute | static_cast<uint8_t>(c);
    if (cursor >= rows * columns)
        scroll();
}
} // namespace

void init()
{
    for (unsigned i = 0; i < rows * columns; ++i)
        screen[i] = attribute | ' ';
    cursor = 0;
    active = true;
}

void write(const char* s, unsigned n)
{
    if (!active)
        return;
    for (unsigned i = 0; i < n; ++i)
        put(s[i]);
}

void release() { active = false; }

} // namespace x86::vga
