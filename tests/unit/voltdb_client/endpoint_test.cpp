#include "sinks/voltdb/client/endpoint.h"

#include <gtest/gtest.h>

namespace ksink::voltdb {
namespace {

TEST(Endpoint, Parses) {
  EXPECT_EQ(*parse_endpoint("db1"), (Endpoint{"db1", 21212}));
  EXPECT_EQ(*parse_endpoint("db1:21211"), (Endpoint{"db1", 21211}));
  EXPECT_EQ(*parse_endpoint(" 10.0.0.1:1 "), (Endpoint{"10.0.0.1", 1}));
  EXPECT_EQ(*parse_endpoint("[::1]:5"), (Endpoint{"::1", 5}));
  EXPECT_EQ(*parse_endpoint("[::1]"), (Endpoint{"::1", 21212}));
  EXPECT_EQ(*parse_endpoint("fe80::1"), (Endpoint{"fe80::1", 21212}));
  EXPECT_EQ(parse_endpoint("[::1]:5")->to_string(), "[::1]:5");
  EXPECT_EQ(parse_endpoint("db1")->to_string(), "db1:21212");
}

TEST(Endpoint, Rejects) {
  for (const char* bad :
       {"", ":21212", "db1:", "db1:0", "db1:65536", "db1:x", "db1:-1", "[::1", "[::1]x", "[]:1"}) {
    Result<Endpoint> r = parse_endpoint(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_EQ(parse_endpoint("db1:x").error().message,
            "invalid port in VoltDB server 'db1:x': expected host[:port] with a port from 1 to "
            "65535");
}

TEST(Endpoint, Lists) {
  Result<std::vector<Endpoint>> l = parse_endpoints("a:1, b ,c:3,");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, (std::vector<Endpoint>{{"a", 1}, {"b", 21212}, {"c", 3}}));
  EXPECT_FALSE(parse_endpoints("").ok());
  EXPECT_FALSE(parse_endpoints(" , ").ok());
  EXPECT_FALSE(parse_endpoints("a,b:x").ok());
}

}  // namespace
}  // namespace ksink::voltdb
