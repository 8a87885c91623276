// The parallel port driver's write loop (servers/parallel/write_data.h)
// failed at each byte, then recovered and replayed as the framework does:
// with its progress kept (the driver `parallel`) every byte comes out once;
// with the progress lost (`parallel-naive`) the request's first bytes come
// out twice; and without the recovery's settling of the strobe a byte is
// lost.
#include <gtest/gtest.h>
#include <csetjmp>
#include <string>
#include "write_data.h"

namespace {

using arc::Status;
using parallel::Progress;

// QEMU's port as the driver sees it: a byte goes out when the strobe goes
// from released to asserted (hw/char/parallel.c), not while it stays
// asserted. `ready_bytes`: the printer turns busy for good after that many.
struct ModelPort {
    std::string printed;
    bool strobe_asserted = false;
    size_t ready_bytes = SIZE_MAX;

    bool wait_ready() { return printed.size() < ready_bytes; }
    void strobe(uint8_t byte)
    {
        if (!strobe_asserted)
            printed += static_cast<char>(byte);
        strobe_asserted = true;
    }
    void settle() { strobe_asserted = false; }
};

// Stops the loop at its n-th pause, as a crash there would.
std::jmp_buf crash;
int pauses_left;
void pause_or_crash()
{
    if (pauses_left-- == 0)
        std::longjmp(crash, 1);
}

enum class Restart { keeps_progress, loses_progress, keeps_progress_without_settling };

// Serves request `sequence` (the text), crashing at pause `crash_at` (-1:
// never), then restarts as `how` says and serves the same request again.
Status serve(ModelPort& port, Progress& progress, L4_Word_t sequence, const std::string& text, int crash_at,
             Restart how)
{
    const auto* data = reinterpret_cast<const uint8_t*>(text.data());
    pauses_left = crash_at;
    if (setjmp(crash) == 0) {
        progress.begin(sequence);
        return parallel::write_data(port, progress, data, text.size(), pause_or_crash);
    }
    if (how == Restart::loses_progress)
        progress = {};                       // .data, rewritten by the restart
    if (how != Restart::keeps_progress_without_settling)
        port.settle();                       // Recover()
    pauses_left = -1;
    progress.begin(sequence);
    return parallel::write_data(port, progress, data, text.size(), pause_or_crash);
}

const std::string text = "The quick brown fox jumps over the lazy dog.\n";

TEST(WriteData, EveryByteOnceWhereverTheDriverFails)
{
    for (int crash_at = -1; crash_at < static_cast<int>(text.size()); ++crash_at) {
        ModelPort port;
        Progress progress = {};
        ASSERT_EQ(serve(port, progress, 1, "first request, ", -1, Restart::keeps_progress), Status::ok);
        ASSERT_EQ(serve(port, progress, 2, text, crash_at, Restart::keeps_progress), Status::ok);
        EXPECT_EQ(port.printed, "first request, " + text) << "crash after byte " << crash_at;
        EXPECT_EQ(progress.sent, text.size());
    }
}

TEST(WriteData, TheNaiveDriverPrintsTheFirstBytesAgain)
{
    for (int crash_at = 0; crash_at < static_cast<int>(text.size()); ++crash_at) {
        ModelPort port;
        Progress progress = {};
        ASSERT_EQ(serve(port, progress, 1, text, crash_at, Restart::loses_progress), Status::ok);
        // The crash came after byte crash_at was strobed: bytes 0..crash_at twice.
        EXPECT_EQ(port.printed, text.substr(0, crash_at + 1) + text) << "crash after byte " << crash_at;
    }
}

TEST(WriteData, WithoutSettlingTheStrobeTheNextByteIsLost)
{
    ModelPort port;
    Progress progress = {};
    ASSERT_EQ(serve(port, progress, 1, text, 3, Restart::keeps_progress_without_settling), Status::ok);
    EXPECT_EQ(port.printed, text.substr(0, 4) + text.substr(5));
}

TEST(WriteData, ANewRequestStartsAtItsFirstByte)
{
    // The previous request's progress is still there when the next one
    // begins (or is replayed after a failure before it began): the
    // sequence number tells them apart.
    ModelPort port;
    Progress progress = {};
    ASSERT_EQ(serve(port, progress, 7, text, -1, Restart::keeps_progress), Status::ok);
    ASSERT_EQ(serve(port, progress, 8, "ab", -1, Restart::keeps_progress), Status::ok);
    EXPECT_EQ(port.printed, text + "ab");
}

TEST(WriteData, ABusyPrinterFailsTheRequestWithWhatWentOut)
{
    ModelPort port;
    port.ready_bytes = 10;
    Progress progress = {};
    EXPECT_EQ(serve(port, progress, 1, text, -1, Restart::keeps_progress), Status::io_error);
    EXPECT_EQ(progress.sent, 10u);
    EXPECT_EQ(port.printed, text.substr(0, 10));
}

} // namespace
