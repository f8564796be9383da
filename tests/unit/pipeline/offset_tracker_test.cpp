#include "pipeline/offset_tracker.h"

#include <gtest/gtest.h>

namespace ksink {
namespace {

const TopicPartition p0{"t", 0};
const TopicPartition p1{"t", 1};

int64_t commit_of(OffsetTracker& t, const TopicPartition& tp) {
  for (const auto& c : t.take_commits({tp})) return c.offset;
  return -1;
}

TEST(OffsetTracker, CommitsOnlyBelowTheFirstUnfinishedOffset) {
  OffsetTracker t;
  for (int64_t o = 0; o < 5; ++o) t.track(p0, o);
  t.done(p0, 0);
  t.done(p0, 2);  // 1 is not done: 2 must wait
  EXPECT_EQ(commit_of(t, p0), 1);
  t.done(p0, 1);
  EXPECT_EQ(commit_of(t, p0), 3);
  EXPECT_EQ(commit_of(t, p0), -1) << "nothing new to commit";
  EXPECT_EQ(t.pending(), 2u);
}

TEST(OffsetTracker, HandlesGapsInOffsetsAndPartitionsApart) {
  OffsetTracker t;
  t.track(p0, 10);
  t.track(p0, 15);  // compaction left a gap
  t.track(p1, 0);
  t.done(p0, 15);
  t.done(p1, 0);
  auto commits = t.take_commits();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].tp, p1);
  EXPECT_EQ(commits[0].offset, 1);
  t.done(p0, 10);
  EXPECT_EQ(commit_of(t, p0), 16);
}

TEST(OffsetTracker, AFailedCommitIsOfferedAgain) {
  OffsetTracker t;
  for (int64_t o = 0; o < 3; ++o) t.track(p0, o);
  t.done(p0, 0);
  auto failed = t.take_commits();
  ASSERT_EQ(failed.size(), 1u);
  t.commit_failed(failed);
  EXPECT_EQ(commit_of(t, p0), 1) << "the failed offset again";
  // A failure reported after a later take moved on leaves the later offset alone.
  t.done(p0, 1);
  auto later = t.take_commits();
  t.commit_failed(failed);
  EXPECT_EQ(later[0].offset, 2);
  EXPECT_EQ(commit_of(t, p0), -1);
}

TEST(OffsetTracker, ForgottenPartitionsIgnoreLateAcknowledgements) {
  OffsetTracker t;
  t.track(p0, 0);
  t.forget(p0);
  t.done(p0, 0);
  EXPECT_TRUE(t.take_commits().empty());
  t.track(p0, 0);  // assigned again: starts afresh
  EXPECT_EQ(t.pending(), 1u);
}

}  // namespace
}  // namespace ksink
