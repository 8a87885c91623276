// lpr FS:/file [SERVER]: prints a file on the parallel port through its
// driver (servers/parallel; SERVER is the name it registered, by default
// "lpt"). The file comes through arc::fs::Client as cat reads it, and goes
// to the driver in requests of at most arc::parallel::max_print bytes.
#include "arc/fs_client.h"
#include "arc/naming.h"
#include "arc/parallel.h"
#include "arc/protocol/parallel.h"
#include "commands.h"
#include "rt/print.h"
#include "shell.h"

namespace msh {

namespace {

using arc::Status;

// Contents on their way to the printer: static, not on the stack.
char buffer[arc::fs::Client::session_pages * 4096];

// The file to print, open on its file system; Detach()es when done.
struct OpenFile {
    ~OpenFile()
    {
        if (open)
            fs.Close(handle);
        fs.Detach();
    }

    // False, after saying why ("lpr: ext2:/x: not found").
    bool open_file(const char* typed)
    {
        FsPath where;
        PathError e = parse_path(typed, where);
        if (e != PathError::none) {
            fail("lpr: %s: %s", typed, describe(e));
            return false;
        }
        L4_ThreadId_t server;
        Status s = arc::naming::lookup(where.fs, server);
        if (s == Status::not_found) {
            fail("lpr: %s: no file system called '%s'", typed, where.fs);
            return false;
        }
        if (s == Status::ok)
            s = fs.Attach(server);
        arc::fs::Info info;
        if (s == Status::ok)
            s = fs.Open(where.path, handle, &info);
        open = s == Status::ok;
        if (open && info.type == arc::fs::FileType::directory)
            s = Status::is_a_directory;
        if (s != Status::ok) {
            fail("lpr: %s: %s", typed, arc::describe(s));
            return false;
        }
        return true;
    }

    arc::fs::Client fs;
    L4_Word_t handle = 0;
    bool open = false;
};

} // namespace

int cmd_lpr(Words& words)
{
    if (words.count() < 2 || words.count() > 3)
        return fail("lpr: usage: lpr FS:/file [SERVER] (e.g. lpr ram:/policy; SERVER by default %s)",
                    arc::parallel::name);
    const char* typed = words[1];
    const char* driver = words.count() == 3 ? words[2] : arc::parallel::name;
    OpenFile file;
    if (!file.open_file(typed))
        return failure;
    L4_ThreadId_t printer;
    Status s = arc::naming::lookup(driver, printer);
    if (s == Status::not_found)
        return fail("lpr: no printer driver called '%s' (start one: ram:parallel &)", driver);
    size_t total = 0;
    for (L4_Word_t offset = 0; s == Status::ok;) {
        size_t length = 0;
        s = file.fs.Read(file.handle, offset, buffer, sizeof buffer, length);
        if (s != Status::ok)
            return fail("lpr: %s: %s", typed, arc::describe(s));
        if (length == 0)
            break;
        size_t printed = 0;
        s = arc::parallel::print(printer, buffer, length, printed);
        total += printed;
        offset += static_cast<L4_Word_t>(length);
    }
    if (s != Status::ok)
        return fail("lpr: %s: %s after %u bytes", driver, arc::describe(s), static_cast<unsigned>(total));
    rt::print("lpr: %s: %u bytes printed on %s\n", typed, static_cast<unsigned>(total), driver);
    return success;
}

} // namespace msh
