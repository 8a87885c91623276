// The ram server's operations (servers/ram/file_server.cc) without IPC:
// handles, bounds of reads, lookups and listings, and every refusal.
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>
#include "archive_builder.h"
#include "file_server.h"

namespace {

using arc::Status;
using arc::fs::FileType;
using ram::FileServer;
using ramfs_test::ArchiveBuilder;

const L4_ThreadId_t alice = L4_GlobalId(100, 1), bob = L4_GlobalId(101, 1);
const std::string big(1000, 'b');

class RamServer : public ::testing::Test {
protected:
    void SetUp() override
    {
        bytes = ArchiveBuilder()
                    .directory("data")
                    .file("data/notes.txt", "do re mi\n")
                    .file("empty", "")
                    .file("hello", "hello, world\n")
                    .file("zbig", big)
                    .build();
        auto a = arc::ramfs::Archive::open(bytes.data(), bytes.size());
        ASSERT_TRUE(a.ok());
        server = std::make_unique<FileServer>(*a);
    }

    L4_Word_t open(const char* path, L4_ThreadId_t client = alice)
    {
        L4_Word_t handle = 0;
        ram::Info info;
        EXPECT_EQ(server->open(client, path, handle, info), Status::ok) << path;
        return handle;
    }

    std::string read(L4_Word_t handle, L4_Word_t offset, L4_Word_t length, Status expected = Status::ok,
                     L4_ThreadId_t client = alice)
    {
        const uint8_t* data = nullptr;
        size_t count = 0;
        EXPECT_EQ(server->read(client, handle, offset, length, data, count), expected);
        return expected == Status::ok ? std::string(reinterpret_cast<const char*>(data), count) : "";
    }

    std::vector<uint8_t> bytes;
    std::unique_ptr<FileServer> server;
};

TEST_F(RamServer, OpenReportsTypeAndSize)
{
    L4_Word_t handle = 0;
    ram::Info info;
    ASSERT_EQ(server->open(alice, "/hello", handle, info), Status::ok);
    EXPECT_NE(handle, 0u);
    EXPECT_EQ(info.type, FileType::regular);
    EXPECT_EQ(info.size, 13u);
    ASSERT_EQ(server->open(alice, "/data", handle, info), Status::ok);
    EXPECT_EQ(info.type, FileType::directory);
    EXPECT_EQ(info.size, 0u);
}

TEST_F(RamServer, ReadsReturnTheFileInPieces)
{
    L4_Word_t h = open("/zbig");
    std::string all;
    for (L4_Word_t offset = 0;;) {
        std::string piece = read(h, offset, arc::fs::max_read);
        EXPECT_LE(piece.size(), arc::fs::max_read);
        if (piece.empty())
            break;
        all += piece;
        offset += static_cast<L4_Word_t>(piece.size());
    }
    EXPECT_EQ(all, big);
    EXPECT_EQ(server->close(alice, h), Status::ok);
}

TEST_F(RamServer, ShortReadOnlyAtTheEnd)
{
    L4_Word_t h = open("hello");
    EXPECT_EQ(read(h, 0, 5), "hello");
    EXPECT_EQ(read(h, 7, 100), "world\n");
    EXPECT_EQ(read(h, 13, 100), "");                      // at the end: nothing, no error
    EXPECT_EQ(read(h, 0, 0), "");
    L4_Word_t e = open("/empty");
    EXPECT_EQ(read(e, 0, arc::fs::max_read), "");
}

TEST_F(RamServer, ReadsOutsideTheRulesAreRefused)
{
    L4_Word_t h = open("/hello");
    read(h, 14, 1, Status::bad_request);                    // past the end
    read(h, 0xffffffff, 1, Status::bad_request);
    read(h, 0, arc::fs::max_read + 1, Status::bad_request); // more than one message carries
    read(h, 0, 0xffffffff, Status::bad_request);
    read(open("/data"), 0, 1, Status::is_a_directory);
}

TEST_F(RamServer, HandlesBelongToTheirOpener)
{
    L4_Word_t h = open("/hello", alice);
    read(h, 0, 1, Status::bad_handle, bob);
    EXPECT_EQ(server->close(bob, h), Status::bad_handle);
    EXPECT_EQ(read(h, 0, 5, Status::ok, alice), "hello");
}

TEST_F(RamServer, ClosedHandlesStayInvalidWhenTheSlotIsReused)
{
    L4_Word_t first = open("/hello");
    ASSERT_EQ(server->close(alice, first), Status::ok);
    EXPECT_EQ(server->close(alice, first), Status::bad_handle);
    read(first, 0, 1, Status::bad_handle);
    L4_Word_t second = open("/zbig");
    EXPECT_NE(second, first);
    read(first, 0, 1, Status::bad_handle);
    EXPECT_EQ(read(second, 0, 1), "b");
}

TEST_F(RamServer, MadeUpHandlesAreRefused)
{
    L4_Word_t real = open("/hello");
    ASSERT_EQ(real, 0x100u);      // slot 0, generation 1: the neighbours below are not handles
    for (L4_Word_t h : {0u, 1u, 0x101u, 0x200u, 0x1ffu, 0xffu, 0xffffffffu, 0x12345678u}) {
        read(h, 0, 1, Status::bad_handle);
        EXPECT_EQ(server->close(alice, h), Status::bad_handle) << h;
    }
}

TEST_F(RamServer, TheHandleTableFillsUpAndEmpties)
{
    std::set<L4_Word_t> handles;
    for (unsigned i = 0; i < FileServer::max_handles; ++i)
        handles.insert(open("/hello"));
    EXPECT_EQ(handles.size(), FileServer::max_handles);
    L4_Word_t h;
    ram::Info info;
    EXPECT_EQ(server->open(bob, "/hello", h, info), Status::busy);
    ASSERT_EQ(server->close(alice, *handles.begin()), Status::ok);
    EXPECT_EQ(server->open(bob, "/hello", h, info), Status::ok);
    EXPECT_EQ(server->open_count(), FileServer::max_handles);
}

TEST_F(RamServer, LookupErrors)
{
    L4_Word_t h = 0;
    ram::Info info;
    EXPECT_EQ(server->open(alice, "/nothing", h, info), Status::not_found);
    EXPECT_EQ(server->open(alice, "/a//b", h, info), Status::bad_path);
    EXPECT_EQ(server->open(alice, "/hello/", h, info), Status::not_a_directory);
    EXPECT_EQ(server->stat("/data/../hello", info), Status::bad_path);
    EXPECT_EQ(server->open_count(), 0u);                 // failures hold no handle
}

TEST_F(RamServer, Stat)
{
    ram::Info info;
    ASSERT_EQ(server->stat("/", info), Status::ok);
    EXPECT_EQ(info.type, FileType::directory);
    ASSERT_EQ(server->stat("/data/notes.txt", info), Status::ok);
    EXPECT_EQ(info.type, FileType::regular);
    EXPECT_EQ(info.size, 9u);
}

TEST_F(RamServer, ReadDirListsOneFolder)
{
    std::vector<std::string> names;
    ram::Info info;
    for (L4_Word_t i = 0; server->read_dir("/", i, info) == Status::ok; ++i)
        names.push_back(info.name);
    EXPECT_EQ(names, (std::vector<std::string>{"data", "empty", "hello", "zbig"}));
    ASSERT_EQ(server->read_dir("/data", 0, info), Status::ok);
    EXPECT_STREQ(info.name, "notes.txt");
    EXPECT_EQ(info.size, 9u);
    EXPECT_EQ(server->read_dir("/data", 1, info), Status::end_of_directory);
    EXPECT_EQ(server->read_dir("/hello", 0, info), Status::not_a_directory);
    EXPECT_EQ(server->read_dir("/nothing", 0, info), Status::not_found);
    EXPECT_EQ(server->read_dir("//", 0, info), Status::bad_path);
}

TEST(RamServerStatus, LookupErrorsMapToTheProtocol)
{
    using arc::ramfs::Error;
    EXPECT_EQ(ram::status_of(Error::none), Status::ok);
    EXPECT_EQ(ram::status_of(Error::not_found), Status::not_found);
    EXPECT_EQ(ram::status_of(Error::bad_path), Status::bad_path);
    EXPECT_EQ(ram::status_of(Error::not_a_directory), Status::not_a_directory);
    EXPECT_EQ(ram::status_of(Error::end_of_directory), Status::end_of_directory);
    EXPECT_EQ(ram::status_of(Error::bad_magic), Status::io_error);
}

} // namespace
