#include "support/redis_server.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace ksink::test {

RedisServer::RedisServer(std::vector<std::string> extra)
    : port_(std::find(extra.begin(), extra.end(), "--cluster-enabled") != extra.end()
                ? free_cluster_port()
                : free_port()),
      extra_(std::move(extra)) {
  dir_ = temp_dir("ksink-redis");
  for (size_t i = 0; i + 1 < extra_.size(); ++i)
    if (extra_[i] == "--requirepass") auth_ = extra_[i + 1];
  start();
}

RedisServer::~RedisServer() {
  stop();
  std::string cmd = "rm -rf '" + dir_ + "'";
  if (std::system(cmd.c_str()) != 0) { /* best effort */ }
}

void RedisServer::start() {
  std::vector<std::string> argv = {"redis-server", "--port", std::to_string(port_), "--bind",
                                   "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir_,
                                   "--protected-mode", "yes"};
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  process_.start(argv, dir_ + "/redis.log");
  bool up = eventually([&] {
    redisContext* c = redisConnect("127.0.0.1", port_);
    bool ok = c && !c->err;
    if (c) redisFree(c);
    return ok;
  }, std::chrono::seconds(20));
  if (!up) throw std::runtime_error("redis-server did not start: " + process_.log());
}

void RedisServer::stop() {
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
  process_.stop(SIGKILL, std::chrono::seconds(10));
}

redisContext* RedisServer::client() {
  if (ctx_ && !ctx_->err) return ctx_;
  if (ctx_) redisFree(ctx_);
  ctx_ = redisConnect("127.0.0.1", port_);
  if (!ctx_ || ctx_->err) throw std::runtime_error("cannot connect to test redis");
  if (!auth_.empty()) freeReplyObject(redisCommand(ctx_, "AUTH %s", auth_.c_str()));
  return ctx_;
}

static std::string reply_text(redisReply* r) {
  if (!r) return "(no reply)";
  switch (r->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR: return std::string(r->str, r->len);
    case REDIS_REPLY_INTEGER: return std::to_string(r->integer);
    case REDIS_REPLY_NIL: return "(nil)";
    case REDIS_REPLY_ARRAY: {
      std::string out;
      for (size_t i = 0; i < r->elements; ++i) {
        if (i) out += "\n";
        out += reply_text(r->element[i]);
      }
      return out;
    }
  }
  return "?";
}

static redisReply* run(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  return static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lens.data()));
}

std::string RedisServer::command(const std::vector<std::string>& args) {
  redisReply* r = run(client(), args);
  std::string out = reply_text(r);
  if (r) freeReplyObject(r);
  return out;
}

std::optional<std::string> RedisServer::get(const std::string& key) {
  redisReply* r = run(client(), {"GET", key});
  std::optional<std::string> out;
  if (r && r->type == REDIS_REPLY_STRING) out = std::string(r->str, r->len);
  if (r) freeReplyObject(r);
  return out;
}

std::vector<std::string> RedisServer::keys(const std::string& pattern) {
  redisReply* r = run(client(), {"KEYS", pattern});
  std::vector<std::string> out;
  if (r && r->type == REDIS_REPLY_ARRAY)
    for (size_t i = 0; i < r->elements; ++i) out.emplace_back(r->element[i]->str, r->element[i]->len);
  if (r) freeReplyObject(r);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::string, std::string>> RedisServer::zrange(const std::string& key) {
  redisReply* r = run(client(), {"ZRANGE", key, "0", "-1", "WITHSCORES"});
  std::vector<std::pair<std::string, std::string>> out;
  if (r && r->type == REDIS_REPLY_ARRAY)
    for (size_t i = 0; i + 1 < r->elements; i += 2)
      out.emplace_back(reply_text(r->element[i]), reply_text(r->element[i + 1]));
  if (r) freeReplyObject(r);
  return out;
}

std::vector<std::map<std::string, std::string>> RedisServer::xrange(const std::string& key) {
  redisReply* r = run(client(), {"XRANGE", key, "-", "+"});
  std::vector<std::map<std::string, std::string>> out;
  if (r && r->type == REDIS_REPLY_ARRAY) {
    for (size_t i = 0; i < r->elements; ++i) {
      redisReply* entry = r->element[i];
      std::map<std::string, std::string> fields;
      redisReply* kv = entry->element[1];
      for (size_t j = 0; j + 1 < kv->elements; j += 2)
        fields[reply_text(kv->element[j])] = reply_text(kv->element[j + 1]);
      out.push_back(std::move(fields));
    }
  }
  if (r) freeReplyObject(r);
  return out;
}

size_t RedisServer::dbsize() { return std::stoul(command({"DBSIZE"})); }

int RedisServer::blocked_clients() {
  const std::string info = command({"INFO", "clients"});
  const auto at = info.find("blocked_clients:");
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + 16));
}

}  // namespace ksink::test
