// The table of calls awaiting an answer: handles find their call, and only theirs.
#include "sinks/voltdb/client/pending_calls.h"

#include <gtest/gtest.h>

#include <string>

namespace ksink::voltdb {
namespace {

TEST(PendingCalls, HandlesFindTheirCallAndArePositive) {
  PendingCalls<std::string> calls;
  int64_t a = calls.add("a");
  int64_t b = calls.add("b");
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);  // later calls, larger handles
  ASSERT_NE(calls.find(a), nullptr);
  EXPECT_EQ(*calls.find(a), "a");
  EXPECT_EQ(*calls.find(b), "b");
  EXPECT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls.take(a), "a");
  EXPECT_EQ(calls.find(a), nullptr);
  EXPECT_EQ(calls.size(), 1u);
}

TEST(PendingCalls, AStaleHandleDoesNotFindTheCallThatReusedItsSlot) {
  PendingCalls<std::string> calls;
  int64_t old = calls.add("old");
  calls.take(old);
  int64_t fresh = calls.add("fresh");
  EXPECT_NE(fresh, old);
  // Same slot, another call: an answer to the old handle must not complete the new call.
  EXPECT_EQ(static_cast<uint64_t>(fresh) & (PendingCalls<std::string>::kMaxSlots - 1),
            static_cast<uint64_t>(old) & (PendingCalls<std::string>::kMaxSlots - 1));
  EXPECT_EQ(calls.find(old), nullptr);
  EXPECT_EQ(*calls.find(fresh), "fresh");
}

TEST(PendingCalls, UnknownAndForgedHandlesFindNothing) {
  PendingCalls<std::string> calls;
  int64_t h = calls.add("x");
  EXPECT_EQ(calls.find(0), nullptr);
  EXPECT_EQ(calls.find(-h), nullptr);
  EXPECT_EQ(calls.find(h + 1), nullptr);     // a slot never used
  EXPECT_EQ(calls.find(h + 1000), nullptr);  // beyond the table
  EXPECT_EQ(calls.find(h + (int64_t{1} << PendingCalls<std::string>::kSlotBits)), nullptr);
}

TEST(PendingCalls, HandlesWhereListsMatchesInInvocationOrder) {
  PendingCalls<std::string> calls;
  int64_t a = calls.add("keep-a");
  int64_t b = calls.add("drop");
  int64_t c = calls.add("keep-c");
  calls.take(b);
  int64_t d = calls.add("keep-d");  // reuses b's slot, yet was invoked last
  auto keep = [](const std::string& s) { return s.starts_with("keep"); };
  EXPECT_EQ(calls.handles_where(keep), (std::vector<int64_t>{a, c, d}));
}

}  // namespace
}  // namespace ksink::voltdb
