#include "loader.h"
#include "arc/client.h"
#include "arc/message.h"
#include "arc/art.h"
#include "arc/protocol/art.h"
#include "arc/fs.h"
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

const uint8_t* read_file(const Job& job, size_t& size, Status& why)
{
    L4_ThreadId_t fs;
    if ((why = naming_lookup(job.naming, job.fs, fs)) != Status::ok)
        return nullptr;
    L4_Word_t handle;
    arc::fs::Info info;
    if ((why = arc::fs::open(fs, job.path, handle, &info)) != Status::ok)
        return nullptr;
    if (info.type == arc::fs::FileType::directory || info.size > max_program_size) {
        arc::fs::close(fs, handle);
        why = info.type == arc::fs::FileType::directory ? Status::is_a_directory : Status::too_long;
        return nullptr;
    }
    auto* buffer = static_cast<uint8_t*>(malloc(info.size ? info.size : 1));
    size_t got = 0;
    why = buffer ? arc::fs::read(fs, handle, 0, buffer, info.size, got) : Status::no_memory;
    arc::fs::close(fs, handle);
    if (why == Status::ok && got != info.size)
        why = Status::io_error;                   // the file ended before its size
    if (why != Status::ok) {
        free(buffer);
        return nullptr;
    }
    size = info.size;
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
           r.string(job.name, sizeof(job.name)) && arc::art::read_plan(r, job.faults) &&
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
