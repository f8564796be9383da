// The type forecast against a real redis-server: for each sequence of commands, what the forecast
// says Redis will refuse is what Redis then refuses (type_forecast.h). The types it starts from
// are TYPE's replies, as the cluster writer asks them.
#include "sinks/redis/type_forecast.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/redis_server.h"

namespace ksink::redis {
namespace {

using Command = std::vector<std::string>;

class TypeForecastTest : public ::testing::Test {
 protected:
  // Forecasts `commands` from the keys' types now, then runs them one by one: the forecast's
  // verdict for each command is Redis's reply (WRONGTYPE or not). Returns the verdicts.
  std::vector<bool> forecast_then_run(const std::vector<Command>& commands) {
    TypeForecast forecast;
    std::set<std::string> asked;
    for (const auto& c : commands)
      if (TypeForecast::needs_type(c[0]) && asked.insert(c[1]).second)
        forecast.learn(c[1], redis.command({"TYPE", c[1]}));
    std::vector<bool> verdicts;
    for (const auto& c : commands) {
      const bool accepted = forecast.accepts(c[0], c[1]);
      const std::string reply = redis.command(c);
      EXPECT_EQ(accepted, reply.rfind("WRONGTYPE", 0) != 0)
          << c[0] << " " << c[1] << ": Redis replied " << reply;
      verdicts.push_back(accepted);
    }
    return verdicts;
  }

  test::RedisServer redis;
};

TEST_F(TypeForecastTest, AKeyOfAnotherTypeRefusesZaddGeoaddAndXadd) {
  redis.command({"SET", "s", "a string"});
  redis.command({"HSET", "h", "f", "v"});
  redis.command({"ZADD", "z", "1", "m"});
  redis.command({"XADD", "x", "*", "f", "v"});
  EXPECT_EQ(forecast_then_run({{"ZADD", "s", "1", "m"},
                               {"GEOADD", "h", "1", "2", "m"},
                               {"XADD", "z", "*", "f", "v"},
                               {"ZADD", "x", "1", "m"},
                               {"GEOADD", "z", "1", "2", "g"},
                               {"XADD", "x", "*", "f", "v"},
                               {"ZADD", "new-z", "1", "m"},
                               {"XADD", "new-x", "*", "f", "v"}}),
            (std::vector<bool>{false, false, false, false, true, true, true, true}));
}

TEST_F(TypeForecastTest, CommandsEarlierInTheBatchChangeTheType) {
  // SET replaces a sorted set with a string, DEL removes it, ZADD creates a sorted set an XADD
  // then meets; a refused command changes nothing; EXPIRE keeps the type.
  redis.command({"ZADD", "k", "1", "m"});
  EXPECT_EQ(forecast_then_run({{"ZADD", "k", "2", "m"},
                               {"SET", "k", "v"},
                               {"ZADD", "k", "3", "m"},
                               {"EXPIRE", "k", "100"},
                               {"XADD", "k", "*", "f", "v"},
                               {"DEL", "k"},
                               {"XADD", "k", "*", "f", "v"},
                               {"ZADD", "k", "4", "m"},
                               {"EXPIRE", "k", "100"},
                               {"XADD", "k", "*", "f", "v"}}),
            (std::vector<bool>{true, true, false, true, false, true, true, false, true, true}));
}

}  // namespace
}  // namespace ksink::redis
