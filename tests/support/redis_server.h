// A real redis-server on a free loopback port, for one test; inspected with a hiredis client.
#pragma once

#include <hiredis/hiredis.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"

namespace ksink::test {

class RedisServer {
 public:
  // `extra` are redis-server options, e.g. {"--requirepass", "s3cret"}.
  explicit RedisServer(std::vector<std::string> extra = {});
  ~RedisServer();

  int port() const { return port_; }
  void stop();
  void start();  // again, on the same port

  // Runs one command (arguments as strings) and returns the reply as text: strings as they are,
  // integers in decimal, nil as "(nil)", arrays flattened with newlines, errors as "ERR...".
  std::string command(const std::vector<std::string>& args);
  std::optional<std::string> get(const std::string& key);
  std::vector<std::string> keys(const std::string& pattern = "*");
  // ZRANGE key 0 -1 WITHSCORES as (member, score) pairs.
  std::vector<std::pair<std::string, std::string>> zrange(const std::string& key);
  // XRANGE key - + as entries of field -> value.
  std::vector<std::map<std::string, std::string>> xrange(const std::string& key);
  size_t dbsize();
  // INFO clients' blocked_clients: clients held by a CLIENT PAUSE (or a blocking command).
  int blocked_clients();

 private:
  redisContext* client();
  int port_;
  std::vector<std::string> extra_;
  std::string dir_;
  ChildProcess process_;
  redisContext* ctx_ = nullptr;
  std::string auth_;
};

}  // namespace ksink::test
