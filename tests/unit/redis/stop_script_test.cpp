// The stop script against a real redis-server: it runs a pipeline's commands in order and stops at
// the first error reply, and its answer is spread back over the commands (stop_script.h).
#include "sinks/redis/stop_script.h"

#include <gtest/gtest.h>

#include "sinks/redis/redis_writer.h"
#include "support/redis_server.h"

namespace ksink::redis {
namespace {

struct Ran {
  std::vector<Reply> replies;  // one per command of the pipeline
  size_t stop = 0;
};

CommandBuffer pipeline(const std::vector<std::vector<std::string>>& commands) {
  CommandBuffer out;
  for (const auto& c : commands) {
    out.begin(c.size());
    for (const auto& a : c) out.arg(a);
  }
  return out;
}

Ran run_script(test::RedisServer& redis, const CommandBuffer& commands,
               const std::string& user = "", const std::string& password = "") {
  ConnectionSettings s;
  s.host = "127.0.0.1";
  s.port = redis.port();
  s.username = user;
  if (!password.empty()) s.password = password;
  Connection connection(s);
  CommandBuffer script;
  append_stop_script(commands.data(), commands.commands(), script);
  std::vector<Reply> replies;
  ConnectionError error;
  EXPECT_TRUE(connection.execute(script.data(), script.commands(), replies, error)) << error.message;
  Ran ran;
  ran.stop = spread_script_reply(replies.at(0), commands.commands(), ran.replies);
  return ran;
}

TEST(StopScript, RunsTheCommandsBeforeTheRefusedOneAndNoneAfterIt) {
  test::RedisServer redis;
  redis.command({"SET", "not-a-stream", "x"});
  auto commands = pipeline({{"XADD", "s", "*", "f", "1"},
                            {"PUBLISH", "ch", "m"},
                            {"XADD", "not-a-stream", "*", "f", "2"},
                            {"XADD", "s", "*", "f", "3"},
                            {"SET", "after", "v"}});
  Ran ran = run_script(redis, commands);
  EXPECT_EQ(ran.stop, 2u);
  ASSERT_EQ(ran.replies.size(), 5u);
  EXPECT_EQ(ran.replies[0].kind, ReplyKind::Ok);
  EXPECT_EQ(ran.replies[1].kind, ReplyKind::Ok);
  EXPECT_EQ(ran.replies[2].kind, ReplyKind::Error);
  EXPECT_EQ(ran.replies[2].error,
            "WRONGTYPE Operation against a key holding the wrong kind of value");
  EXPECT_EQ(classify_error(ran.replies[2].error), Outcome::RecordError);
  EXPECT_EQ(ran.replies[3].kind, ReplyKind::Missing);
  EXPECT_EQ(ran.replies[4].kind, ReplyKind::Missing);
  EXPECT_EQ(redis.xrange("s").size(), 1u);
  EXPECT_FALSE(redis.get("after").has_value());
}

TEST(StopScript, RunsEveryCommandWhenNoneIsRefused) {
  test::RedisServer redis;
  auto commands = pipeline({{"XADD", "s", "*", "f", "1"},
                            {"ZADD", "z", "1.5", "m"},
                            {"EXPIRE", "z", "60"},
                            {"GEOADD", "g", "13.4", "52.5", "p"},
                            {"SET", "k", "v", "EX", "60"}});
  Ran ran = run_script(redis, commands);
  EXPECT_EQ(ran.stop, 5u);
  for (const auto& r : ran.replies) EXPECT_EQ(r.kind, ReplyKind::Ok);
  EXPECT_EQ(redis.xrange("s").size(), 1u);
  EXPECT_EQ(redis.zrange("z").size(), 1u);
  EXPECT_EQ(redis.get("k"), "v");
}

// Redis refuses a script's first write that may grow memory when it is over maxmemory: what ran
// before it (PUBLISH grows nothing) counts as written, it and the rest are retried.
TEST(StopScript, OutOfMemoryStopsAtTheFirstWriteAsATargetCondition) {
  test::RedisServer redis;
  redis.command({"CONFIG", "SET", "maxmemory", "1"});
  auto commands = pipeline({{"PUBLISH", "ch", "m"}, {"XADD", "s", "*", "f", "1"},
                            {"XADD", "s", "*", "f", "2"}});
  Ran ran = run_script(redis, commands);
  EXPECT_EQ(ran.stop, 1u);
  EXPECT_EQ(ran.replies[0].kind, ReplyKind::Ok);
  ASSERT_EQ(ran.replies[1].kind, ReplyKind::Error);
  EXPECT_EQ(classify_error(ran.replies[1].error), Outcome::Unavailable) << ran.replies[1].error;
  EXPECT_EQ(ran.replies[2].kind, ReplyKind::Missing);
  redis.command({"CONFIG", "SET", "maxmemory", "0"});
  EXPECT_EQ(redis.xrange("s").size(), 0u);
}

// Inside a script Redis words an ACL refusal without NOPERM; it is still the user's to fix.
TEST(StopScript, AKeyTheAclUserMayNotWriteIsAMisconfiguration) {
  test::RedisServer redis;
  redis.command({"ACL", "SETUSER", "app", "on", ">pw", "~a*", "&*", "+@all"});
  auto commands = pipeline({{"SET", "a1", "v"}, {"SET", "b1", "v"}, {"SET", "a2", "v"}});
  Ran ran = run_script(redis, commands, "app", "pw");
  EXPECT_EQ(ran.stop, 1u);
  ASSERT_EQ(ran.replies[1].kind, ReplyKind::Error);
  EXPECT_EQ(classify_error(ran.replies[1].error), Outcome::Fatal) << ran.replies[1].error;
  EXPECT_EQ(redis.get("a1"), "v");
  EXPECT_FALSE(redis.get("a2").has_value());
}

// Lua passes at most about 8000 values to a call: a longer command cannot go through the script.
TEST(StopScript, ACommandTooLongForALuaCallIsNotWrapped) {
  std::vector<std::string> xadd = {"XADD", "s", "*"};
  for (int i = 0; i < 3500; ++i) xadd.insert(xadd.end(), {"f" + std::to_string(i), "v"});
  CommandBuffer out;
  EXPECT_FALSE(append_stop_script(pipeline({xadd}).data(), 1, out));
  EXPECT_EQ(out.commands(), 0u);
  xadd.resize(6999);
  EXPECT_TRUE(append_stop_script(pipeline({xadd}).data(), 1, out));
}

TEST(StopScript, CommandWordsNameTheCommandAndItsKeyOnly) {
  auto commands = pipeline({{"SET", "k", "secret value"}, {"ZADD", std::string(150, 'z'), "1", "m"}});
  EXPECT_EQ(command_words(commands.data(), 0), "SET k");
  EXPECT_EQ(command_words(commands.data(), 1), "ZADD " + std::string(100, 'z') + "...");
  EXPECT_EQ(command_end(commands.data(), 0), std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$12\r\nsecret value\r\n").size());
}

}  // namespace
}  // namespace ksink::redis
