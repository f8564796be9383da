#include "sinks/redis/storage_mode.h"

#include <gtest/gtest.h>

#include "kcql/parser.h"
#include "sinks/redis/redis_writer.h"

namespace ksink::redis {
namespace {

struct Planned {
  std::vector<kcql::Statement> statements;
  Result<StoragePlan> plan = Error{"not planned"};
  std::vector<std::string> warnings;
};

Planned plan(const std::string& kcql) {
  Planned p;
  auto parsed = kcql::parse(kcql);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  p.statements = *parsed;
  p.plan = plan_statement(p.statements[0], ".", p.warnings);
  return p;
}

Record record(const std::string& field, Value v) {
  Record r;
  r.topic = "t";
  Object o;
  o.emplace_back(field, std::move(v));
  o.emplace_back("id", Value("k1"));
  r.value = Value(std::move(o));
  return r;
}

TEST(StoragePlan, ChoosesTheModeFromStoreAsAndPk) {
  EXPECT_EQ(plan("SELECT * FROM t PK id").plan->mode, Mode::Cache);
  EXPECT_EQ(plan("INSERT INTO s SELECT * FROM t STOREAS SortedSet").plan->mode, Mode::SortedSet);
  EXPECT_EQ(plan("SELECT * FROM t PK id STOREAS SortedSet").plan->mode, Mode::MultipleSortedSets);
  EXPECT_EQ(plan("SELECT * FROM t PK id STOREAS GeoAdd").plan->mode, Mode::Geo);
  EXPECT_EQ(plan("SELECT * FROM t STOREAS PubSub").plan->mode, Mode::PubSub);
  EXPECT_EQ(plan("INSERT INTO s SELECT * FROM t STOREAS Stream").plan->mode, Mode::Stream);
}

// Redis would refuse every SET of the statement ("invalid expire time"): a start-up error
// instead (redis_writer_test checks that Redis takes the longest TTL accepted here).
TEST(StoragePlan, ATtlRedisCannotTakeIsAStartupError) {
  EXPECT_EQ(plan("SELECT * FROM t PK id TTL = 9000000000000001").plan.error().message,
            "KCQL statement 1: TTL = 9000000000000001 is more seconds than Redis accepts (at "
            "most 9000000000000000)\n  SELECT * FROM t PK id TTL = 9000000000000001");
  EXPECT_TRUE(plan("SELECT * FROM t PK id TTL = 9000000000000000").plan.ok());
}

TEST(StoragePlan, ModesThatCannotWorkAreStartupErrorsQuotingTheStatement) {
  EXPECT_EQ(plan("INSERT INTO TABLE1 SELECT * FROM redis-topic").plan.error().message,
            "KCQL statement 1: Redis cache mode needs a key: add PK with the field(s) that form "
            "the key (e.g. `... FROM redis-topic PK id`), or store with STOREAS SortedSet, "
            "GeoAdd, PubSub or Stream\n  INSERT INTO TABLE1 SELECT * FROM redis-topic");
  EXPECT_NE(plan("SELECT * FROM t STOREAS SortedSet").plan.error().message.find(
                "STOREAS SortedSet needs a sorted set"),
            std::string::npos);
  EXPECT_NE(plan("SELECT * FROM t STOREAS Stream").plan.error().message.find(
                "STOREAS Stream needs a stream"),
            std::string::npos);
  EXPECT_NE(plan("SELECT * FROM t STOREAS Hash").plan.error().message.find(
                "unknown STOREAS type 'Hash'"),
            std::string::npos);
  EXPECT_NE(plan("INSERT INTO s SELECT * FROM t STOREAS Stream(maxlen=0)").plan.error().message.find(
                "maxlen must be a positive integer"),
            std::string::npos);
}

TEST(StoragePlan, StoreAsParametersNameFieldPathsAsColumnListsDo) {
  auto sorted = plan("SELECT * FROM t PK id STOREAS SortedSet(score=_key.ts)");
  ASSERT_TRUE(sorted.plan.ok()) << sorted.plan.error().message;
  EXPECT_EQ(sorted.plan->score.source, kcql::Source::Key);
  EXPECT_EQ(sorted.plan->score.parts, std::vector<std::string>{"ts"});
  auto geo = plan("SELECT * FROM t PK id STOREAS GeoAdd(longitudeField=location.lng)");
  ASSERT_TRUE(geo.plan.ok()) << geo.plan.error().message;
  EXPECT_EQ(geo.plan->longitude.parts, (std::vector<std::string>{"location", "lng"}));
  EXPECT_EQ(geo.plan->latitude.parts, std::vector<std::string>{"latitude"});
  auto header = plan("SELECT * FROM t STOREAS PubSub(channel=_header.route.v2)");
  ASSERT_TRUE(header.plan.ok()) << header.plan.error().message;
  EXPECT_EQ(header.plan->channel_field->source, kcql::Source::Header);
  EXPECT_EQ(header.plan->channel_field->parts, std::vector<std::string>{"route.v2"});

  EXPECT_EQ(plan("SELECT * FROM t PK id STOREAS SortedSet(score='_topic.x')").plan.error().message,
            "KCQL statement 1: STOREAS parameter score: '_topic.x' is not a field path: "
            "'_topic' has no fields, found '_topic.x' (at column 1)\n"
            "  SELECT * FROM t PK id STOREAS SortedSet(score='_topic.x')");
  EXPECT_NE(plan("SELECT * FROM t PK id STOREAS GeoAdd(latitudeField='a..b')")
                .plan.error()
                .message.find("STOREAS parameter latitudeField: 'a..b' is not a field path"),
            std::string::npos);
}

TEST(StoragePlan, ClausesTheModeIgnoresBecomeWarnings) {
  auto p = plan("SELECT * FROM t PK id STOREAS PubSub TTL = 5 WITHFORMAT JSON");
  ASSERT_TRUE(p.plan.ok());
  ASSERT_EQ(p.warnings.size(), 3u);
  EXPECT_NE(p.warnings[0].find("PK (ignored by the Redis sink)"), std::string::npos);
}

// A typo in a parameter name must not fall back to the default field (issue 15 point 7): every
// mode with parameters refuses the ones it does not read, naming them and the accepted ones.
TEST(StoragePlan, AnUnknownStoreAsParameterIsAnErrorNamingItAndTheAcceptedOnes) {
  const std::pair<const char*, const char*> cases[] = {
      {"INSERT INTO s SELECT * FROM t STOREAS SortedSet(scroe=ts)",
       "KCQL statement 1: unknown STOREAS parameter 'scroe' for SortedSet: it accepts score\n"
       "  INSERT INTO s SELECT * FROM t STOREAS SortedSet(scroe=ts)"},
      {"INSERT INTO s- SELECT * FROM t PK id STOREAS SortedSet(score=ts, ttl=5)",
       "KCQL statement 1: unknown STOREAS parameter 'ttl' for SortedSet: it accepts score\n"
       "  INSERT INTO s- SELECT * FROM t PK id STOREAS SortedSet(score=ts, ttl=5)"},
      {"INSERT INTO g SELECT * FROM t STOREAS GeoAdd(longitude=lng, latitudeField=lat)",
       "KCQL statement 1: unknown STOREAS parameter 'longitude' for GeoAdd: it accepts "
       "longitudeField, latitudeField\n"
       "  INSERT INTO g SELECT * FROM t STOREAS GeoAdd(longitude=lng, latitudeField=lat)"},
      {"SELECT * FROM t STOREAS PubSub(chanel=type)",
       "KCQL statement 1: unknown STOREAS parameter 'chanel' for PubSub: it accepts channel\n"
       "  SELECT * FROM t STOREAS PubSub(chanel=type)"},
      {"INSERT INTO st SELECT * FROM t STOREAS Stream(maxLength=10)",
       "KCQL statement 1: unknown STOREAS parameter 'maxLength' for Stream: it accepts maxlen\n"
       "  INSERT INTO st SELECT * FROM t STOREAS Stream(maxLength=10)"},
      {"SELECT * FROM t PK id STOREAS Cache(ttl=5)",
       "KCQL statement 1: unknown STOREAS parameter 'ttl' for Cache: it takes no parameters\n"
       "  SELECT * FROM t PK id STOREAS Cache(ttl=5)"},
  };
  for (const auto& [kcql, message] : cases) {
    auto p = plan(kcql);
    ASSERT_FALSE(p.plan.ok()) << kcql;
    EXPECT_EQ(p.plan.error().message, message);
  }
  // Accepted names in any letter case, as before.
  EXPECT_TRUE(plan("INSERT INTO g SELECT * FROM t STOREAS GeoAdd(LONGITUDEFIELD=lng)").plan.ok());
}

TEST(EncodeRecord, NonNumericScoreIsARecordErrorAndLeavesTheBufferUntouched) {
  auto p = plan("INSERT INTO s SELECT * FROM t STOREAS SortedSet(score=score)");
  CommandBuffer buf;
  EncodeScratch scratch;
  std::string error;
  EXPECT_FALSE(encode_record(*p.plan, record("score", Value("high")), buf, scratch, error));
  EXPECT_EQ(error, "score field 'score' is not numeric (found string); KCQL statement 1 needs a "
                   "number");
  EXPECT_EQ(buf.commands(), 0u);
  EXPECT_TRUE(buf.data().empty());
  EXPECT_TRUE(encode_record(*p.plan, record("score", Value("12.5")), buf, scratch, error));
  EXPECT_EQ(buf.data(), "*4\r\n$4\r\nZADD\r\n$1\r\ns\r\n$4\r\n12.5\r\n$26\r\n"
                        "{\"score\":\"12.5\",\"id\":\"k1\"}\r\n");
}

TEST(EncodeRecord, CacheModeWithTtlIsOneSetWithExpiry) {
  auto p = plan("INSERT INTO p: SELECT score FROM t PK id TTL = 9");
  CommandBuffer buf;
  EncodeScratch scratch;
  std::string error;
  ASSERT_TRUE(encode_record(*p.plan, record("score", Value(1.0)), buf, scratch, error));
  EXPECT_EQ(buf.data(),
            "*5\r\n$3\r\nSET\r\n$4\r\np:k1\r\n$13\r\n{\"score\":1.0}\r\n$2\r\nEX\r\n$1\r\n9\r\n");
}

TEST(ClassifyError, SeparatesRecordErrorsFromUnavailabilityAndMisconfiguration) {
  EXPECT_EQ(classify_error("WRONGTYPE Operation against a key holding the wrong kind of value"),
            Outcome::RecordError);
  EXPECT_EQ(classify_error("ERR value is not a valid float"), Outcome::RecordError);
  EXPECT_EQ(classify_error("LOADING Redis is loading the dataset in memory"), Outcome::Unavailable);
  EXPECT_EQ(classify_error("READONLY You can't write against a read only replica."),
            Outcome::Unavailable);
  // Conditions of the server are never record errors (a skipped redirect is a lost record).
  // The exact texts of Redis 7 (redis/redis src/server.c createSharedObjects, src/cluster.c
  // clusterRedirectClient). TRYAGAIN is here only: Redis sends it to commands with several keys,
  // and ksink sends none (docs/redis-sink.md "Redis Cluster"); the others are also met on real
  // servers in tests/integration/redis_conditions_test.cpp.
  for (const char* e :
       {"MOVED 15988 127.0.0.1:7003", "ASK 3999 127.0.0.1:7002",
        "TRYAGAIN Multiple keys request during rehashing of slot",
        "CLUSTERDOWN The cluster is down", "CLUSTERDOWN Hash slot not served",
        "CLUSTERDOWN The cluster is down and only accepts read commands",
        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
        "NOREPLICAS Not enough good replicas to write.",
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
        "to disk.",
        "OOM command not allowed when used memory > 'maxmemory'."})
    EXPECT_EQ(classify_error(e), Outcome::Unavailable) << e;
  EXPECT_EQ(classify_error("NOAUTH Authentication required."), Outcome::Fatal);
  EXPECT_EQ(classify_error("NOPERM this user has no permissions"), Outcome::Fatal);
}

}  // namespace
}  // namespace ksink::redis
