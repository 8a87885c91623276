// The shell's command-line parser: splits a line into words and reads the
// shell's notations (FS:PROGRAM, FS:/path, numbers, ';' and '&' between commands). No I/O and
// no heap, so the host unit tests (tests/unit/msh) exercise it as it runs in
// Arc.
//
// Words are separated by blanks; there is no quoting: the arguments reach a
// program as one blank-separated string (art::Op::execute), so quotes could
// not survive the trip anyway.
#pragma once
#include <stdint.h>
#include "arc/protocol/fs.h"
#include "arc/protocol/naming.h"
#include "line_editor.h"
#include "rt/number.h"

namespace msh {

class Words {
public:
    static constexpr size_t max_words = 32;

    enum class Error { none, too_many_words };

    // Splits `line` at blanks (and tabs). The words live in this object.
    Error split(const char* line);

    size_t count() const { return count_; }
    const char* operator[](size_t i) const { return i < count_ ? words_[i] : ""; }

    // Words [first, count()) joined by single blanks into `out`; false (and
    // `out` cut short) if they do not fit in `capacity` bytes with the NUL.
    bool join(size_t first, char* out, size_t capacity) const;

    // Makes word `i` `text`, which must outlive this object's use (for
    // substitutions such as $!).
    void replace(size_t i, const char* text);

    // Drops the first `n` words (for commands that run other commands).
    void drop_front(size_t n);
    // Drops the last `n` words (echo's "> FS:/path").
    void drop_back(size_t n) { count_ -= n < count_ ? n : count_; }


private:
    char storage_[LineEditor::max_line + 1] = {};
    const char* words_[max_words] = {};
    size_t count_ = 0;
};

// A typed line is a list of commands, as in sh: ';' ends one that runs to
// its end before the next, '&' one that runs in the background. Copies the
// next command from `cursor` into `out` (blanks at its ends trimmed) and
// moves `cursor` past its separator; false when the line is used up.
// `background`: it ended with '&'.
bool next_command(const char*& cursor, char* out, size_t capacity, bool& background);

// "fs:program" is a program to start; anything else is a built-in command.
bool is_program(const char* word);

// A file system and a path on it, from "fs:/path".
struct FsPath {
    char fs[arc::naming::max_name + 1] = {};
    char path[arc::fs::max_path + 1] = {};
};

enum class PathError {
    none,
    no_file_system,      // no "fs:" in front
    bad_file_system,     // empty, too long, or not a name
    path_too_long,
    no_program,          // "fs:" with nothing after it
};

// "ram:/system" -> ram, /system. "ram:" is the root; "ram:hello" means
// "/hello" (there is no current directory).
PathError parse_path(const char* text, FsPath& out);

// Checks "fs:program": a valid file system name and a non-empty program.
PathError check_program(const char* word);

const char* describe(PathError e);

// Decimal, or hexadecimal after 0x (rt/number.h).
using rt::parse_number;

// A byte count as a person reads it: "512 B", "4.0 KiB", "12 KiB", "1.5 MiB"
// (one decimal below 10 units, truncated). Returns `out`.
const char* format_size(uint64_t bytes, char* out, size_t capacity);

} // namespace msh
