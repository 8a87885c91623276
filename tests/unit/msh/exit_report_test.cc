#include <gtest/gtest.h>
#include <string>
#include "exit_report.h"

namespace {

using arc::Status;

struct Report {
    bool ok;
    std::string line;
};

Report report(Status s, int32_t code, const char* reason, const char* name = "ram:x")
{
    char out[256];
    bool ok = msh::describe_exit(name, s, code, reason, out, sizeof out);
    return {ok, out};
}

TEST(ExitReport, NormalExitSaysNothing)
{
    Report r = report(Status::ok, 0, "");
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.line, "");
    EXPECT_TRUE(report(Status::ok, 0, nullptr).ok);
}

TEST(ExitReport, NonZeroExitCode)
{
    Report r = report(Status::ok, 3, "", "ram:exitcode");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, "ram:exitcode: exited with 3");
    EXPECT_EQ(report(Status::ok, -1, "").line, "ram:x: exited with -1");
}

TEST(ExitReport, CrashWithItsFault)
{
    Report r = report(Status::crashed, 0, "page fault at 0x00000000 (write, ip 0x00001234)",
                      "ram:crash");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, "ram:crash: crashed: page fault at 0x00000000 (write, ip 0x00001234)");
}

TEST(ExitReport, BadExecutable)
{
    Report r = report(Status::bad_executable, 0, "ELF: not an ELF file (bad magic number)",
                      "ram:badelf");
    EXPECT_EQ(r.line, "ram:badelf: not an executable: ELF: not an ELF file (bad magic number)");
}

TEST(ExitReport, MissingProgram)
{
    EXPECT_EQ(report(Status::not_found, 0, "", "ram:nosuch").line, "ram:nosuch: not found");
    // A reason that only repeats the status is said once.
    EXPECT_EQ(report(Status::not_found, 0, "not found", "ram:nosuch").line, "ram:nosuch: not found");
}

TEST(ExitReport, ReasonWithAnOkStatus)
{
    Report r = report(Status::ok, 0, "killed by the shell");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.line, "ram:x: killed by the shell");
}

TEST(ExitReport, LongReasonIsCutNotOverflowed)
{
    std::string reason(1000, 'r');
    char out[32];
    msh::describe_exit("ram:x", Status::crashed, 0, reason.c_str(), out, sizeof out);
    EXPECT_EQ(std::string(out).size(), sizeof out - 1);
}

} // namespace
