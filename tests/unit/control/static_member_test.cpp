// The group.instance.id of a task's consumer (docs/operations.md "Restarting"): stable per
// worker address, connector and task, in the characters and length Kafka accepts
// (apache/kafka JoinGroupRequest.validateGroupInstanceId: [a-zA-Z0-9._-], at most 249).
#include <gtest/gtest.h>

#include "control/connector.h"

namespace ksink {
namespace {

WorkerSettings worker(std::string listener, std::string host = "", int port = 0) {
  WorkerSettings ws;
  ws.listeners = {std::move(listener)};
  ws.rest_advertised_host_name = std::move(host);
  ws.rest_advertised_port = port;
  return ws;
}

TEST(StaticMemberId, NamesTheWorkerAddressTheConnectorAndTheTask) {
  EXPECT_EQ(static_member_id(worker("http://127.0.0.1:8083"), "redis-sink", 0),
            "ksink-127.0.0.1_8083-redis-sink-0");
  // The advertised address wins over the listener's, as for Kafka Connect's worker id.
  EXPECT_EQ(static_member_id(worker("http://:8083", "worker-1.example", 18083), "s", 2),
            "ksink-worker-1.example_18083-s-2");
}

TEST(StaticMemberId, KeepsToTheCharactersAndLengthKafkaAccepts) {
  const std::string id = static_member_id(worker("http://127.0.0.1:8083"), "my sink/ü", 3);
  EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
            std::string::npos)
      << id;
  const std::string long_id = static_member_id(worker("http://127.0.0.1:8083"), std::string(300, 'c'), 7);
  EXPECT_EQ(long_id.size(), 249u);
  EXPECT_TRUE(long_id.ends_with("-7"));
}

}  // namespace
}  // namespace ksink
