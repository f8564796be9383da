// Error policy THROW stops at the failing record: it and every record after it stay unwritten in
// Redis, so restarting the task once the cause is fixed writes each record exactly once — no
// duplicated Stream entry or PubSub message (docs/redis-sink.md "Errors"). A real redis-server;
// the failing write is a WRONGTYPE reply from Redis itself (a key pre-created with another type),
// in the middle of one batch: the records are produced before the connector starts.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <string>
#include <vector>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using RedisThrow = RedisPipelineTest;
using namespace std::chrono_literals;

constexpr int kRecords = 10;
constexpr int kFailing = 5;

// Statement 1 keeps a sorted set per record (`z-<id>`): Redis refuses record 5's ZADD because
// `z-5` is a string. `then` is the statement whose writes must stop there too.
std::string kcql_failing_at_zadd(const std::string& then) {
  return "INSERT INTO z- SELECT id FROM t PK id STOREAS SortedSet(score=id); " + then;
}

class RedisThrowTest : public RedisThrow {
 protected:
  void produce_records() {
    kafka->create_topic("t");
    std::vector<std::string> values;
    for (int i = 0; i < kRecords; ++i)
      values.push_back(R"({"id":)" + std::to_string(i) + R"(,"secret":"content-)" +
                       std::to_string(i) + R"("})");
    kafka->produce_values("t", values, 0);
  }

  // The task fails at record 5 with Redis's reply naming the command and key, never the
  // record's content, and commits the five records before it.
  void expect_failed_at_the_failing_record() {
    ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
    const std::string trace = harness->task_trace("c");
    EXPECT_EQ(trace,
              "topic 't' partition 0 offset 5: Redis replied WRONGTYPE Operation against a key "
              "holding the wrong kind of value to ZADD z-5 (error policy THROW)");
    EXPECT_EQ(trace.find("content-"), std::string::npos) << "record content leaked: " << trace;
    EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == kFailing; }));
    for (int i = 0; i < kRecords; ++i) {
      if (i != kFailing) {
        EXPECT_EQ(redis->zrange("z-" + std::to_string(i)).size(), i < kFailing ? 1u : 0u) << i;
      }
    }
  }

  // A short session: the failed task's consumer may stay in the group until it times out, and
  // the restarted task gets the partition only then.
  ConfigMap throw_connector(const std::string& kcql) {
    return connector("c", "t", kcql,
                     {{"consumer.override.session.timeout.ms", "6000"},
                      {"consumer.override.heartbeat.interval.ms", "500"}});
  }

  // The cause fixed (z-5 gone) and the task restarted: it reads on from offset 5.
  void fix_and_restart() {
    redis->command({"DEL", "z-5"});
    ASSERT_TRUE(harness->connector("c")->restart_task(0));
    ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == kRecords; },
                           60s));
    EXPECT_EQ(harness->task_state("c"), "RUNNING");
    for (int i = 0; i < kRecords; ++i)
      EXPECT_EQ(redis->zrange("z-" + std::to_string(i)).size(), 1u) << i;
  }
};

TEST_F(RedisThrowTest, StreamAndCacheKeepNothingFromTheFailingRecordOnAndGetEachOnceAfterRestart) {
  produce_records();
  redis->command({"SET", "z-5", "a string"});
  start(throw_connector(kcql_failing_at_zadd(
      "INSERT INTO events SELECT id FROM t STOREAS Stream; INSERT INTO c- SELECT id FROM t PK id")));
  expect_failed_at_the_failing_record();
  auto ids = [&] {
    std::vector<std::string> out;
    for (auto& entry : redis->xrange("events")) out.push_back(entry["id"]);
    return out;
  };
  EXPECT_EQ(ids(), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  for (int i = 0; i < kRecords; ++i)
    EXPECT_EQ(redis->get("c-" + std::to_string(i)).has_value(), i < kFailing) << i;
  fix_and_restart();
  EXPECT_EQ(ids(), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  for (int i = 0; i < kRecords; ++i)
    EXPECT_EQ(redis->get("c-" + std::to_string(i)), R"({"id":)" + std::to_string(i) + "}") << i;
}

// Batches of three: the failing record's batch (3, 4, 5) holds ZADDs Redis may refuse, so the
// next batch (6, 7, 8) is not sent behind it (docs/redis-sink.md "Pipelines in flight"), while
// batches of SETs only are.
TEST_F(RedisThrowTest, TheBatchAfterTheFailingOneIsNotSentBehindIt) {
  produce_records();
  redis->command({"SET", "z-5", "a string"});
  ConfigMap c = throw_connector(kcql_failing_at_zadd("INSERT INTO c- SELECT id FROM t PK id"));
  c["connect.redis.batch.size"] = "3";
  start(c);
  expect_failed_at_the_failing_record();
  for (int i = 0; i < kRecords; ++i)
    EXPECT_EQ(redis->get("c-" + std::to_string(i)).has_value(), i < kFailing) << i;
  fix_and_restart();
  for (int i = 0; i < kRecords; ++i) EXPECT_TRUE(redis->get("c-" + std::to_string(i))) << i;
}

// A client subscribed to channel `ch` from its construction on.
class Subscriber {
 public:
  explicit Subscriber(int port) : port_(port) { subscribe(); }
  ~Subscriber() { redisFree(sub_); }
  bool ok() const { return sub_ && !sub_->err; }
  // The messages received until none came for `quiet`, in order; subscribed again afterwards (a
  // hiredis context that timed out cannot read on).
  std::vector<std::string> receive(std::chrono::milliseconds quiet) {
    std::vector<std::string> out;
    redisSetTimeout(sub_, {0, static_cast<suseconds_t>(quiet.count() * 1000)});
    for (void* reply = nullptr; redisGetReply(sub_, &reply) == REDIS_OK; reply = nullptr) {
      auto* r = static_cast<redisReply*>(reply);
      if (r->elements == 3) out.emplace_back(r->element[2]->str, r->element[2]->len);
      freeReplyObject(r);
    }
    redisFree(sub_);
    subscribe();
    return out;
  }

 private:
  void subscribe() {
    sub_ = redisConnect("127.0.0.1", port_);
    if (ok()) freeReplyObject(redisCommand(sub_, "SUBSCRIBE ch"));
  }
  int port_;
  redisContext* sub_ = nullptr;
};

std::vector<std::string> messages(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i < to; ++i) out.push_back(R"({"id":)" + std::to_string(i) + "}");
  return out;
}

TEST_F(RedisThrowTest, PubSubPublishesNothingFromTheFailingRecordOnAndEachMessageOnceAfterRestart) {
  produce_records();
  redis->command({"SET", "z-5", "a string"});
  Subscriber sub(redis->port());
  ASSERT_TRUE(sub.ok());
  start(throw_connector(kcql_failing_at_zadd("INSERT INTO ch SELECT id FROM t STOREAS PubSub")));
  expect_failed_at_the_failing_record();
  EXPECT_EQ(sub.receive(500ms), messages(0, kFailing));
  fix_and_restart();
  EXPECT_EQ(sub.receive(500ms), messages(kFailing, kRecords));
}

// A record ksink itself cannot encode (no channel field) stops the batch the same way: the
// records after it are not published.
TEST_F(RedisThrowTest, ARecordThatCannotBeEncodedStopsThePublishingAtIt) {
  kafka->create_topic("t");
  std::vector<std::string> values;
  for (int i = 0; i < kRecords; ++i)
    values.push_back(i == kFailing ? R"({"id":5})"
                                   : R"({"id":)" + std::to_string(i) + R"(,"ch":"ch"})");
  kafka->produce_values("t", values, 0);
  Subscriber sub(redis->port());
  ASSERT_TRUE(sub.ok());
  start(connector("c", "t", "SELECT id FROM t STOREAS PubSub(channel=ch)"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_EQ(harness->task_trace("c"),
            "topic 't' partition 0 offset 5: channel field 'ch' is missing in the record; KCQL "
            "statement 1 needs it (error policy THROW)");
  EXPECT_EQ(sub.receive(500ms), messages(0, kFailing));
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], kFailing);
}

}  // namespace
}  // namespace ksink::test
