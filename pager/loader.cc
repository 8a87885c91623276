#include "loader.h"
#include "arc/client.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "arc/protocol/fs.h"
#include "arc/protocol/naming.h"
#include "l4/l4.h"
#include "rt/format.h"
#include "rt/heap.h"
#include "rt/string.h"

namespace p3 {

namespace {

using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;

constexpr size_t max_program_size = 8u << 20;

// A file system server still starting (at boot) gets two seconds to register.
constexpr L4_Word_t wait_for_fs_ms = 2000;

Status naming_lookup(L4_ThreadId_t naming, const char* name, L4_ThreadId_t& server)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::naming::Op::wait_for));
    w.string(name).word(wait_for_fs_ms);
    L4_MsgTag_t reply;
    Status s = arc::call(naming, w, &reply, L4_TimePeriod(wait_for_fs_ms * 1000ull));
    if (s == Status::unavailable)
        s = Status::not_found;
    if (s == Status::ok && !MessageReader(reply).thread(server))
        return Status::bad_request;
    return s;
}

Status fs_open(L4_ThreadId_t fs, const char* path, L4_Word_t& handle, L4_Word_t& size)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::fs::Op::open));
    w.string(path);
    L4_MsgTag_t reply;
    Status s = arc::call(fs, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    L4_Word_t type;
    if (!r.word(handle) || !r.word(type) || !r.word(size))
        return Status::bad_request;
    return static_cast<arc::fs::FileType>(type) == arc::fs::FileType::directory ? Status::is_a_directory
                                                                                 : Status::ok;
}

Status fs_read(L4_ThreadId_t fs, L4_Word_t handle, L4_Word_t offset, uint8_t* out, L4_Word_t wanted, size_t& got)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::fs::Op::read));
    w.word(handle).word(offset).word(wanted);
    L4_MsgTag_t reply;
    Status s = arc::call(fs, w, &reply);
    if (s != Status::ok)
        return s;
    MessageReader r(reply);
    return r.bytes(out, wanted, got) ? Status::ok : Status::bad_request;
}

void fs_close(L4_ThreadId_t fs, L4_Word_t handle)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::fs::Op::close));
    w.word(handle);
    arc::call(fs, w);
}

const uint8_t* read_file(const Job& job, size_t& size, Status& why)
{
    L4_ThreadId_t fs;
    if ((why = naming_lookup(job.naming, job.fs, fs)) != Status::ok) {
        why = why == Status::not_found ? Status::unavailable : why;
        return nullptr;
    }
    L4_Word_t handle, length;
    if ((why = fs_open(fs, job.path, handle, length)) != Status::ok)
        return nullptr;
    uint8_t* buffer = length <= max_program_size ? static_cast<uint8_t*>(malloc(length ? length : 1)) : nullptr;
    if (!buffer) {
        fs_close(fs, handle);
        why = length > max_program_size ? Status::too_long : Status::no_memory;
        return nullptr;
    }
    for (L4_Word_t done = 0; done < length;) {
        L4_Word_t wanted = length - done < arc::fs::max_read ? length - done : arc::fs::max_read;
        size_t got = 0;
        if ((why = fs_read(fs, handle, done, buffer + done, wanted, got)) != Status::ok || got == 0) {
            why = why == Status::ok ? Status::io_error : why;
            fs_close(fs, handle);
            free(buffer);
            return nullptr;
        }
        done += static_cast<L4_Word_t>(got);
    }
    fs_close(fs, handle);
    size = length;
    why = Status::ok;
    return buffer;
}

} // namespace

bool get_job(Job& job)
{
    L4_MsgTag_t reply;
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::get_job));
    if (arc::call(L4_Pager(), w, &reply) != Status::ok)
        return false;
    MessageReader r(reply);
    L4_Word_t source;
    return r.thread(job.main) && r.word(job.pid) && r.thread(job.naming) && r.word(source) &&
           r.word(job.image_address) && r.word(job.image_size) && r.string(job.fs, sizeof(job.fs)) &&
           r.string(job.path, sizeof(job.path)) && r.string(job.args, sizeof(job.args)) &&
           r.string(job.name, sizeof(job.name)) &&
           ((job.in_window = source == static_cast<L4_Word_t>(arc::art::ImageSource::window)), true);
}

const uint8_t* read_image(const Job& job, size_t& size, Status& why, char* message, size_t message_size)
{
    if (job.in_window) {
        size = job.image_size;
        why = Status::ok;
        return reinterpret_cast<const uint8_t*>(job.image_address);
    }
    const uint8_t* bytes = read_file(job, size, why);
    if (!bytes)                       // the shell prints "fs:path: <status>" itself
        strlcpy(message, arc::describe(why), message_size);
    return bytes;
}

} // namespace p3
