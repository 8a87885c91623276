// wavplay [--server=NAME] [--meanwhile=FS:/other.wav] [--abandon=BLOCK] [--pause=BLOCK]
//         FS:/file.wav [EVERY KINDS SEED]
//
// The wave player (issue 6, 004 section 5.1.4): reads a WAV file from a
// file system (ext2:, ram:), checks that the Sound Blaster 16 can play it,
// and plays it through the driver NAME (audio, the direct driver, by
// default; audio-buffered the double-buffered one). With EVERY KINDS SEED
// (arc/fault_plan.h) ART arms a fault in the driver before every EVERY-th
// block, at a random one of the next injection points it passes (its
// interrupts' and its requests'), so that the driver fails while the card
// plays. With --meanwhile, once the card plays, a second wavplay process is
// started on the other file: the driver must refuse it the card (the test
// of a second owner; under -icount a sound is over before a person, or the
// test harness, could type the second command). With --abandon the player
// ends before block BLOCK without closing the card, as a crashed player
// would: the driver must stop the card by itself. With --pause the card is
// halted before block BLOCK for pause_ms, and goes on. What came out is judged
// outside the guest (tests/system/audio/compare_wav.py).
#include "wav.h"
#include "arc/art.h"
#include "arc/audio.h"
#include "arc/fault_plan.h"
#include "arc/fs_client.h"
#include "arc/naming.h"
#include "arc/pager.h"
#include "arc/protocol/audio.h"
#include "l4/l4.h"
#include "rt/format.h"
#include "rt/heap.h"
#include "rt/number.h"
#include "rt/options.h"
#include "rt/print.h"

namespace {

using arc::Status;

// The whole file is read before it plays (so that no file system call
// stands between an interrupt and the refill); larger files are refused.
constexpr size_t max_file = 8u << 20;
// Injection points one block passes in the driver, about: its interrupt
// (MainLoop's and two in the handler) and a request (the buffered Put).
constexpr uint32_t points_per_block = 4;
// How long --pause halts the card: longer than a half plays.
constexpr L4_Word_t pause_ms = 100;

Status read_file(const char* spec, uint8_t*& data, size_t& size)
{
    arc::fs::Client fs;
    const char* path;
    Status s = fs.Attach(spec, path);
    L4_Word_t handle = 0;
    arc::fs::Info info;
    if (s == Status::ok)
        s = fs.Open(path, handle, &info);
    if (s == Status::ok) {
        if (info.type == arc::fs::FileType::directory)
            s = Status::is_a_directory;
        else if (info.size > max_file)
            s = Status::too_long;
        else if (!(data = static_cast<uint8_t*>(malloc(info.size ? info.size : 1))))
            s = Status::no_memory;
        else
            s = fs.Read(handle, 0, data, info.size, size);
        fs.Close(handle);
    }
    fs.Detach();
    return s;
}

// The card's limits, said in words a user understands; false: unplayable.
bool playable(const char* file, const wav::Wave& w)
{
    if (!arc::audio::playable_bits(w.bits))
        rt::print("wavplay: %s: samples of %u bits: the Sound Blaster 16 plays 8 or 16\n", file, w.bits);
    else if (!arc::audio::playable_channels(w.channels))
        rt::print("wavplay: %s: %u channels: the Sound Blaster 16 plays 1 or 2\n", file, w.channels);
    else if (w.rate < arc::audio::min_rate || w.rate > arc::audio::max_rate)
        rt::print("wavplay: %s: %u Hz: the Sound Blaster 16 plays %u to %u Hz\n", file, w.rate,
                  arc::audio::min_rate, arc::audio::max_rate);
    else
        return true;
    return false;
}

// What happens before each block: a fault armed, the second player started.
struct BlockPlan {
    arc::FaultPlan* faults;
    const char* server;
    const char* meanwhile;       // the second player's file, or nullptr
    L4_Word_t abandon;           // the block before which we end without closing (0: none)
    L4_Word_t pause;             // the block before which the card halts a while (0: none)
    arc::audio::Player* player;
    L4_Word_t second = 0;        // its pid once started
    Status paused = Status::ok;  // how the pause and the resume went
};

// The second player starts once blocks 0 and 1 are out and the card plays.
constexpr L4_Word_t second_player_block = 2;

void before_block(void* context, L4_Word_t block)
{
    auto* plan = static_cast<BlockPlan*>(context);
    if (plan->faults->active())
        plan->faults->before(block + 1, points_per_block);
    if (plan->abandon && block == plan->abandon) {
        rt::print("wavplay: abandoning the card before block %u\n", block);
        arc::pager::exit(0);
    }
    if (plan->pause && block == plan->pause) {
        plan->paused = plan->player->Pause();
        L4_Sleep(L4_TimePeriod(pause_ms * 1000));
        if (Status s = plan->player->Resume(); plan->paused == Status::ok)
            plan->paused = s;
        rt::print("wavplay: paused %u ms before block %u: %s\n", static_cast<unsigned>(pause_ms), block,
                  arc::describe(plan->paused));
    }
    if (plan->meanwhile && block == second_player_block) {
        char arguments[160];
        rt::snprintf(arguments, sizeof arguments, "--server=%s %s", plan->server, plan->meanwhile);
        if (arc::art::execute("ram:wavplay", arguments, plan->second) != Status::ok)
            plan->second = 0;
    }
}

int usage()
{
    rt::print("usage: wavplay [--server=NAME] [--meanwhile=FS:/other.wav] [--abandon=BLOCK] [--pause=BLOCK]\n"
              "               FS:/file.wav [EVERY KINDS SEED]\n"
              "  NAME: audio (direct, the default) or audio-buffered\n"
              "  KINDS: comma-separated: null divide opcode loop panic wild\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const char* server = arc::audio::name;
    if (const char* name = rt::take_option(argc, argv, "--server="))
        server = name;
    const char* meanwhile = rt::take_option(argc, argv, "--meanwhile=");
    uint32_t abandon = 0, pause = 0;
    if (const char* block = rt::take_option(argc, argv, "--abandon="); block && !rt::parse_number(block, abandon))
        return usage();
    if (const char* block = rt::take_option(argc, argv, "--pause="); block && !rt::parse_number(block, pause))
        return usage();
    arc::FaultPlan faults;
    if (argc != 2 && argc != 5)
        return usage();
    if (argc == 5 && !faults.parse(argv[2], argv[3], argv[4]))
        return usage();
    const char* file = argv[1];

    uint8_t* data = nullptr;
    size_t size = 0;
    Status s = read_file(file, data, size);
    if (s != Status::ok) {
        rt::print("wavplay: %s: %s\n", file, arc::describe(s));
        return 1;
    }
    wav::Wave w;
    wav::Problem problem = wav::parse(data, size, w);
    if (problem != wav::Problem::none) {
        rt::print("wavplay: %s: %s\n", file, wav::describe(problem));
        return 1;
    }
    if (!playable(file, w))
        return 1;
    L4_ThreadId_t driver;
    if (arc::naming::lookup(server, driver) != Status::ok) {
        // Each driver registers its program's name.
        rt::print("wavplay: no sound driver called '%s' (start one: ram:%s &)\n", server, server);
        return 1;
    }
    if (faults.active() && (s = faults.aim_at(driver)) != Status::ok) {
        rt::print("wavplay: %s: %s\n", server, arc::describe(s));
        return 1;
    }
    arc::audio::Player player;
    s = player.Open(server, {w.rate, w.bits, w.channels});
    if (s != Status::ok) {
        rt::print("wavplay: %s: %s\n", server, s == Status::busy ? "the card is playing for someone else" : arc::describe(s));
        return 1;
    }
    BlockPlan plan{&faults, server, meanwhile, abandon, pause, &player};
    player.OnBlock(before_block, &plan);
    s = player.Play(w.samples, w.bytes);
    if (s == Status::ok)
        s = plan.paused;
    Status closed = player.Close();
    if (plan.second) {
        arc::art::ExitInfo second;
        arc::art::wait(plan.second, second);
        rt::print("wavplay: the second player exited with %u\n", static_cast<unsigned>(second.code));
    }
    if (s == Status::ok)
        s = closed;
    if (s != Status::ok) {
        rt::print("wavplay: %s: playing: %s\n", file, arc::describe(s));
        return 1;
    }
    rt::print("wavplay: %s: %u bytes of %u-bit %s at %u Hz played on %s (%u blocks, %u notified, %u polls, "
              "%u faults injected)\n",
              file, static_cast<unsigned>(w.bytes), w.bits, w.channels == 2 ? "stereo" : "mono", w.rate, server,
              player.Blocks(), player.Notifications(), player.Polls(), faults.injected());
    return 0;
}
