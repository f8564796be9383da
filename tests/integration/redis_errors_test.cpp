// Error policies, errors.tolerance, the dead-letter topic and target unavailability, with poison
// records in real topics and a real Redis.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using RedisErrors = RedisPipelineTest;
using namespace std::chrono_literals;

std::string json_id(int i) { return R"({"id":)" + std::to_string(i) + R"(,"score":)" + std::to_string(i) + "}"; }

TEST_F(RedisErrors, ThrowFailsTheTaskAtAMalformedRecordAndCommitsOnlyWhatCameBefore) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(0));
  kafka->produce("t", std::nullopt, json_id(1));
  kafka->produce("t", std::nullopt, "{not json");
  kafka->produce("t", std::nullopt, json_id(3));
  start(connector("c", "t", "SELECT * FROM t PK id"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("topic 't' partition 0 offset 2"), std::string::npos) << trace;
  EXPECT_NE(trace.find("errors.tolerance"), std::string::npos) << trace;
  EXPECT_EQ(trace.find("{not json"), std::string::npos) << "record content leaked: " << trace;
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 2);
}

// Batches of three: the malformed record ends the first batch (0, 1), and the next batch (3, 4, 5)
// of SETs, which Redis refuses for no record, must still not go behind it: under THROW nothing
// after the failing record is written. Before 2026-12-04 it did, whenever the next batch was
// polled before the first one's replies came (a CI run saw key 3 written).
TEST_F(RedisErrors, ThrowSendsNothingBehindTheBatchThatEndsAtAMalformedRecord) {
  kafka->create_topic("t");
  kafka->produce_values(
      "t", {json_id(0), json_id(1), "{not json", json_id(3), json_id(4), json_id(5)}, 0);
  start(connector("c", "t", "SELECT * FROM t PK id", {{"connect.redis.batch.size", "3"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_NE(harness->task_trace("c").find("topic 't' partition 0 offset 2"), std::string::npos);
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 2);
}

TEST_F(RedisErrors, ThrowOnAMissingPkNamesTheFieldAndTheRecord) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(0));
  kafka->produce("t", std::nullopt, R"({"other":1})");
  start(connector("c", "t", "SELECT * FROM t PK id"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_EQ(harness->task_trace("c"),
            "topic 't' partition 0 offset 1: PK field 'id' is missing in the record; KCQL "
            "statement 1 needs it (error policy THROW)");
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 1);
}

TEST_F(RedisErrors, NoopSkipsPoisonRecordsWritesTheRestAndDeadLettersThemWithHeaders) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::string("k0"), json_id(0));
  kafka->produce("t", std::string("k1"), R"({"no_id":1})", 0, {{"origin", std::string("test")}});
  kafka->produce("t", std::string("k2"), json_id(2));
  kafka->produce("t", std::string("k3"), R"({"id":3,"score":"high"})");
  kafka->produce("t", std::string("k4"), json_id(4));
  start(connector("c", "t",
                  "SELECT * FROM t PK id; INSERT INTO scores SELECT id FROM t STOREAS "
                  "SortedSet(score=score)",
                  {{"connect.redis.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 5; }));
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  // Record 3 is cached (its PK is fine) though its score is not numeric: only the failing
  // statement's write is lost, and the record is dead-lettered once.
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"0", "2", "3", "4", "scores"}));
  EXPECT_EQ(redis->zrange("scores").size(), 3u);
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 2u);
  EXPECT_EQ(dlq[0].key, "k1");
  EXPECT_EQ(dlq[0].value, R"({"no_id":1})");
  EXPECT_EQ(dlq[0].headers["origin"], "test");
  EXPECT_EQ(dlq[0].headers["__connect.errors.topic"], "t");
  EXPECT_EQ(dlq[0].headers["__connect.errors.partition"], "0");
  EXPECT_EQ(dlq[0].headers["__connect.errors.offset"], "1");
  EXPECT_EQ(dlq[0].headers["__connect.errors.connector.name"], "c");
  EXPECT_EQ(dlq[0].headers["__connect.errors.task.id"], "0");
  EXPECT_EQ(dlq[0].headers["__connect.errors.stage"], "TASK_PUT");
  EXPECT_EQ(dlq[0].headers["__connect.errors.class.name"],
            "com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkTask");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.class.name"],
            "org.apache.kafka.connect.errors.ConnectException");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.message"],
            "PK field 'id' is missing in the record; KCQL statement 1 needs it");
  EXPECT_EQ(dlq[1].key, "k3");
  EXPECT_EQ(dlq[1].headers["__connect.errors.offset"], "3");
  EXPECT_EQ(dlq[1].headers["__connect.errors.exception.message"],
            "score field 'score' is not numeric (found string); KCQL statement 2 needs a number");
}

TEST_F(RedisErrors, DeadLetterRecordsCarryNoContextHeadersUnlessEnabled) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::nullopt, R"({"no_id":1})");
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 1; }));
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].value, R"({"no_id":1})");
  EXPECT_TRUE(dlq[0].headers.empty());
}

TEST_F(RedisErrors, ToleranceAllSkipsUnconvertibleRecordsToTheDeadLetterTopic) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::nullopt, json_id(0));
  kafka->produce("t", std::nullopt, "{broken");
  kafka->produce("t", std::nullopt, json_id(2));
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"errors.tolerance", "all"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }));
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"0", "2"}));
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].value, "{broken");
  EXPECT_EQ(dlq[0].headers["__connect.errors.stage"], "VALUE_CONVERTER");
  EXPECT_EQ(dlq[0].headers["__connect.errors.class.name"],
            "org.apache.kafka.connect.json.JsonConverter");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.class.name"],
            "org.apache.kafka.connect.errors.DataException");
}

TEST_F(RedisErrors, RetryWaitsTheIntervalBeforeEveryRetryThenFails) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"id":1,"score":"n/a"})");
  auto t0 = std::chrono::steady_clock::now();
  start(connector("c", "t", "INSERT INTO s SELECT * FROM t STOREAS SortedSet(score=score)",
                  {{"connect.redis.error.policy", "RETRY"},
                   {"connect.redis.max.retries", "3"},
                   {"connect.redis.retry.interval", "300"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 900ms);  // three retries, each after a 300 ms wait
  EXPECT_NE(harness->task_trace("c").find("gave up after 3 retries"), std::string::npos)
      << harness->task_trace("c");
  EXPECT_EQ(harness->connector("c")->tasks()[0]->metrics().retries.load(), 3u);
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], -1001);  // nothing committed
}

TEST_F(RedisErrors, RetrySucceedsOnceTheCauseIsFixed) {
  kafka->create_topic("t");
  redis->command({"SET", "scores", "not a sorted set"});
  kafka->produce("t", std::nullopt, R"({"id":1,"score":5})");
  start(connector("c", "t", "INSERT INTO scores SELECT id FROM t STOREAS SortedSet(score=score)",
                  {{"connect.redis.error.policy", "RETRY"},
                   {"connect.redis.max.retries", "50"},
                   {"connect.redis.retry.interval", "100"}}));
  ASSERT_TRUE(eventually([&] {
    return harness->connector("c")->tasks()[0]->metrics().retries.load() >= 2;
  }));
  redis->command({"DEL", "scores"});  // the WRONGTYPE cause goes away
  ASSERT_TRUE(eventually([&] { return redis->zrange("scores").size() == 1; }));
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 1; }));
}

TEST_F(RedisErrors, RedisStoppedMidStreamAndRestartedLosesNothing) {
  kafka->create_topic("t", 3);
  const int n = 3000;
  std::vector<std::string> first, second;
  for (int i = 0; i < n; ++i) (i < n / 2 ? first : second).push_back(json_id(i));
  for (int p = 0; p < 3; ++p) {
    std::vector<std::string> part;
    for (size_t i = static_cast<size_t>(p); i < first.size(); i += 3) part.push_back(first[i]);
    kafka->produce_values("t", part, p);
  }
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.error.policy", "RETRY"},
                   {"connect.redis.retry.interval", "500"}}));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == first.size(); }));
  redis->stop();
  for (int p = 0; p < 3; ++p) {
    std::vector<std::string> part;
    for (size_t i = static_cast<size_t>(p); i < second.size(); i += 3) part.push_back(second[i]);
    kafka->produce_values("t", part, p);
  }
  std::this_thread::sleep_for(1500ms);  // the sink finds Redis gone and backs off
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  redis->start();  // empty again: nothing persisted, so everything after the stop must come back
  EXPECT_TRUE(eventually([&] {
    auto c = kafka->committed("connect-c", "t", 3);
    return c[0] + c[1] + c[2] == n;
  }, 60s)) << redis->dbsize();
  // Every record of the second wave is there. Records of the first whose replies the kill cut
  // off (Redis had run them, the task had not read the answers: up to two pipelines) were
  // written again, so they may be there too (at least once).
  for (size_t i = 0; i < second.size(); ++i)
    ASSERT_TRUE(redis->get(std::to_string(n / 2 + static_cast<int>(i))).has_value()) << i;
  EXPECT_GE(redis->dbsize(), second.size());
}

// Issue 17: two pipelines in flight on the connection (docs/redis-sink.md "Pipelines in
// flight") when Redis is killed. Redis holds the writes (CLIENT PAUSE WRITE) until both
// pipelines are in its query buffer, then dies: nothing of them was acknowledged, so nothing
// past the first wave is committed; once Redis is back, every record lands, and each key holds
// its last record's value (the older pipeline retried, the newer one sent again after it).
// Under RETRY, and under THROW, whose second pipeline goes behind a batch of SETs (a lost Redis
// is no record error: retried under every policy).
class RedisKilledInFlight : public RedisErrors,
                            public ::testing::WithParamInterface<const char*> {};
INSTANTIATE_TEST_SUITE_P(Policies, RedisKilledInFlight, ::testing::Values("RETRY", "THROW"));

TEST_P(RedisKilledInFlight, RedisKilledWithTwoPipelinesInFlightLosesNothingAndKeepsTheOrder) {
  kafka->create_topic("t", 1);
  const std::string pad(200, 'x');
  auto wave = [&](int from, int to) {
    std::vector<std::string> values;
    for (int i = from; i < to; ++i)
      values.push_back(R"({"id":)" + std::to_string(i % 100) + R"(,"v":)" + std::to_string(i) +
                       R"(,"pad":")" + pad + R"("})");
    kafka->produce_values("t", values, 0);
  };
  wave(0, 1000);
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.error.policy", GetParam()},
                   {"connect.redis.retry.interval", "200"},
                   {"connect.redis.batch.size", "50"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 1000; }));
  EXPECT_EQ(redis->get("99"), R"({"id":99,"v":999,"pad":")" + pad + R"("})");

  redis->command({"CLIENT", "PAUSE", "60000", "WRITE"});
  wave(1000, 2000);
  // The ksink connection's query buffer holds more than one batch of 50 SETs: the second
  // pipeline was sent behind the first, which waits for its replies.
  const size_t one_set = std::string("*3\r\n$3\r\nSET\r\n$2\r\n10\r\n$235\r\n").size() + 235 + 2;
  size_t qbuf = 0;
  ASSERT_TRUE(eventually([&] {
    const std::string clients = redis->command({"CLIENT", "LIST"});
    qbuf = 0;
    for (size_t at = clients.find("qbuf="); at != std::string::npos;
         at = clients.find("qbuf=", at + 5))
      qbuf = std::max<size_t>(qbuf, std::stoul(clients.substr(at + 5)));
    return qbuf > 60 * one_set;
  }, 10s)) << "largest query buffer " << qbuf << " bytes, one SET is " << one_set;
  redis->stop();  // SIGKILL: the pipelines' replies never come
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 1000) << "a write not acknowledged was committed";
  std::this_thread::sleep_for(1s);  // the task finds Redis gone and retries
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  redis->start();  // empty: every record after the first wave must come back
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 2000; }, 60s));
  EXPECT_EQ(redis->dbsize(), 100u);
  for (int k = 0; k < 100; ++k)  // the last write of each key wins
    EXPECT_EQ(redis->get(std::to_string(k)),
              R"({"id":)" + std::to_string(k) + R"(,"v":)" + std::to_string(1900 + k) +
                  R"(,"pad":")" + pad + R"("})")
        << k;
}

class RedisWithPassword : public RedisPipelineTest {
  std::vector<std::string> redis_options() override { return {"--requirepass", "s3cret-pw"}; }
};

TEST_F(RedisWithPassword, WrongPasswordFailsAtOnceWithoutShowingIt) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(1));
  start(connector("c", "t", "SELECT * FROM t PK id", {{"connect.redis.password", "wrong-pw"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 10s));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("check connect.redis.password"), std::string::npos) << trace;
  EXPECT_EQ(trace.find("wrong-pw"), std::string::npos) << trace;
}

// Credentials are checked when the task starts, not at the first record: an idle topic must not
// hide a misconfiguration for days.
TEST_F(RedisWithPassword, WrongPasswordFailsAtStartWithNothingToWrite) {
  kafka->create_topic("t");
  start(connector("c", "t", "SELECT * FROM t PK id", {{"connect.redis.password", "wrong-pw"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 10s));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("refused authentication (WRONGPASS): check connect.redis.password"),
            std::string::npos)
      << trace;
}

TEST_F(RedisWithPassword, NoPasswordConfiguredFailsAtStartNamingTheKeyToSet) {
  kafka->create_topic("t");
  start(connector("c", "t", "SELECT * FROM t PK id"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 10s));
  EXPECT_EQ(harness->task_trace("c"),
            "Redis at 127.0.0.1:" + std::to_string(redis->port()) +
                " requires a password (NOAUTH): set connect.redis.password (and "
                "connect.redis.username for an ACL user)");
}

TEST_F(RedisWithPassword, RightPasswordWritesWithTheOldKeyName) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(1));
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.connection.password", "s3cret-pw"}}));
  ASSERT_TRUE(eventually([&] { return redis->get("1").has_value(); }));
}

TEST_F(RedisWithPassword, AclUserAndDatabaseIndex) {
  redis->command({"ACL", "SETUSER", "app", "on", ">app-pw", "~*", "+@all"});
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(7));
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.username", "app"},
                   {"connect.redis.password", "app-pw"},
                   {"connect.redis.db", "3"}}));
  ASSERT_TRUE(eventually([&] {
    return redis->command({"SELECT", "3"}) == "OK" && redis->get("7").has_value();
  }));
  EXPECT_EQ(redis->get("7"), json_id(7));
  redis->command({"SELECT", "0"});
  EXPECT_FALSE(redis->get("7").has_value());
}

TEST_F(RedisWithPassword, AclUserWithoutPermissionFailsNamingTheKeys) {
  redis->command({"ACL", "SETUSER", "reader", "on", ">r-pw", "~*", "+@read", "+auth"});
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, json_id(1));
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.username", "reader"}, {"connect.redis.password", "r-pw"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 10s));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("NOPERM"), std::string::npos) << trace;
  EXPECT_NE(trace.find("give the ACL user connect.redis.username the permission (ACL SETUSER)"),
            std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("r-pw"), std::string::npos) << trace;
}

}  // namespace
}  // namespace ksink::test
