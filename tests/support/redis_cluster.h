// A real Redis Cluster for one test: six redis-server processes (cluster-enabled, each its own
// dir and nodes.conf) on free loopback ports, joined by `redis-cli --cluster create` as three
// masters with one replica each, ready once every node reports cluster_state:ok.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/redis_server.h"

namespace ksink::test {

class RedisCluster {
 public:
  // `extra`: redis-server options for every node (with --requirepass, redis-cli authenticates
  // too). `tls_dir` (server.crt, server.key, ca.crt): every node also gets a tls-port, and the
  // cluster bus and replication run over TLS (tls-cluster, tls-replication).
  explicit RedisCluster(std::vector<std::string> extra = {}, const std::string& tls_dir = {});
  ~RedisCluster();

  // "127.0.0.1:p1,127.0.0.1:p2,...": every node, for connect.redis.host.
  std::string seeds() const;
  // The same over every node's tls-port (a TLS cluster).
  std::string tls_seeds() const;
  RedisServer& node(size_t i) { return *nodes_[i]; }
  size_t size() const { return nodes_.size(); }
  std::vector<RedisServer*> masters();
  // The master serving `key`'s slot, and a replica of `master`.
  RedisServer& master_for(const std::string& key);
  RedisServer& replica_of(RedisServer& master);
  std::string id(RedisServer& node);

  // A command about one key, sent to the node that serves it (as `redis-cli -c` would).
  std::string command(const std::vector<std::string>& args);
  std::optional<std::string> get(const std::string& key);
  std::vector<std::pair<std::string, std::string>> zrange(const std::string& key);
  std::vector<std::map<std::string, std::string>> xrange(const std::string& key);
  // Over every master.
  size_t dbsize();
  std::vector<std::string> keys(const std::string& pattern = "*");

  // Every node answers cluster_state:ok and agrees on the masters.
  bool healthy();
  // CLUSTER FAILOVER on a replica of `master`: returns once the replica is a master and the
  // cluster is healthy again.
  void failover(RedisServer& master);
  // `redis-cli --cluster reshard` moving `slots` slots from `from` to `to`, running in the
  // background until wait_reshard().
  void start_reshard(RedisServer& from, RedisServer& to, int slots);
  int wait_reshard();
  // A master added: a new, empty cluster node joined with `redis-cli --cluster add-node`;
  // returns once every node knows it. It serves no slot until a rebalance.
  RedisServer& add_master();
  // `redis-cli --cluster rebalance --cluster-use-empty-masters`: slots move to the masters
  // without any (the added one), running in the background until wait_reshard().
  void start_rebalance();
  // SIGKILL for `master`: returns once its replica was elected in its place. The node stays
  // down and is left out of everything above.
  void kill(RedisServer& master);
  // Starts a killed node again: it rejoins as a replica of the master elected in its place.
  void revive(RedisServer& node);

 private:
  RedisServer& serving(const std::string& key);
  std::vector<RedisServer*> live();
  std::vector<std::string> cli(std::vector<std::string> args) const;
  std::vector<std::string> options_;
  std::vector<int> tls_ports_;
  std::string password_;
  std::vector<RedisServer*> dead_;
  std::vector<std::unique_ptr<RedisServer>> nodes_;
  std::string dir_;
  ChildProcess reshard_;
};

}  // namespace ksink::test
