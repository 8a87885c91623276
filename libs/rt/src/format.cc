// The printf-style formatter (see rt/format.h for what it accepts).
//
// Structure: vformat walks the format string, copies literal runs to the sink,
// parses each conversion into a Spec, reads its argument and hands it to one
// emit_* function. Every emit_* function produces exactly
//     [left padding] [prefix] [zeros] body [right padding]
// so width, precision and flags are applied in one place (Layout).
#include "rt/format.h"

namespace rt {
namespace {

enum class Length { none, hh, h, l, ll, z, j, t };

struct Spec {
    bool left = false;    // '-': pad on the right
    bool zero = false;    // '0': pad with zeros after the prefix
    bool plus = false;    // '+': signed conversions always show a sign
    bool space = false;   // ' ': a space where a '+' would go
    bool alt = false;     // '#': 0x prefix for x/X, leading 0 for o
    int width = 0;        // minimum field width, 0..max_width
    int precision = -1;   // -1 = none given; else 0..max_width
    Length length = Length::none;
    char conversion = 0;
};

// va_list is an array type on some ABIs (x86-64); wrapping it in a struct lets
// the helpers below take it by reference portably.
struct Args {
    va_list list;
};

// Counts what it forwards to the sink.
class Out {
public:
    explicit Out(const Sink& sink) : sink_(sink) {}

    void put(const char* text, size_t length)
    {
        if (length == 0)
            return;
        sink_.put(text, length);
        count_ += length;
    }

    // `count` copies of `c` (' ' or '0'), in chunks.
    void fill(char c, size_t count)
    {
        static constexpr char spaces[] = "                ";
        static constexpr char zeros[] = "0000000000000000";
        const char* chunk = c == '0' ? zeros : spaces;
        constexpr size_t chunk_size = sizeof(spaces) - 1;
        while (count > 0) {
            size_t n = count < chunk_size ? count : chunk_size;
            put(chunk, n);
            count -= n;
        }
    }

    size_t count() const { return count_; }

private:
    const Sink& sink_;
    size_t count_ = 0;
};

size_t bounded_length(const char* s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] != '\0')
        ++n;
    return n;
}

// Emits one field: prefix ("-", "0x" ...), `zeros` zero digits, then body,
// padded to the spec's width. zero_pad moves the width padding between prefix
// and zeros (the '0' flag), which only numbers without precision allow.
void emit_field(Out& out, const Spec& spec, const char* prefix, size_t prefix_length,
                size_t zeros, const char* body, size_t body_length, bool zero_pad)
{
    size_t total = prefix_length + zeros + body_length;
    size_t width = static_cast<size_t>(spec.width);
    size_t padding = width > total ? width - total : 0;
    if (zero_pad && !spec.left) {
        zeros += padding;
        padding = 0;
    }
    if (!spec.left)
        out.fill(' ', padding);
    out.put(prefix, prefix_length);
    out.fill('0', zeros);
    out.put(body, body_length);
    if (spec.left)
        out.fill(' ', padding);
}

// Writes the digits of `value` in `base` right-aligned into buffer[0..size);
// returns the index of the first digit. Uses 32-bit division whenever the value
// fits, so printing small numbers never calls the 64-bit division helpers.
size_t to_digits(uint64_t value, unsigned base, bool upper, char* buffer, size_t size)
{
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t i = size;
    while (value > 0xffffffffu) {
        buffer[--i] = digits[value % base];
        value /= base;
    }
    auto v = static_cast<uint32_t>(value);
    do {
        buffer[--i] = digits[v % base];
        v /= base;
    } while (v != 0);
    return i;
}

// Integers: magnitude and sign separately, so INT64_MIN needs no special case.
void emit_integer(Out& out, const Spec& spec, uint64_t magnitude, bool negative,
                  bool is_signed, unsigned base, bool upper)
{
    char buffer[24];   // 64 bits in octal: 22 digits
    size_t first = to_digits(magnitude, base, upper, buffer, sizeof(buffer));
    size_t length = sizeof(buffer) - first;
    if (spec.precision == 0 && magnitude == 0)
        length = 0;   // C: zero with precision 0 prints no digits
    size_t precision = spec.precision < 0 ? 1 : static_cast<size_t>(spec.precision);
    size_t zeros = precision > length ? precision - length : 0;

    char prefix[2];
    size_t prefix_length = 0;
    if (negative)
        prefix[prefix_length++] = '-';
    else if (is_signed && spec.plus)
        prefix[prefix_length++] = '+';
    else if (is_signed && spec.space)
        prefix[prefix_length++] = ' ';
    if (spec.alt && base == 16 && magnitude != 0) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = upper ? 'X' : 'x';
    }
    if (spec.alt && base == 8 && zeros == 0 && (length == 0 || buffer[first] != '0'))
        zeros = 1;   // '#o': the first digit is always 0
    emit_field(out, spec, prefix, prefix_length, zeros, buffer + first, length,
               spec.zero && spec.precision < 0);
}

// %p: "0x" and all hex digits of the pointer.
void emit_pointer(Out& out, Spec spec, const void* pointer)
{
    char buffer[2 * sizeof(void*)];
    auto value = reinterpret_cast<uptr>(pointer);
    for (size_t i = sizeof(buffer); i-- > 0; value >>= 4)
        buffer[i] = "0123456789abcdef"[value & 0xf];
    emit_field(out, spec, "0x", 2, 0, buffer, sizeof(buffer), false);
}

void emit_string(Out& out, const Spec& spec, const char* s)
{
    if (s == nullptr)
        s = "(null)";
    size_t max = spec.precision < 0 ? static_cast<size_t>(-1) : static_cast<size_t>(spec.precision);
    emit_field(out, spec, "", 0, 0, s, bounded_length(s, max), false);
}

void emit_char(Out& out, const Spec& spec, char c)
{
    emit_field(out, spec, "", 0, 0, &c, 1, false);
}

// Reads a signed argument of the spec's length, widened to 64 bits.
int64_t read_signed(Args& args, Length length)
{
    switch (length) {
    case Length::hh: return static_cast<signed char>(va_arg(args.list, int));
    case Length::h: return static_cast<short>(va_arg(args.list, int));
    case Length::l: return va_arg(args.list, long);
    case Length::ll: return va_arg(args.list, long long);
    case Length::z: return va_arg(args.list, ptrdiff_t);   // the signed size_t
    case Length::j: return va_arg(args.list, intmax_t);
    case Length::t: return va_arg(args.list, ptrdiff_t);
    case Length::none: break;
    }
    return va_arg(args.list, int);
}

uint64_t read_unsigned(Args& args, Length length)
{
    switch (length) {
    case Length::hh: return static_cast<unsigned char>(va_arg(args.list, unsigned));
    case Length::h: return static_cast<unsigned short>(va_arg(args.list, unsigned));
    case Length::l: return va_arg(args.list, unsigned long);
    case Length::ll: return va_arg(args.list, unsigned long long);
    case Length::z: return va_arg(args.list, size_t);
    case Length::j: return va_arg(args.list, uintmax_t);
    case Length::t: return static_cast<uint64_t>(va_arg(args.list, ptrdiff_t));
    case Length::none: break;
    }
    return va_arg(args.list, unsigned);
}

int clamp_width(int64_t value)
{
    return value > max_width ? max_width : static_cast<int>(value);
}

// Reads decimal digits at *p (advancing it), saturating at max_width.
int parse_number(const char*& p)
{
    int64_t value = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        value = value * 10 + (*p - '0');
        if (value > max_width)
            value = max_width + 1;   // keep consuming digits without overflowing
    }
    return clamp_width(value);
}

void parse_flags(const char*& p, Spec& spec)
{
    for (;; ++p) {
        switch (*p) {
        case '-': spec.left = true; break;
        case '0': spec.zero = true; break;
        case '+': spec.plus = true; break;
        case ' ': spec.space = true; break;
        case '#': spec.alt = true; break;
        default: return;
        }
    }
}

void parse_width(const char*& p, Spec& spec, Args& args)
{
    if (*p != '*') {
        spec.width = parse_number(p);
        return;
    }
    ++p;
    int64_t width = va_arg(args.list, int);   // 64 bits: -INT_MIN must not overflow
    if (width < 0) {   // C: a negative * width means '-' and its magnitude
        spec.left = true;
        width = -width;
    }
    spec.width = clamp_width(width);
}

void parse_precision(const char*& p, Spec& spec, Args& args)
{
    if (*p != '.')
        return;
    ++p;
    if (*p != '*') {
        spec.precision = parse_number(p);   // "." alone means 0
        return;
    }
    ++p;
    int precision = va_arg(args.list, int);
    spec.precision = precision < 0 ? -1 : clamp_width(precision);   // negative: as if omitted
}

void parse_length(const char*& p, Spec& spec)
{
    switch (*p) {
    case 'h':
        spec.length = p[1] == 'h' ? Length::hh : Length::h;
        p += spec.length == Length::hh ? 2 : 1;
        break;
    case 'l':
        spec.length = p[1] == 'l' ? Length::ll : Length::l;
        p += spec.length == Length::ll ? 2 : 1;
        break;
    case 'z': spec.length = Length::z; ++p; break;
    case 'j': spec.length = Length::j; ++p; break;
    case 't': spec.length = Length::t; ++p; break;
    default: break;
    }
}

// Emits the conversion described by spec; returns false for an unknown one.
bool emit_conversion(Out& out, const Spec& spec, Args& args)
{
    switch (spec.conversion) {
    case 'd':
    case 'i': {
        int64_t v = read_signed(args, spec.length);
        uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        emit_integer(out, spec, magnitude, v < 0, true, 10, false);
        return true;
    }
    case 'u': emit_integer(out, spec, read_unsigned(args, spec.length), false, false, 10, false); return true;
    case 'x': emit_integer(out, spec, read_unsigned(args, spec.length), false, false, 16, false); return true;
    case 'X': emit_integer(out, spec, read_unsigned(args, spec.length), false, false, 16, true); return true;
    case 'o': emit_integer(out, spec, read_unsigned(args, spec.length), false, false, 8, false); return true;
    case 'c': emit_char(out, spec, static_cast<char>(va_arg(args.list, int))); return true;
    case 's': emit_string(out, spec, va_arg(args.list, const char*)); return true;
    case 'p': emit_pointer(out, spec, va_arg(args.list, const void*)); return true;
    case '%': out.put("%", 1); return true;
    default: return false;
    }
}

} // namespace

size_t vformat(const Sink& sink, const char* fmt, va_list list)
{
    Out out(sink);
    Args args;
    va_copy(args.list, list);
    const char* p = fmt;
    while (*p != '\0') {
        const char* literal = p;
        while (*p != '\0' && *p != '%')
            ++p;
        out.put(literal, static_cast<size_t>(p - literal));
        if (*p == '\0')
            break;

        const char* start = p++;   // at the '%'
        Spec spec;
        parse_flags(p, spec);
        parse_width(p, spec, args);
        parse_precision(p, spec, args);
        parse_length(p, spec);
        spec.conversion = *p;
        if (*p == '\0') {   // the format ends inside a conversion: print it as written
            out.put(start, static_cast<size_t>(p - start));
            break;
        }
        ++p;
        if (!emit_conversion(out, spec, args))
            out.put(start, static_cast<size_t>(p - start));
    }
    va_end(args.list);
    return out.count();
}

size_t format(const Sink& sink, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t n = vformat(sink, fmt, args);
    va_end(args);
    return n;
}

namespace {

// snprintf's sink: keeps what fits in buffer[0..capacity), counts the rest.
struct Buffer {
    char* data;
    size_t capacity;   // bytes available for text (size - 1: room for the NUL)
    size_t used;

    static void put(void* context, const char* text, size_t length)
    {
        auto* self = static_cast<Buffer*>(context);
        size_t room = self->capacity - self->used;
        size_t n = length < room ? length : room;
        for (size_t i = 0; i < n; ++i)
            self->data[self->used + i] = text[i];
        self->used += n;
    }
};

} // namespace

int vsnprintf(char* buffer, size_t size, const char* fmt, va_list args)
{
    Buffer target{buffer, size > 0 ? size - 1 : 0, 0};
    size_t n = vformat(Sink{&Buffer::put, &target}, fmt, args);
    if (size > 0)
        buffer[target.used] = '\0';
    return n > INT_MAX ? INT_MAX : static_cast<int>(n);
}

int snprintf(char* buffer, size_t size, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(buffer, size, fmt, args);
    va_end(args);
    return n;
}

} // namespace rt
