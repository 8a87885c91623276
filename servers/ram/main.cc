// The ram server: the file system `ram:` over the archive GRUB loaded as the
// boot module "ramfs" (tools/mkramfs.py makes it, arc/ramfs.h describes it).
// It finds the module in the KIP, asks its P3 to map it (ART grants it by
// the policy line `ram module ramfs`), validates the whole archive once,
// registers "ram" with the naming server and then answers protocol/fs.h
// requests forever. Read-only: nothing a client sends changes the archive.
#include "file_server.h"
#include "arc/fs.h"
#include "arc/message.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "l4/l4.h"
#include "rt/panic.h"
#include "rt/string.h"

namespace {

using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;
using Op = arc::fs::Op;

constexpr const char* module_name = "ramfs";
constexpr const char* service_name = "ram";
constexpr L4_Word_t page_size = 4096;

// --- start-up --------------------------------------------------------------------

const kapi::BootModule* find_module(const kapi::Kip& kip, const char* name)
{
    for (L4_Word_t i = 0; i < kip.module_count && i < kapi::kip_max_modules; ++i)
        if (strcmp(kip.modules[i].cmdline, name) == 0)
            return &kip.modules[i];
    return nullptr;
}

// The module's bytes in this process, through the P3's device mapping of
// the whole pages it occupies.
const uint8_t* map_module(const kapi::BootModule& m)
{
    L4_Word_t first = m.base & ~(page_size - 1);
    L4_Word_t end = (m.base + m.size + page_size - 1) & ~(page_size - 1);
    L4_Word_t address = 0;
    Status s = arc::pager::map_device(first, end - first, address);
    if (s != Status::ok)
        rt::panic("ram: cannot map the \"%s\" module (0x%x, %u bytes): %s", module_name, m.base, m.size,
                  arc::describe(s));
    return reinterpret_cast<const uint8_t*>(address + (m.base - first));
}

arc::ramfs::Archive open_archive()
{
    const kapi::BootModule* m = find_module(*L4_KernelInterface(), module_name);
    if (!m)
        rt::panic("ram: GRUB loaded no \"%s\" module", module_name);
    auto archive = arc::ramfs::Archive::open(map_module(*m), m->size);
    if (!archive) {
        char why[128];
        rt::panic("ram: %s", archive.status().describe(why, sizeof why));
    }
    return *archive;
}

// --- requests ----------------------------------------------------------------------

void reply_status(Status s) { MessageWriter(static_cast<L4_Word_t>(s)).load(); }

// A path string: at most fs::max_path bytes, no NUL inside. A string that
// fits a message but not the protocol is too long; one that does not even
// fit the message's words is malformed (the reader says so).
// Every word of the request was used: a longer message is not one the
// protocol knows.
bool complete(const MessageReader& r) { return r.ok() && r.remaining() == 0; }

// The words of an open (with the handle), stat or read_dir (with the name) reply.
void reply_info(const ram::Info& info, const L4_Word_t* handle = nullptr, bool with_name = false)
{
    MessageWriter w(static_cast<L4_Word_t>(Status::ok));
    if (handle)
        w.word(*handle);
    w.word(static_cast<L4_Word_t>(info.type)).word(info.size);
    if (with_name)
        w.string(info.name);
    w.load();
}

void do_open(ram::FileServer& fs, L4_ThreadId_t client, MessageReader& r)
{
    char path[arc::fs::max_path + 1];
    L4_Word_t mode = 0;
    if (!r.word(mode) || (mode & ~arc::fs::open_mode::all) != 0)
        return reply_status(Status::bad_request);
    if (mode != 0)
        return reply_status(Status::not_permitted);     // a read-only file system
    Status s = arc::fs::read_path(r, path);
    if (s == Status::ok && !complete(r))
        s = Status::bad_request;
    L4_Word_t handle = 0;
    ram::Info info;
    if (s == Status::ok)
        s = fs.open(client, path, handle, info);
    if (s != Status::ok)
        return reply_status(s);
    reply_info(info, &handle);
}

void do_read(ram::FileServer& fs, L4_ThreadId_t client, MessageReader& r)
{
    L4_Word_t handle, offset, length;
    if (!r.word(handle) || !r.word(offset) || !r.word(length) || !complete(r))
        return reply_status(Status::bad_request);
    const uint8_t* data = nullptr;
    size_t count = 0;
    Status s = fs.read(client, handle, offset, length, data, count);
    if (s != Status::ok)
        return reply_status(s);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).bytes(data, count).load();
}

void do_close(ram::FileServer& fs, L4_ThreadId_t client, MessageReader& r)
{
    L4_Word_t handle;
    if (!r.word(handle) || !complete(r))
        return reply_status(Status::bad_request);
    return reply_status(fs.close(client, handle));
}

void do_stat(const ram::FileServer& fs, MessageReader& r)
{
    char path[arc::fs::max_path + 1];
    Status s = arc::fs::read_path(r, path);
    if (s == Status::ok && !complete(r))
        s = Status::bad_request;
    ram::Info info;
    if (s == Status::ok)
        s = fs.stat(path, info);
    if (s != Status::ok)
        return reply_status(s);
    reply_info(info);
}

void do_read_dir(const ram::FileServer& fs, MessageReader& r)
{
    char path[arc::fs::max_path + 1];
    L4_Word_t index = 0;
    Status s = arc::fs::read_path(r, path);
    if (s == Status::ok && (!r.word(index) || !complete(r)))
        s = Status::bad_request;
    ram::Info info;
    if (s == Status::ok)
        s = fs.read_dir(path, index, info);
    if (s != Status::ok)
        return reply_status(s);
    reply_info(info, nullptr, true);
}

// Decodes one request and loads its reply into the message registers.
void dispatch(ram::FileServer& fs, L4_ThreadId_t client, L4_MsgTag_t tag)
{
    MessageReader r(tag);
    if (L4_TypedWords(tag) != 0)            // nothing in this protocol maps or grants
        return reply_status(Status::bad_request);
    switch (static_cast<Op>(L4_Label(tag))) {
    case Op::open: return do_open(fs, client, r);
    case Op::read: return do_read(fs, client, r);
    case Op::close: return do_close(fs, client, r);
    case Op::stat: return do_stat(fs, r);
    case Op::read_dir: return do_read_dir(fs, r);
    // The boot archive is read-only.
    case Op::write:
    case Op::make_directory:
    case Op::remove:
    case Op::rename:
    case Op::sync: return reply_status(Status::not_permitted);
    }
    reply_status(Status::bad_request);
}

[[noreturn]] void serve(ram::FileServer& fs)
{
    L4_ThreadId_t client;
    L4_MsgTag_t tag = L4_Wait(&client);
    for (;;) {
        // A failed receive, or a reply the client was no longer waiting for
        // (it died, or sent without receiving): wait for the next request.
        if (L4_IpcFailed(tag)) {
            tag = L4_Wait(&client);
            continue;
        }
        dispatch(fs, client, tag);
        tag = L4_ReplyWait(client, &client);
    }
}

} // namespace

int main()
{
    ram::FileServer fs(open_archive());
    // Quiet when all is well: the shell's prompt may be on the screen already.
    Status s = arc::naming::register_name(service_name);
    if (s != Status::ok)
        rt::panic("ram: cannot register \"%s\": %s", service_name, arc::describe(s));
    serve(fs);
}
