#include "support/redis_cluster.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace ksink::test {
namespace {

bool redirected(const std::string& reply) {
  return reply.rfind("MOVED ", 0) == 0 || reply.rfind("ASK ", 0) == 0;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size()) {
    size_t nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

}  // namespace

RedisCluster::RedisCluster(std::vector<std::string> extra, const std::string& tls_dir) {
  // RedisServer gives a cluster node a port whose bus port (+10000) is free too.
  options_ = {"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
              "--cluster-node-timeout", "3000"};
  options_.insert(options_.end(), extra.begin(), extra.end());
  for (size_t i = 0; i + 1 < extra.size(); ++i)
    if (extra[i] == "--requirepass") password_ = extra[i + 1];
  for (int i = 0; i < 6; ++i) {
    std::vector<std::string> options = options_;
    if (!tls_dir.empty()) {
      // With tls-cluster the bus port is the tls-port + 10000. The plain port stays open:
      // redis-cli creates the cluster through it and the tests inspect through it.
      tls_ports_.push_back(free_cluster_port());
      for (const std::string& o :
           {std::string("--tls-port"), std::to_string(tls_ports_.back()),
            std::string("--tls-cert-file"), tls_dir + "/server.crt", std::string("--tls-key-file"),
            tls_dir + "/server.key", std::string("--tls-ca-cert-file"), tls_dir + "/ca.crt",
            std::string("--tls-cluster"), std::string("yes"), std::string("--tls-replication"),
            std::string("yes"), std::string("--tls-auth-clients"), std::string("no")})
        options.push_back(o);
    }
    nodes_.push_back(std::make_unique<RedisServer>(options));
  }
  dir_ = temp_dir("ksink-redis-cluster");
  // The first three become masters, each of the others a replica of one (redis-cli's choice).
  std::vector<std::string> argv = cli({"--cluster", "create"});
  for (auto& n : nodes_) argv.push_back("127.0.0.1:" + std::to_string(n->port()));
  for (const char* a : {"--cluster-replicas", "1", "--cluster-yes"}) argv.push_back(a);
  ChildProcess create;
  create.start(argv, dir_ + "/create.log");
  if (create.wait(std::chrono::seconds(60)) != 0)
    throw std::runtime_error("redis-cli --cluster create failed: " + create.log());
  bool ok = eventually([&] {
    if (!healthy()) return false;
    // Every replica attached: a failover needs one, and WAIT counts them.
    // ROLE of a master: "master", its offset, then ip, port, offset per replica.
    for (RedisServer* m : masters())
      if (lines(m->command({"ROLE"})).size() < 5) return false;
    return masters().size() == 3;
  }, std::chrono::seconds(45));
  if (!ok) throw std::runtime_error("the Redis Cluster did not become ready: " + create.log());
}

RedisCluster::~RedisCluster() {
  reshard_.stop(SIGKILL, std::chrono::seconds(10));
  nodes_.clear();
  std::string cmd = "rm -rf '" + dir_ + "'";
  if (std::system(cmd.c_str()) != 0) { /* best effort */ }
}

std::vector<RedisServer*> RedisCluster::live() {
  std::vector<RedisServer*> out;
  for (auto& n : nodes_)
    if (std::find(dead_.begin(), dead_.end(), n.get()) == dead_.end()) out.push_back(n.get());
  return out;
}

void RedisCluster::kill(RedisServer& master) {
  RedisServer& replica = replica_of(master);
  master.stop();
  dead_.push_back(&master);
  // The replica's election follows cluster-node-timeout (3 s) and a vote of the other masters.
  bool promoted = eventually([&] {
    return first_line(replica.command({"ROLE"})) == "master" && healthy();
  }, std::chrono::seconds(40));
  if (!promoted) throw std::runtime_error("the replica of a killed master was not promoted");
}

void RedisCluster::revive(RedisServer& node) {
  node.start();  // same port and dir: its nodes.conf makes it rejoin, as a replica now
  dead_.erase(std::remove(dead_.begin(), dead_.end(), &node), dead_.end());
  bool rejoined = eventually([&] {
    return first_line(node.command({"ROLE"})) == "slave" && healthy();
  }, std::chrono::seconds(40));
  if (!rejoined) throw std::runtime_error("the killed master did not rejoin as a replica");
}

std::string RedisCluster::seeds() const {
  std::string out;
  for (const auto& n : nodes_) {
    if (!out.empty()) out += ",";
    out += "127.0.0.1:" + std::to_string(n->port());
  }
  return out;
}

std::string RedisCluster::tls_seeds() const {
  std::string out;
  for (int port : tls_ports_) out += (out.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(port));
  return out;
}

std::vector<std::string> RedisCluster::cli(std::vector<std::string> args) const {
  std::vector<std::string> argv = {"redis-cli"};
  if (!password_.empty()) argv.insert(argv.end(), {"-a", password_, "--no-auth-warning"});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::vector<RedisServer*> RedisCluster::masters() {
  std::vector<RedisServer*> out;
  for (RedisServer* n : live())
    if (first_line(n->command({"ROLE"})) == "master") out.push_back(n);
  return out;
}

RedisServer& RedisCluster::replica_of(RedisServer& master) {
  for (RedisServer* n : live()) {
    auto role = lines(n->command({"ROLE"}));
    if (role.size() >= 3 && role[0] == "slave" && role[2] == std::to_string(master.port()))
      return *n;
  }
  throw std::runtime_error("no replica of the master on port " + std::to_string(master.port()));
}

std::string RedisCluster::id(RedisServer& node) { return node.command({"CLUSTER", "MYID"}); }

RedisServer& RedisCluster::serving(const std::string& key) {
  for (RedisServer* n : live())
    if (!redirected(n->command({"TYPE", key})) && first_line(n->command({"ROLE"})) == "master")
      return *n;
  throw std::runtime_error("no node serves " + key);
}

RedisServer& RedisCluster::master_for(const std::string& key) { return serving(key); }

std::string RedisCluster::command(const std::vector<std::string>& args) {
  std::string last;
  for (RedisServer* n : live()) {
    last = n->command(args);
    if (last.rfind("MOVED ", 0) == 0) continue;
    if (last.rfind("ASK ", 0) == 0) {
      // A slot migrating: the key is on the importing node, which answers after ASKING (on the
      // same connection, right before the command).
      const std::string port = last.substr(last.rfind(':') + 1);
      for (RedisServer* target : live())
        if (std::to_string(target->port()) == port) {
          target->command({"ASKING"});
          return target->command(args);
        }
    }
    return last;
  }
  return last;
}

std::optional<std::string> RedisCluster::get(const std::string& key) {
  const std::string value = command({"GET", key});
  if (value == "(nil)") return std::nullopt;
  return value;
}

std::vector<std::pair<std::string, std::string>> RedisCluster::zrange(const std::string& key) {
  return serving(key).zrange(key);
}

std::vector<std::map<std::string, std::string>> RedisCluster::xrange(const std::string& key) {
  return serving(key).xrange(key);
}

size_t RedisCluster::dbsize() {
  size_t n = 0;
  for (RedisServer* m : masters()) n += m->dbsize();
  return n;
}

std::vector<std::string> RedisCluster::keys(const std::string& pattern) {
  std::vector<std::string> out;
  for (RedisServer* m : masters()) {
    auto k = m->keys(pattern);
    out.insert(out.end(), k.begin(), k.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool RedisCluster::healthy() {
  for (RedisServer* n : live()) {
    const std::string info = n->command({"CLUSTER", "INFO"});
    if (info.find("cluster_state:ok") == std::string::npos ||
        info.find("cluster_slots_ok:16384") == std::string::npos ||
        (dead_.empty() &&
         info.find("cluster_known_nodes:" + std::to_string(nodes_.size())) == std::string::npos))
      return false;
  }
  return true;
}

void RedisCluster::failover(RedisServer& master) {
  RedisServer& replica = replica_of(master);
  const std::string reply = replica.command({"CLUSTER", "FAILOVER"});
  if (reply != "OK") throw std::runtime_error("CLUSTER FAILOVER: " + reply);
  bool done = eventually([&] {
    return first_line(replica.command({"ROLE"})) == "master" &&
           first_line(master.command({"ROLE"})) == "slave" && healthy();
  }, std::chrono::seconds(30));
  if (!done) throw std::runtime_error("the manual failover did not finish");
}

void RedisCluster::start_reshard(RedisServer& from, RedisServer& to, int slots) {
  reshard_.start(cli({"--cluster", "reshard", "127.0.0.1:" + std::to_string(from.port()),
                      "--cluster-from", id(from), "--cluster-to", id(to), "--cluster-slots",
                      std::to_string(slots), "--cluster-yes", "--cluster-pipeline", "100"}),
                 dir_ + "/reshard.log");
}

int RedisCluster::wait_reshard() { return reshard_.wait(std::chrono::seconds(300)); }

RedisServer& RedisCluster::add_master() {
  const std::string existing = "127.0.0.1:" + std::to_string(nodes_.front()->port());
  nodes_.push_back(std::make_unique<RedisServer>(options_));
  RedisServer& added = *nodes_.back();
  ChildProcess add;
  add.start(cli({"--cluster", "add-node", "127.0.0.1:" + std::to_string(added.port()), existing}),
            dir_ + "/add-node.log");
  if (add.wait(std::chrono::seconds(60)) != 0)
    throw std::runtime_error("redis-cli --cluster add-node failed: " + add.log());
  // healthy() also wants every node to know every other, the added one included.
  if (!eventually([&] { return healthy(); }, std::chrono::seconds(30)))
    throw std::runtime_error("the added node did not join the cluster");
  return added;
}

void RedisCluster::start_rebalance() {
  reshard_.start(cli({"--cluster", "rebalance", "127.0.0.1:" + std::to_string(nodes_.front()->port()),
                      "--cluster-use-empty-masters", "--cluster-pipeline", "100"}),
                 dir_ + "/rebalance.log");
}

}  // namespace ksink::test
