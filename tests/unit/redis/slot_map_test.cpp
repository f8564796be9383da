// Hash slots as Redis computes them, and the slot maps and redirects Redis Cluster nodes send.
#include "sinks/redis/slot_map.h"

#include <gtest/gtest.h>

#include "kcql/parser.h"
#include "sinks/redis/connection.h"
#include "sinks/redis/crc16.h"
#include "sinks/redis/storage_mode.h"

namespace ksink::redis {
namespace {

// A reply as hiredis reads it from RESP text.
ReplyPtr parse_resp(const std::string& resp) {
  redisReader* reader = redisReaderCreate();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* r = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &r), REDIS_OK);
  redisReaderFree(reader);
  EXPECT_NE(r, nullptr);
  return ReplyPtr(static_cast<redisReply*>(r));
}

std::string bulk(const std::string& s) { return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n"; }
std::string num(long long n) { return ":" + std::to_string(n) + "\r\n"; }
std::string arr(size_t n) { return "*" + std::to_string(n) + "\r\n"; }

TEST(Crc16, IsXmodemWithRedisTestVector) {
  // redis/redis src/crc16.c: 'Output for "123456789" : 31C3'.
  EXPECT_EQ(crc16("123456789"), 0x31C3);
  EXPECT_EQ(crc16(""), 0);
}

TEST(KeyHashSlot, MatchesRedisClusterKeyslot) {
  // Each value is what CLUSTER KEYSLOT answered on redis-server 7.0 (cluster-enabled).
  EXPECT_EQ(key_hash_slot("123456789"), 12739);
  EXPECT_EQ(key_hash_slot("foo"), 12182);
  EXPECT_EQ(key_hash_slot("bar"), 5061);
  EXPECT_EQ(key_hash_slot("a"), 15495);
  EXPECT_EQ(key_hash_slot("b"), 3300);
  EXPECT_EQ(key_hash_slot("hello"), 866);
  EXPECT_EQ(key_hash_slot(""), 0);
}

TEST(KeyHashSlot, HashTagsAsInRedisClusterC) {
  // redis/redis src/cluster.c keyHashSlot: the part between the first '{' and the next '}'.
  EXPECT_EQ(key_hash_slot("{user1000}.following"), 3443);
  EXPECT_EQ(key_hash_slot("{user1000}.followers"), 3443);
  EXPECT_EQ(key_hash_slot("user:{1000}:profile"), 11326);
  EXPECT_EQ(key_hash_slot("foo{bar}{zap}"), 5061);  // the first tag: "bar"
  // An empty tag hashes the whole key; "{{bar}}" has the tag "{bar".
  EXPECT_EQ(key_hash_slot("foo{}{bar}"), 8363);
  EXPECT_EQ(key_hash_slot("{}"), 15257);
  EXPECT_EQ(key_hash_slot("foo{{bar}}zap"), 4015);
  EXPECT_EQ(key_hash_slot("foo{{bar}}zap"), key_hash_slot("{bar"));
  EXPECT_EQ(key_hash_slot("no{close"), crc16("no{close") & 16383);
}

// A CLUSTER SHARDS node as Redis 7 sends it (RESP2: a flat list of name, value).
std::string shard_node(const std::string& ip, const std::string& endpoint, int port, int tls_port,
                       const std::string& role, const std::string& health) {
  std::string out = arr(tls_port ? 16 : 14);
  out += bulk("id") + bulk("0123456789abcdef0123456789abcdef01234567");
  out += bulk("port") + num(port);
  if (tls_port) out += bulk("tls-port") + num(tls_port);
  out += bulk("ip") + bulk(ip) + bulk("endpoint") + bulk(endpoint);
  out += bulk("role") + bulk(role) + bulk("replication-offset") + num(42);
  out += bulk("health") + bulk(health);
  return out;
}

TEST(ClusterShards, MapsEverySlotRangeToItsShardsMaster) {
  std::string resp = arr(3);
  // Shard 1: two ranges, its replica listed first.
  resp += arr(4) + bulk("slots") + arr(4) + num(0) + num(100) + num(200) + num(5460);
  resp += bulk("nodes") + arr(2) + shard_node("10.0.0.4", "10.0.0.4", 7004, 0, "replica", "online") +
          shard_node("10.0.0.1", "10.0.0.1", 7001, 0, "master", "online");
  // Shard 2: the old master failed and is still listed as one; the promoted replica is online.
  resp += arr(4) + bulk("slots") + arr(4) + num(101) + num(199) + num(5461) + num(16383);
  resp += bulk("nodes") + arr(2) + shard_node("10.0.0.2", "10.0.0.2", 7002, 0, "master", "failed") +
          shard_node("10.0.0.5", "", 7005, 0, "master", "online");
  // Shard 3: no slots (yet).
  resp += arr(4) + bulk("slots") + arr(0) + bulk("nodes") + arr(1) +
          shard_node("10.0.0.3", "10.0.0.3", 7003, 0, "master", "online");
  auto reply = parse_resp(resp);
  auto map = parse_cluster_shards(*reply, {"seed.example", 7005}, false);
  ASSERT_TRUE(map.ok()) << map.error().message;
  EXPECT_EQ(map->uncovered(), 0u);
  const NodeAddress first{"10.0.0.1", 7001};
  // An empty endpoint is the node that answered.
  const NodeAddress promoted{"seed.example", 7005};
  EXPECT_EQ(map->masters[map->master_of(0)], first);
  EXPECT_EQ(map->masters[map->master_of(100)], first);
  EXPECT_EQ(map->masters[map->master_of(101)], promoted);
  EXPECT_EQ(map->masters[map->master_of(150)], promoted);
  EXPECT_EQ(map->masters[map->master_of(5460)], first);
  EXPECT_EQ(map->masters[map->master_of(5461)], promoted);
  EXPECT_EQ(map->masters[map->master_of(16383)], promoted);
  EXPECT_EQ(map->masters.size(), 2u);
  EXPECT_NE(std::find(map->replicas.begin(), map->replicas.end(), NodeAddress{"10.0.0.4", 7004}),
            map->replicas.end());
}

TEST(ClusterShards, UsesTheTlsPortWithTls) {
  std::string resp = arr(1) + arr(4) + bulk("slots") + arr(2) + num(0) + num(16383) + bulk("nodes") +
                     arr(1) + shard_node("127.0.0.1", "redis-a.internal", 0, 6380, "master", "online");
  // A node with TLS only has no "port"; shard_node wrote port 0, which a cluster never has.
  auto reply = parse_resp(resp);
  auto tls = parse_cluster_shards(*reply, {"x", 1}, true);
  ASSERT_TRUE(tls.ok()) << tls.error().message;
  EXPECT_EQ(tls->masters[0], (NodeAddress{"redis-a.internal", 6380}));
}

TEST(ClusterShards, PartialCoverageIsCountedNotRefused) {
  std::string resp = arr(1) + arr(4) + bulk("slots") + arr(2) + num(0) + num(8191) + bulk("nodes") +
                     arr(1) + shard_node("127.0.0.1", "127.0.0.1", 7001, 0, "master", "online");
  auto map = parse_cluster_shards(*parse_resp(resp), {"x", 1}, false);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->uncovered(), 8192u);
  EXPECT_EQ(map->master_of(8192), -1);
}

TEST(ClusterShards, RefusesWhatIsNotAShardList) {
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(bulk("nope")), {"x", 1}, false).ok());
  std::string bad_range = arr(1) + arr(4) + bulk("slots") + arr(2) + num(5) + num(16384) +
                          bulk("nodes") + arr(1) +
                          shard_node("127.0.0.1", "127.0.0.1", 7001, 0, "master", "online");
  EXPECT_FALSE(parse_cluster_shards(*parse_resp(bad_range), {"x", 1}, false).ok());
}

TEST(ClusterSlots, MapsRangesToTheFirstNodeListed) {
  // CLUSTER SLOTS: start, end, master [ip, port, id], replicas alike.
  auto node = [](const std::string& ip, int port) {
    return arr(3) + bulk(ip) + num(port) + bulk("0123456789abcdef0123456789abcdef01234567");
  };
  std::string resp = arr(2);
  resp += arr(4) + num(0) + num(5460) + node("127.0.0.1", 7001) + node("127.0.0.1", 7004);
  resp += arr(3) + num(5461) + num(16383) + node("", 7002);
  auto map = parse_cluster_slots(*parse_resp(resp), {"seed", 7002});
  ASSERT_TRUE(map.ok()) << map.error().message;
  EXPECT_EQ(map->uncovered(), 0u);
  EXPECT_EQ(map->masters[map->master_of(5460)], (NodeAddress{"127.0.0.1", 7001}));
  EXPECT_EQ(map->masters[map->master_of(5461)], (NodeAddress{"seed", 7002}));
  EXPECT_EQ(map->replicas, (std::vector<NodeAddress>{{"127.0.0.1", 7004}}));
}

TEST(Redirect, ParsesMovedAndAsk) {
  auto moved = parse_redirect("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(moved);
  EXPECT_FALSE(moved->ask);
  EXPECT_EQ(moved->slot, 3999);
  EXPECT_EQ(moved->node, (NodeAddress{"127.0.0.1", 6381}));
  auto ask = parse_redirect("ASK 15495 redis-b.internal:7002");
  ASSERT_TRUE(ask);
  EXPECT_TRUE(ask->ask);
  EXPECT_EQ(ask->node, (NodeAddress{"redis-b.internal", 7002}));
  auto v6 = parse_redirect("MOVED 1 [::1]:7000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->node, (NodeAddress{"::1", 7000}));
  auto unknown_endpoint = parse_redirect("MOVED 1 :7000");
  ASSERT_TRUE(unknown_endpoint);
  EXPECT_EQ(unknown_endpoint->node, (NodeAddress{"", 7000}));
  EXPECT_FALSE(parse_redirect("WRONGTYPE Operation against a key"));
  EXPECT_FALSE(parse_redirect("MOVED 16384 h:1"));
  EXPECT_FALSE(parse_redirect("MOVED x h:1"));
}

TEST(Seeds, ListsHostsWithTheDefaultPort) {
  auto seeds = parse_seeds("a:7000, b ,[::1]:7002,::1,c:", 6379);
  EXPECT_FALSE(seeds.ok());  // "c:" has no port
  seeds = parse_seeds("a:7000, b ,[::1]:7002,::1", 6379);
  ASSERT_TRUE(seeds.ok()) << seeds.error().message;
  EXPECT_EQ(*seeds, (std::vector<NodeAddress>{{"a", 7000}, {"b", 6379}, {"::1", 7002}, {"::1", 6379}}));
  EXPECT_FALSE(parse_seeds("a:0", 6379).ok());
  EXPECT_FALSE(parse_seeds(" , ", 6379).ok());
  EXPECT_EQ(NodeAddress({"::1", 7000}).text(), "[::1]:7000");
}

// Every command of a record writes the key routing_key() names (docs: one key per command, so
// one slot per record): checked on the RESP each mode encodes.
TEST(RoutingKey, IsTheKeyOfEveryCommandOfTheRecord) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT * FROM t PK id TTL = 5", "k1"},
      {"INSERT INTO z SELECT * FROM t STOREAS SortedSet(score=ts) TTL = 5", "z"},
      {"INSERT INTO m- SELECT * FROM t PK id STOREAS SortedSet(score=ts) TTL = 5", "m-k1"},
      {"INSERT INTO g: SELECT * FROM t PK id STOREAS GeoAdd(longitudeField=lng, latitudeField=lat) TTL = 5", "g:k1"},
      {"INSERT INTO s SELECT * FROM t STOREAS Stream TTL = 5", "s"},
      {"SELECT * FROM t STOREAS PubSub(channel=ch)", "chan"},
  };
  for (const auto& [kcql, key] : cases) {
    auto parsed = kcql::parse(kcql);
    ASSERT_TRUE(parsed.ok()) << kcql;
    std::vector<std::string> warnings;
    auto plan = plan_statement((*parsed)[0], ".", warnings);
    ASSERT_TRUE(plan.ok()) << kcql << ": " << plan.error().message;
    Record r;
    r.topic = "t";
    Object o;
    o.emplace_back("id", Value("k1"));
    o.emplace_back("ts", Value(int64_t{5}));
    o.emplace_back("lng", Value(1.5));
    o.emplace_back("lat", Value(2.5));
    o.emplace_back("ch", Value("chan"));
    r.value = Value(std::move(o));
    CommandBuffer out;
    EncodeScratch scratch;
    std::string error;
    ASSERT_TRUE(encode_record(*plan, r, out, scratch, error)) << kcql << ": " << error;
    EXPECT_EQ(routing_key(*plan, scratch), key) << kcql;
    redisReader* reader = redisReaderCreate();
    redisReaderFeed(reader, out.data().data(), out.data().size());
    for (size_t c = 0; c < out.commands(); ++c) {
      void* v = nullptr;
      ASSERT_EQ(redisReaderGetReply(reader, &v), REDIS_OK);
      ReplyPtr cmd(static_cast<redisReply*>(v));
      ASSERT_GE(cmd->elements, 2u);
      EXPECT_EQ(std::string(cmd->element[1]->str, cmd->element[1]->len), key)
          << kcql << ": command " << cmd->element[0]->str;
    }
    redisReaderFree(reader);
  }
}

}  // namespace
}  // namespace ksink::redis
