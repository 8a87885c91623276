// msh, the Arc micro shell (004, figure 4.11 and appendix D): reads lines from
// the console, starts programs from file systems through ART (FS:PROGRAM
// args) and runs a few built-in commands (help lists them).
#include "l4/syscalls.h"
#include "rt/string.h"
#include "arc/naming.h"
#include "line_editor.h"
#include "rt/print.h"
#include "shell.h"
#include "terminal.h"

namespace {
constexpr const char* banner = "Arc operating system, version 0.1\n"
                               "Welcome to Arc Micro Shell. Enjoy!\n";
constexpr const char* prompt = "msh% ";
// The boot file system: ART starts it just before the shell.
constexpr const char* boot_file_system = "ram";
constexpr L4_Word_t boot_file_system_wait_ms = 5000;

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

// Under `tools/arc bench` (kernel command line "bench"): how long the boot
// took until this first prompt, in guest instructions (-icount).
void report_boot_time()
{
    const kapi::Kip* kip = L4_KernelInterface();
    bool bench = false;
    for (const char* p = kip->cmdline; *p; ++p)
        if ((p == kip->cmdline || p[-1] == ' ') && strncmp(p, "bench", 5) == 0 && (p[5] == ' ' || !p[5]))
            bench = true;
    if (!bench)
        return;
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t now = (uint64_t(hi) << 32) | lo;
    uint64_t kernel_start = (uint64_t(kip->boot_tsc_high) << 32) | kip->boot_tsc_low;
    rt::print("BENCH boot_to_prompt_instructions %u (kernel entry to the first prompt; %u from the CPU's reset, "
              "firmware and GRUB included)\n",
              static_cast<unsigned>(now - kernel_start), static_cast<unsigned>(now));
}

int main()
{
    if (!terminal.connect())
        return msh::fail("no console server");
    // The boot servers print as they come up; waiting for the last of them
    // keeps their lines off the first prompt. Without it the shell still
    // runs (ls and programs then say what is missing).
    L4_ThreadId_t ram;
    if (arc::naming::wait_for(boot_file_system, ram, boot_file_system_wait_ms) != arc::Status::ok)
        msh::fail("no \"%s\" file system yet", boot_file_system);
    rt::print("%s", banner);
    report_boot_time();
    for (;;) {
        rt::print("%s", prompt);
        Input in = read_line();
        if (in == Input::closed)
            return msh::fail("the console stopped answering");
        if (in == Input::line)
            msh::run_line(editor.line());
    }
}
