// ART, the Arc Root Task (004, appendix B): takes all memory from sigma0,
// reads the ram archive GRUB loaded, and starts the boot servers and the
// shell, each under its own per-process pager; then serves page faults of
// the P3s and requests for processes, memory and devices, forever.
#include "memory.h"
#include "pci.h"
#include "policy.h"
#include "recovery_policies.h"
#include "process.h"
#include "server.h"
#include "arc/ramfs.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace {

constexpr L4_Word_t art_priority = 150;    // above every process: page faults first

// The boot configuration: read once at start (the recovery policies change
// at run time too: the shell's `recovery`).
art::Policy policy;
art::RecoveryPolicies recovery;

[[noreturn]] void fail(const char* what)
{
    rt::print("art: %s; cannot go on\n", what);
    L4_KDB_Shutdown(kapi::exit_code::fail);
    for (;;)
        L4_Sleep(L4_Never);
}

// GRUB's module string is the name ("ramfs"); other loaders put the file's
// path first ("/boot/ramfs ramfs"): the name is the last word either way.
const kapi::BootModule* module_named(const kapi::Kip& kip, const char* name)
{
    for (L4_Word_t i = 0; i < kip.module_count; ++i) {
        const char* s = kip.modules[i].cmdline;
        const char* last = strrchr(s, ' ');
        if (strcmp(last ? last + 1 : s, name) == 0)
            return &kip.modules[i];
    }
    return nullptr;
}

arc::ramfs::File boot_file(const arc::ramfs::Archive& archive, const char* name)
{
    auto f = archive.find(name);
    if (!f.ok() || f->is_directory()) {
        char message[96];
        rt::snprintf(message, sizeof(message), "the ram archive has no file \"%s\"", name);
        fail(message);
    }
    return *f;
}

// Parses the boot file `name` into `table` (the device policy or the
// restart policies: both parse the same way); a bad line stops the boot.
template <typename Table>
void read_table(const arc::ramfs::Archive& archive, const char* name, Table& table)
{
    arc::ramfs::File f = boot_file(archive, name);
    unsigned line;
    const char* reason;
    if (!table.parse(reinterpret_cast<const char*>(f.data), f.size, line, reason)) {
        rt::print("art: %s line %u: %s\n", name, line, reason);
        char message[64];
        rt::snprintf(message, sizeof(message), "the %s file is malformed", name);
        fail(message);
    }
}

// Each line of `startup`: a program in the archive and its arguments.
void start_boot_programs(const arc::ramfs::Archive& archive)
{
    arc::ramfs::File list = boot_file(archive, "startup");
    const char* text = reinterpret_cast<const char*>(list.data);
    for (size_t i = 0; i < list.size;) {
        char line[128];
        size_t n = 0;
        while (i < list.size && text[i] != '\n') {
            if (n + 1 < sizeof(line))
                line[n++] = text[i];
            ++i;
        }
        ++i;
        line[n] = '\0';
        char* program = line;
        while (*program == ' ')
            ++program;
        if (!*program || *program == '#')
            continue;
        char* args = strchr(program, ' ');
        if (args)
            *args++ = '\0';
        arc::ramfs::File image = boot_file(archive, program);
        arc::Status why;
        art::Process* p = art::process_start(program, args, image.data, image.size, why);
        if (!p) {
            rt::print("art: cannot start %s: %s\n", program, arc::describe(why));
            continue;
        }
        if (strcmp(program, "naming") == 0)
            art::set_naming_thread(p->main);
        rt::print("art: started %s (process %u)\n", program, p->pid);
    }
}

} // namespace

int main()
{
    const kapi::Kip* kip = L4_KernelInterface();
    rt::print("art: Arc root task\n");
    L4_Set_Priority(L4_Myself(), art_priority);
    art::memory_init(*kip);

    const kapi::BootModule* m = module_named(*kip, "ramfs");
    if (!m)
        fail("GRUB loaded no module \"ramfs\"");
    auto archive = arc::ramfs::Archive::open(art::module_bytes(*m), m->size);
    if (!archive.ok()) {
        char why[128];
        rt::print("art: %s\n", archive.status().describe(why, sizeof(why)));
        fail("the ram archive is unusable");
    }
    read_table(*archive, "policy", policy);
    rt::print("art: policy: %u rules\n", policy.rule_count());
    read_table(*archive, "recovery", recovery);
    art::pci::scan();                  // before any driver runs: sizing BARs moves them for a moment
    arc::ramfs::File p3 = boot_file(*archive, "p3");
    if (!art::processes_init(p3.data, p3.size))
        fail("no pager program");
    start_boot_programs(*archive);
    art::serve(policy, recovery);
}
