// rt::print: the formatter's output collected in a stack buffer and written
// through rt_write whenever it fills, so a line costs one rt_write (usually one
// system call) instead of one per piece.
#include "rt/hooks.h"
#include "rt/print.h"

namespace rt {
namespace {

struct PrintBuffer {
    char data[print_buffer_size];
    size_t used = 0;

    void flush()
    {
        if (used > 0)
            rt_write(data, static_cast<unsigned>(used));
        used = 0;
    }

    static void put(void* context, const char* text, size_t length)
    {
        auto* self = static_cast<PrintBuffer*>(context);
        for (size_t i = 0; i < length; ++i) {
            if (self->used == sizeof(self->data))
                self->flush();
            self->data[self->used++] = text[i];
        }
    }
};

} // namespace

int vprint(const char* fmt, va_list args)
{
    PrintBuffer buffer;
    size_t n = vformat(Sink{&PrintBuffer::put, &buffer}, fmt, args);
    buffer.flush();
    return n > INT_MAX ? INT_MAX : static_cast<int>(n);
}

int print(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vprint(fmt, args);
    va_end(args);
    return n;
}

} // namespace rt
