// RedisWriter's two pipelines in flight against a real redis-server (docs/redis-sink.md
// "Pipelines in flight"): when the second may be sent behind the first, and that the replies of
// both, read off the socket together, each reach their own batch.
#include "sinks/redis/redis_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "kcql/parser.h"
#include "sinks/redis/storage_mode.h"
#include "support/redis_server.h"

namespace ksink::redis {
namespace {

using namespace std::chrono_literals;

class RedisWriterTest : public ::testing::Test {
 protected:
  // One writer for `kcql`'s statements; `stop_at_error` is error policy THROW.
  std::unique_ptr<RedisWriter> writer(const std::string& kcql, bool stop_at_error) {
    auto parsed = kcql::parse(kcql);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    statements_ = *parsed;
    std::vector<StoragePlan> plans;
    std::vector<std::string> warnings;
    for (const auto& s : statements_) plans.push_back(*plan_statement(s, ".", warnings));
    ConnectionSettings settings;
    settings.host = "127.0.0.1";
    settings.port = redis.port();
    settings.io_timeout = 2000ms;  // a reply waited for in vain shows as Unavailable soon
    return std::make_unique<RedisWriter>(settings, std::move(plans), 1000, ReplicaAcks{},
                                         stop_at_error);
  }

  // Records {"id": from..to-1} (with `field` set to "text" when given), routed to statement 1.
  std::vector<SinkItem> items(int from, int to, const std::string& field = "", int statement = 0) {
    std::vector<SinkItem> out;
    for (int i = from; i < to; ++i) {
      auto& r = records_.emplace_back(std::make_unique<Record>());
      r->topic = "t";
      r->offset = i;
      Object o;
      o.emplace_back("id", Value(static_cast<int64_t>(i)));
      if (!field.empty()) o.emplace_back(field, Value("text"));
      r->value = Value(std::move(o));
      out.push_back({r.get(), &statements_[statement]});
    }
    return out;
  }

  static std::vector<std::string> outcomes(const std::vector<WriteResult>& results) {
    std::vector<std::string> out;
    for (const auto& r : results)
      out.push_back(r.outcome == Outcome::Written ? "written" : r.message);
    return out;
  }

  test::RedisServer redis;
  std::vector<kcql::Statement> statements_;
  std::vector<std::unique_ptr<Record>> records_;
};

// A read for the first pipeline brings the second's replies too when Redis answered both before
// the writer read: they were then waited for on the socket until the timeout (10 s stalls).
TEST_F(RedisWriterTest, TheSecondPipelineIsAnsweredFromRepliesReadWithTheFirst) {
  auto w = writer("SELECT * FROM t PK id", /*stop_at_error=*/false);
  auto first = items(0, 3), second = items(3, 6);
  w->submit(first);
  ASSERT_EQ(w->max_in_flight(), 2u);
  w->submit(second);
  std::this_thread::sleep_for(200ms);  // Redis has answered both
  std::vector<WriteResult> r1(first.size()), r2(second.size());
  w->complete(r1);
  const auto t0 = std::chrono::steady_clock::now();
  w->complete(r2);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  const std::vector<std::string> all_written(3, "written");
  EXPECT_EQ(outcomes(r1), all_written);
  EXPECT_EQ(outcomes(r2), all_written);
  EXPECT_EQ(redis.command({"DBSIZE"}), "6");
}

// THROW: a second pipeline goes behind a first none of whose records can fail any more (SET and
// PUBLISH are refused only for conditions of Redis, StoragePlan::refusable).
TEST_F(RedisWriterTest, ThrowSendsTheNextBatchBehindOneOfSetsAndPublishes) {
  auto w = writer("SELECT * FROM t PK id; INSERT INTO ch SELECT * FROM t STOREAS PubSub", true);
  auto first = items(0, 3);
  auto published = items(3, 4, "", 1);
  first.insert(first.end(), published.begin(), published.end());
  w->submit(first);
  EXPECT_EQ(w->max_in_flight(), 2u);
  auto second = items(4, 6);
  w->submit(second);
  std::vector<WriteResult> r1(first.size()), r2(second.size());
  w->complete(r1);
  w->complete(r2);
  EXPECT_EQ(outcomes(r1), std::vector<std::string>(4, "written"));
  EXPECT_EQ(outcomes(r2), std::vector<std::string>(2, "written"));
}

// The longest TTL the plan accepts (kMaxTtlSeconds) is one Redis takes, on SET and on EXPIRE
// (a sorted set per key): a cache batch under THROW cannot fail on its TTL.
TEST_F(RedisWriterTest, RedisTakesTheLongestTtlAccepted) {
  const std::string ttl = " TTL = " + std::to_string(kMaxTtlSeconds);
  auto w = writer("INSERT INTO c- SELECT * FROM t PK id" + ttl +
                      "; INSERT INTO z- SELECT * FROM t PK id STOREAS SortedSet(score=id)" + ttl,
                  true);
  auto both = items(0, 1);
  auto z = items(0, 1, "", 1);
  both.insert(both.end(), z.begin(), z.end());
  std::vector<WriteResult> r(both.size());
  w->write(both, r);
  EXPECT_EQ(outcomes(r), std::vector<std::string>(2, "written"));
  EXPECT_GT(std::stoll(redis.command({"TTL", "c-0"})), 8'000'000'000'000'000);
  EXPECT_GT(std::stoll(redis.command({"TTL", "z-0"})), 8'000'000'000'000'000);
}

// THROW: behind a batch with a command Redis may refuse for the record (ZADD into a key of
// another type), or with a record that could not be encoded, the next batch waits.
TEST_F(RedisWriterTest, ThrowSendsNothingBehindABatchThatMayStillFail) {
  auto w = writer(
      "INSERT INTO z- SELECT id FROM t PK id STOREAS SortedSet(score=id); "
      "SELECT * FROM t STOREAS PubSub(channel=ch)",
      true);
  auto zadds = items(0, 2);
  w->submit(zadds);
  EXPECT_EQ(w->max_in_flight(), 1u);
  std::vector<WriteResult> r(zadds.size());
  w->complete(r);
  EXPECT_EQ(outcomes(r), std::vector<std::string>(2, "written"));

  auto no_channel = items(2, 4, "", 1);  // no `ch` field: cannot be encoded
  w->submit(no_channel);
  EXPECT_EQ(w->max_in_flight(), 1u);
  r.assign(no_channel.size(), WriteResult{});
  w->complete(r);
  EXPECT_EQ(r[0].outcome, Outcome::RecordError) << r[0].message;

  auto published = items(4, 6, "ch", 1);
  w->submit(published);
  EXPECT_EQ(w->max_in_flight(), 2u);
  r.assign(published.size(), WriteResult{});
  w->complete(r);
  EXPECT_EQ(outcomes(r), std::vector<std::string>(2, "written"));
}

}  // namespace
}  // namespace ksink::redis
