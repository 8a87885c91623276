// sharetest: two processes share a page through their P3s (004 figure 4.6).
// Run without arguments it is the owner: it starts a second sharetest (the
// partner) through ART, shares one of its pages with it, and checks what
// the partner wrote there. The partner maps the page (its P3 puts it at the
// start of the mapped range), reads the owner's word, writes its own, and exits.
// "sharetest revoke": the owner leaves while the partner still maps the
// page; the partner's next access must fault (ART revoked it), so the
// partner prints "... without a fault" only if revocation failed.
#include "arc/art.h"
#include "arc/layout.h"
#include "arc/pager.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/format.h"
#include "rt/print.h"

namespace {

constexpr L4_Word_t owner_word = 0x5ea7ed01, partner_word = 0x5ea7ed02;
constexpr unsigned attempts = 200;

alignas(4096) volatile L4_Word_t page[1024];       // the owner's page

L4_Word_t parse(const char* s, unsigned base)
{
    L4_Word_t v = 0;
    for (; *s; ++s)
        v = v * base + static_cast<L4_Word_t>(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
    return v;
}

int partner(L4_Word_t owner, L4_Word_t address, bool hold)
{
    // The owner shares the page once it knows our pid: until then, not permitted.
    arc::Status s = arc::Status::not_permitted;
    L4_Word_t where = 0;
    for (unsigned i = 0; i < attempts && s == arc::Status::not_permitted; ++i) {
        s = arc::pager::map_session(owner, address, 1, where);
        if (s == arc::Status::not_permitted)
            L4_Sleep(L4_TimePeriod(10000));
    }
    if (s != arc::Status::ok) {
        rt::print("sharetest: partner: map_session: %s\n", arc::describe(s));
        return 2;
    }
    if (where != arc::layout::mapped_start) {
        rt::print("sharetest: partner: the page is at %08x, not at the start of the mapped range\n", where);
        return 2;
    }
    auto* shared = reinterpret_cast<volatile L4_Word_t*>(where);
    if (shared[0] != owner_word) {
        rt::print("sharetest: partner: read %08x, not the owner's word\n", shared[0]);
        return 3;
    }
    shared[1] = partner_word;
    if (!hold)
        return 0;
    L4_Sleep(L4_TimePeriod(300000));                  // the owner leaves meanwhile
    L4_Word_t after = shared[0];                     // must fault: the page was revoked
    rt::print("sharetest: partner: read %08x after the owner ended, without a fault\n", after);
    return 4;
}

int owner(bool leave_early)
{
    page[0] = owner_word;
    char args[40];
    rt::snprintf(args, sizeof(args), "%u %x%s", arc::startup()->pid, reinterpret_cast<L4_Word_t>(page),
                 leave_early ? " hold" : "");
    L4_Word_t pid;
    arc::Status s = arc::art::execute("ram:sharetest", args, pid);
    if (s != arc::Status::ok) {
        rt::print("sharetest: cannot start the partner: %s\n", arc::describe(s));
        return 1;
    }
    s = arc::pager::share(reinterpret_cast<L4_Word_t>(page), pid, L4_ReadWriteOnly);
    if (s != arc::Status::ok) {
        rt::print("sharetest: share: %s\n", arc::describe(s));
        return 1;
    }
    if (leave_early) {
        for (unsigned i = 0; i < attempts && page[1] != partner_word; ++i)
            L4_Sleep(L4_TimePeriod(10000));
        // While the partner maps it, the page is not the owner's to share anew.
        if (arc::pager::share(reinterpret_cast<L4_Word_t>(page), pid, L4_ReadWriteOnly) != arc::Status::busy) {
            rt::print("sharetest: a page was shared anew while its partner mapped it\n");
            return 1;
        }
        rt::print("sharetest: owner leaves while process %u maps its page\n", pid);
        return page[1] == partner_word ? 0 : 1;
    }
    arc::art::ExitInfo end;
    s = arc::art::wait(pid, end);
    if (s != arc::Status::ok || end.code != 0) {
        rt::print("sharetest: the partner ended badly (%s, %d)\n", arc::describe(s), static_cast<int>(end.code));
        return 1;
    }
    if (page[1] != partner_word) {
        rt::print("sharetest: the partner's word did not arrive (%08x)\n", page[1]);
        return 1;
    }
    rt::print("sharetest: ok (page shared with process %u)\n", pid);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 3 || argc == 4)
        return partner(parse(argv[1], 10), parse(argv[2], 16), argc == 4);
    return owner(argc == 2);
}
