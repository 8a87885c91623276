#include "names.h"

#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace {

using arc::Status;

L4_ThreadId_t tid(L4_Word_t n) { return L4_GlobalId(n, 1); }

TEST(Names, RegistersLooksUpAndRecordsWhoAskedWhom)
{
    auto names = std::make_unique<naming::Names>();
    EXPECT_EQ(names->add("console", tid(40)), Status::ok);
    EXPECT_EQ(names->add("ram", tid(41)), Status::ok);
    const naming::Names::Entry* e = names->lookup("console", tid(50));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->server, tid(40));
    EXPECT_EQ(names->lookup("nothing", tid(50)), nullptr);
    names->lookup("console", tid(50));           // the same edge again
    names->lookup("console", tid(51));
    names->lookup("ram", tid(50));
    EXPECT_EQ(names->at(0)->clients, 2u);
    EXPECT_EQ(names->at(1)->clients, 1u);
    const naming::Names::Connection* c = names->connection(0);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->client, tid(50));
    EXPECT_EQ(c->server, tid(40));
    EXPECT_NE(names->connection(2), nullptr);
    EXPECT_EQ(names->connection(3), nullptr);
}

TEST(Names, ANameBelongsToOneServerUntilItUnregisters)
{
    auto names = std::make_unique<naming::Names>();
    EXPECT_EQ(names->add("console", tid(40)), Status::ok);
    EXPECT_EQ(names->add("console", tid(40)), Status::ok);         // again by its owner
    EXPECT_EQ(names->add("console", tid(41)), Status::exists);
    EXPECT_EQ(names->remove("console", tid(41)), Status::not_permitted);
    EXPECT_EQ(names->remove("console", tid(40)), Status::ok);
    EXPECT_EQ(names->remove("console", tid(40)), Status::not_found);
    EXPECT_EQ(names->add("console", tid(41)), Status::ok);
}

TEST(Names, WaitersAreReleasedByNameInOrder)
{
    auto names = std::make_unique<naming::Names>();
    EXPECT_TRUE(names->wait("console", tid(50)));
    EXPECT_TRUE(names->wait("ram", tid(51)));
    EXPECT_TRUE(names->wait("console", tid(52)));
    EXPECT_EQ(names->take_waiter("console"), tid(50));
    EXPECT_EQ(names->take_waiter("console"), tid(52));
    EXPECT_TRUE(L4_IsNilThread(names->take_waiter("console")));
    EXPECT_EQ(names->take_waiter("ram"), tid(51));
}

TEST(Names, TablesAreBounded)
{
    auto names = std::make_unique<naming::Names>();
    for (unsigned i = 0; i < naming::Names::max_names; ++i)
        ASSERT_EQ(names->add(("n" + std::to_string(i)).c_str(), tid(100 + i)), Status::ok);
    EXPECT_EQ(names->add("one-more", tid(99)), Status::no_memory);
    for (unsigned i = 0; i < naming::Names::max_waiters; ++i)
        ASSERT_TRUE(names->wait("x", tid(200 + i)));
    EXPECT_FALSE(names->wait("x", tid(999)));
}

} // namespace
