// msh, the Arc micro shell (004, figure 4.11 and appendix D): reads lines from
// the console, starts programs from file systems through ART (FS:PROGRAM
// args) and runs a few built-in commands (help lists them).
#include "line_editor.h"
#include "rt/print.h"
#include "shell.h"
#include "terminal.h"

namespace {
constexpr const char* banner = "Arc operating system, version 0.1\n"
                               "Welcome to Arc Micro Shell. Enjoy!\n";
constexpr const char* prompt = "msh% ";

// Static: the editor holds a line and its history, a few KiB.
msh::Terminal terminal;
msh::LineEditor editor{msh::Terminal::sink()};

enum class Input { line, cancelled, closed };

// Feeds typed characters to the editor until a line is complete or abandoned.
Input read_line()
{
    for (;;) {
        char c;
        if (!terminal.next(c))
            return Input::closed;
        switch (editor.feed(c)) {
        case msh::LineEditor::Result::none: continue;
        case msh::LineEditor::Result::cancelled: return Input::cancelled;
        case msh::LineEditor::Result::line: return Input::line;
        }
    }
}
} // namespace

int main()
{
    if (!terminal.connect())
        return msh::fail("no console server");
    rt::print("%s", banner);
    for (;;) {
        rt::print("%s", prompt);
        Input in = read_line();
        if (in == Input::closed)
            return msh::fail("the console stopped answering");
        if (in == Input::line)
            msh::run_line(editor.line());
    }
}
