#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rest/server.h"

namespace ksink::rest {
namespace {

using ::testing::HasSubstr;

TEST(Listener, EmptyHostBindsLoopback) {
  auto a = parse_listener("http://:8083");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8083);
}

TEST(Listener, HostsAndPorts) {
  EXPECT_EQ(parse_listener("http://0.0.0.0:9000")->host, "0.0.0.0");
  EXPECT_EQ(parse_listener("http://localhost:0/")->port, 0);
  EXPECT_EQ(parse_listener(" http://[::1]:8084 ")->host, "::1");
  EXPECT_EQ(parse_listener("http://[::1]:8084")->port, 8084);
}

TEST(Listener, MistakesSayWhatIsExpected) {
  EXPECT_THAT(parse_listener("https://x:1").error().message, HasSubstr("over http only"));
  EXPECT_THAT(parse_listener("x:1").error().message, HasSubstr("expected http://HOST:PORT"));
  EXPECT_THAT(parse_listener("http://x").error().message, HasSubstr("a port is required"));
  EXPECT_THAT(parse_listener("http://x:99999").error().message, HasSubstr("0 to 65535"));
  EXPECT_THAT(parse_listener("http://x:8o83").error().message, HasSubstr("0 to 65535"));
}

TEST(Listener, WorkerIdIsTheAdvertisedAddress) {
  ListenerAddress a{"127.0.0.1", 0};
  EXPECT_EQ(advertised_worker_id("", 0, a, 4242), "127.0.0.1:4242");
  EXPECT_EQ(advertised_worker_id("connect-1", 0, a, 4242), "connect-1:4242");
  EXPECT_EQ(advertised_worker_id("connect-1", 80, a, 4242), "connect-1:80");
  EXPECT_EQ(advertised_worker_id("", 0, {"::1", 1}, 1), "[::1]:1");
  EXPECT_NE(advertised_worker_id("", 0, {"0.0.0.0", 1}, 1), "0.0.0.0:1");
}

TEST(Listener, ServesOnABoundPortAndStops) {
  // A real socket: bind to any port, stop quickly (no hang, even right after serve()).
  RestServer server;
  auto port = server.bind({"127.0.0.1", 0});
  ASSERT_TRUE(port.ok()) << port.error().message;
  EXPECT_GT(*port, 0);
  RestServer second;
  auto taken = second.bind({"127.0.0.1", *port});
  ASSERT_FALSE(taken.ok());
  EXPECT_THAT(taken.error().message, HasSubstr("cannot listen on http://127.0.0.1:"));
  server.stop();
}

}  // namespace
}  // namespace ksink::rest
