#include "parser.h"
#include "rt/format.h"
#include "rt/string.h"

namespace msh {

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// File system names are what servers register with the naming server:
// letters, digits, '_' and '-'.
bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// Validates the "fs" of "fs:..." (length `n`) and copies it to `out`.
PathError take_fs(const char* text, size_t n, char* out, size_t capacity)
{
    if (n == 0 || n >= capacity)
        return PathError::bad_file_system;
    for (size_t i = 0; i < n; ++i)
        if (!is_name_char(text[i]))
            return PathError::bad_file_system;
    memcpy(out, text, n);
    out[n] = '\0';
    return PathError::none;
}

} // namespace

Words::Error Words::split(const char* line)
{
    strlcpy(storage_, line, sizeof storage_);
    count_ = 0;
    char* p = storage_;
    for (;;) {
        while (is_blank(*p))
            *p++ = '\0';
        if (*p == '\0')
            return Error::none;
        if (count_ == max_words)
            return Error::too_many_words;
        words_[count_++] = p;
        while (*p && !is_blank(*p))
            ++p;
    }
}

bool Words::join(size_t first, char* out, size_t capacity) const
{
    if (capacity == 0)
        return false;
    out[0] = '\0';
    bool fits = true;
    for (size_t i = first; i < count_; ++i) {
        if (i > first)
            fits = strlcat(out, " ", capacity) < capacity && fits;
        fits = strlcat(out, words_[i], capacity) < capacity && fits;
    }
    return fits;
}

void Words::replace(size_t i, const char* text)
{
    if (i < count_)
        words_[i] = text;
}

void Words::drop_front(size_t n)
{
    if (n > count_)
        n = count_;
    for (size_t i = n; i < count_; ++i)
        words_[i - n] = words_[i];
    count_ -= n;
}

bool next_command(const char*& cursor, char* out, size_t capacity, bool& background)
{
    while (*cursor == ' ' || *cursor == '\t')
        ++cursor;
    if (!*cursor || capacity == 0)
        return false;
    size_t n = 0;
    while (*cursor && *cursor != ';' && *cursor != '&') {
        if (n + 1 < capacity)
            out[n++] = *cursor;
        ++cursor;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        --n;
    out[n] = '\0';
    background = *cursor == '&';
    if (*cursor)
        ++cursor;
    return true;
}

bool is_program(const char* word) { return strchr(word, ':') != nullptr; }

PathError parse_path(const char* text, FsPath& out)
{
    out = FsPath{};
    const char* colon = strchr(text, ':');
    if (!colon)
        return PathError::no_file_system;
    PathError e = take_fs(text, static_cast<size_t>(colon - text), out.fs, sizeof out.fs);
    if (e != PathError::none)
        return e;
    const char* path = colon + 1;
    if (*path != '/')
        strlcpy(out.path, "/", sizeof out.path);
    if (strlcat(out.path, path, sizeof out.path) >= sizeof out.path)
        return PathError::path_too_long;
    return PathError::none;
}

PathError check_program(const char* word)
{
    FsPath p;
    PathError e = parse_path(word, p);
    if (e == PathError::none && strcmp(p.path, "/") == 0)
        return PathError::no_program;
    return e;
}

const char* describe(PathError e)
{
    switch (e) {
    case PathError::none: return "ok";
    case PathError::no_file_system: return "bad path (expected FS:/path, e.g. ram:/)";
    case PathError::bad_file_system: return "bad file system name";
    case PathError::path_too_long: return "path too long";
    case PathError::no_program: return "no program name after the colon";
    }
    return "bad path";
}

const char* format_size(uint64_t bytes, char* out, size_t capacity)
{
    static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    constexpr uint64_t step = 1024;
    size_t unit = 0;
    uint64_t whole = bytes;
    uint64_t rest = 0;           // the remainder below `whole`, in the unit below
    while (whole >= step && unit + 1 < sizeof units / sizeof units[0]) {
        rest = whole % step;
        whole /= step;
        ++unit;
    }
    if (unit == 0)
        rt::snprintf(out, capacity, "%u B", static_cast<unsigned>(whole));
    else if (whole < 10)
        rt::snprintf(out, capacity, "%u.%u %s", static_cast<unsigned>(whole),
                     static_cast<unsigned>(rest * 10 / step), units[unit]);
    else
        rt::snprintf(out, capacity, "%u %s", static_cast<unsigned>(whole), units[unit]);
    return out;
}

} // namespace msh
