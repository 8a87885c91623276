#include "malformed.h"
#include "arc/client.h"
#include "arc/protocol/display.h"
#include "rt/print.h"

namespace gfxgrab {

namespace {

using arc::Status;
using Op = arc::display::Op;

constexpr L4_Word_t unknown_label = 0x1a7f;
constexpr L4_Word_t no_word = ~0u;               // the end of a request's words below

struct Case {
    const char* what;
    L4_Word_t label;
    L4_Word_t words[4];                          // up to the first no_word
    Status expected;
};

// Asked by a process that does not hold the screen.
constexpr Case cases[] = {
    {"an unknown operation", unknown_label, {no_word}, Status::bad_request},
    {"acquire without a pid", static_cast<L4_Word_t>(Op::acquire), {no_word}, Status::bad_request},
    {"acquire for pid 0", static_cast<L4_Word_t>(Op::acquire), {0, no_word}, Status::bad_request},
    {"a mode without a depth", static_cast<L4_Word_t>(Op::set_mode), {640, 480, no_word}, Status::bad_request},
    {"a mode by a non-holder", static_cast<L4_Word_t>(Op::set_mode), {640, 480, 32, no_word},
     Status::not_permitted},
    {"a page without its number", static_cast<L4_Word_t>(Op::show_page), {no_word}, Status::bad_request},
    {"a page by a non-holder", static_cast<L4_Word_t>(Op::show_page), {0, no_word}, Status::not_permitted},
    {"no palette entries", static_cast<L4_Word_t>(Op::set_palette), {0, 0, no_word}, Status::bad_request},
    {"too many palette entries", static_cast<L4_Word_t>(Op::set_palette), {0, 49, no_word}, Status::bad_request},
    {"fewer palette entries than said", static_cast<L4_Word_t>(Op::set_palette), {0, 2, 0xffffff, no_word},
     Status::bad_request},
    {"a palette by a non-holder", static_cast<L4_Word_t>(Op::set_palette), {0, 1, 0xffffff, no_word},
     Status::not_permitted},
    {"a release by a non-holder", static_cast<L4_Word_t>(Op::release), {no_word}, Status::not_permitted},
    {"mode information without an index", static_cast<L4_Word_t>(Op::mode_info), {no_word}, Status::bad_request},
    {"mode information past the last", static_cast<L4_Word_t>(Op::mode_info), {1000, no_word},
     Status::end_of_directory},
};

Status ask(L4_ThreadId_t server, const Case& c)
{
    arc::MessageWriter w(c.label);
    for (L4_Word_t word : c.words) {
        if (word == no_word)
            break;
        w.word(word);
    }
    return arc::call(server, w);
}

} // namespace

int check_malformed(L4_ThreadId_t server)
{
    unsigned wrong = 0;
    for (const Case& c : cases) {
        Status s = ask(server, c);
        if (s != c.expected) {
            rt::print("gfxgrab: %s: answered %s, not %s\n", c.what, arc::describe(s), arc::describe(c.expected));
            ++wrong;
        }
    }
    // And it still answers a good one.
    arc::MessageWriter w(static_cast<L4_Word_t>(Op::mode_info));
    w.word(0);
    if (Status s = arc::call(server, w); s != Status::ok) {
        rt::print("gfxgrab: the first mode's information: %s\n", arc::describe(s));
        ++wrong;
    }
    if (wrong)
        return 1;
    rt::print("gfxgrab: %u malformed requests refused, each with its error\n",
              static_cast<unsigned>(sizeof(cases) / sizeof(cases[0])));
    return 0;
}

} // namespace gfxgrab
