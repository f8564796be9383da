// One connection to Redis: connect (with AUTH and SELECT), send a pipeline, read its replies.
// A lost connection is re-established on the next pipeline; the task's error policy decides when
// that is (backoff), so nothing here sleeps.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>

#include "sinks/redis/tls.h"

namespace ksink::redis {

struct ConnectionSettings {
  std::string host;
  int port = 6379;
  std::string username;  // ACL user; empty: the default user
  std::optional<std::string> password;
  int db = 0;
  TlsSettings tls;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds io_timeout{10000};
};

enum class ReplyKind { Ok, Error, Missing };

// What the user must change after an error reply only they can fix (NOAUTH, WRONGPASS, NOPERM:
// the error's first word), as the end of a message.
std::string fatal_reply_hint(const std::string& redis_error);

struct Reply {
  ReplyKind kind = ReplyKind::Missing;  // Missing: the connection broke before this reply
  std::string error;                    // Redis's error text ("WRONGTYPE Operation ...")
  int64_t integer = 0;                  // an integer reply's value (WAIT: replicas that acked)
  std::string text;                     // a status reply's text (TYPE: "zset")
  // An array reply {integer, string} (the stop script's, stop_script.h) is Ok with its integer
  // in `integer` and its string in `error`.
};

// A reply kept whole, for the few commands whose content matters (CLUSTER SHARDS, INFO).
struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyFree>;

// What went wrong with the connection as a whole.
struct ConnectionError {
  bool fatal = false;  // the server refused our credentials or settings: retrying cannot help
  std::string message;
};

class Connection {
 public:
  explicit Connection(ConnectionSettings settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `commands` (RESP, `count` commands) and fills one reply per command. Returns false with
  // `error` when the connection could not be (re)established or broke; replies received before
  // the break are kept, the rest are Missing.
  bool execute(const std::string& commands, size_t count, std::vector<Reply>& replies,
               ConnectionError& error);
  // The same in two halves: start() connects and sends what the socket takes without waiting;
  // finish() sends the rest and reads the replies. Between them the caller can do other work
  // while Redis executes the commands.
  bool start(const std::string& commands, ConnectionError& error);
  bool finish(const std::string& commands, size_t count, std::vector<Reply>& replies,
              ConnectionError& error);
  // After start(): sends more of `commands` without waiting; true once all of it is sent, false
  // with `error` (and the connection closed) when it broke. For writing several connections'
  // pipelines completely before reading any reply (cluster_writer.h).
  bool send_more(const std::string& commands, ConnectionError& error);
  bool all_sent(const std::string& commands) const { return sent_ >= commands.size(); }
  // After start(): sends the rest of `commands`, waiting for the socket (io_timeout at most
  // without progress); false with `error` (and the connection closed) when that fails. Before
  // a second pipeline is started behind this one (redis_writer.h).
  bool send_all(const std::string& commands, ConnectionError& error);
  size_t sent() const { return sent_; }
  int fd() const { return fd_; }
  bool connected() const { return fd_ >= 0; }
  // Runs one command (connecting when needed) and returns its whole reply (also an error
  // reply); nullptr with `error` when the connection failed.
  ReplyPtr call(const std::vector<std::string>& args, ConnectionError& error);
  // Connects and logs in (AUTH, SELECT, a PING that finds a missing password); false with
  // `error` when that fails. execute() and start() call it when not connected.
  bool connect(ConnectionError& error);
  void close();
  // "host:port", for messages.
  std::string endpoint() const;
  const std::string& host() const { return settings_.host; }

 private:
  bool handshake(ConnectionError& error);
  bool start_tls(std::chrono::steady_clock::time_point deadline, ConnectionError& error);
  // send() and recv() on the socket, through TLS when it is on (tls.h has their contract).
  ssize_t send_some(const char* data, size_t size);
  ssize_t recv_some(char* data, size_t size);
  bool roundtrip(const std::string& out, size_t count, std::vector<Reply>& replies,
                 ConnectionError& error);
  bool take_replies(size_t count, size_t& got, std::vector<Reply>& replies, ConnectionError& error);
  size_t sent_ = 0;  // bytes of the current pipeline already sent
  ReplyPtr* keep_ = nullptr;  // call(): where the reply goes instead of being freed

  ConnectionSettings settings_;
  int fd_ = -1;
  std::unique_ptr<TlsSession> tls_;
  redisReader* reader_ = nullptr;
};

}  // namespace ksink::redis
