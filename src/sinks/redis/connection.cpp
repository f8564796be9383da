#include "sinks/redis/connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <hiredis/hiredis.h>

#include "sinks/redis/resp.h"

namespace ksink::redis {

using Clock = std::chrono::steady_clock;

Connection::Connection(ConnectionSettings settings) : settings_(std::move(settings)) {}

Connection::~Connection() { close(); }

std::string Connection::endpoint() const { return fmt::format("{}:{}", settings_.host, settings_.port); }

void Connection::close() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (reader_) redisReaderFree(reader_);
  reader_ = nullptr;
}

static int wait_fd(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return 0;
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r;
    return p.revents;
  }
}

std::string fatal_reply_hint(const std::string& e) {
  if (e.rfind("NOAUTH", 0) == 0)
    return "set connect.redis.password (and connect.redis.username for an ACL user)";
  if (e.rfind("NOPERM", 0) == 0)
    return "give the ACL user connect.redis.username the permission (ACL SETUSER) or set "
           "connect.redis.username to a user that has it";
  return "check connect.redis.password and connect.redis.username";
}

bool Connection::connect(ConnectionError& error) {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  std::string port = std::to_string(settings_.port);
  if (int rc = getaddrinfo(settings_.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    error = {false, fmt::format("cannot resolve Redis host '{}': {}", settings_.host,
                                gai_strerror(rc))};
    return false;
  }
  std::string last = "no address";
  const auto deadline = Clock::now() + settings_.connect_timeout;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
      int ev = wait_fd(fd, POLLOUT, Clock::now() + settings_.connect_timeout);
      int soerr = 0;
      socklen_t len = sizeof soerr;
      if (ev <= 0) {
        soerr = ETIMEDOUT;
      } else {
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
      }
      rc = soerr ? -1 : 0;
      errno = soerr;
    }
    if (rc == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      fd_ = fd;
      break;
    }
    last = std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(res);
  if (fd_ < 0) {
    error = {false, fmt::format("cannot connect to Redis at {}: {}", endpoint(), last)};
    return false;
  }
  if (settings_.tls.enabled && !start_tls(deadline, error)) {
    close();
    return false;
  }
  reader_ = redisReaderCreate();
  return handshake(error);
}

bool Connection::start_tls(Clock::time_point deadline, ConnectionError& error) {
  auto session = TlsSession::create(settings_.tls, settings_.host, fd_);
  if (!session) {
    error = {true, session.error().message};
    return false;
  }
  tls_ = std::move(*session);
  for (;;) {
    const TlsSession::Step step = tls_->handshake();
    if (step == TlsSession::Step::Done) return true;
    if (step == TlsSession::Step::Failed) {
      // A certificate that does not verify is a misconfiguration; anything else may be a
      // server restarting, retried like a refused connection (with a hint, since a plain-text
      // port answers TLS with garbage).
      error = tls_->verify_failed()
                  ? ConnectionError{true, fmt::format("TLS with Redis at {} failed: {}: check "
                                                      "connect.redis.ssl.ca.file and "
                                                      "connect.redis.host",
                                                      endpoint(), tls_->error())}
                  : ConnectionError{false, fmt::format("TLS with Redis at {} failed ({}); is "
                                                       "the port Redis' tls-port?",
                                                       endpoint(), tls_->error())};
      return false;
    }
    int ev = wait_fd(fd_, step == TlsSession::Step::WantRead ? POLLIN : POLLOUT, deadline);
    if (ev <= 0 || (ev & (POLLERR | POLLNVAL))) {
      error = {false, fmt::format("TLS with Redis at {}: no handshake within {} ms", endpoint(),
                                  settings_.connect_timeout.count())};
      return false;
    }
  }
}

ssize_t Connection::send_some(const char* data, size_t size) {
  if (tls_) return tls_->send(data, size);
  return ::send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
}

ssize_t Connection::recv_some(char* data, size_t size) {
  if (tls_) return tls_->recv(data, size);
  return ::recv(fd_, data, size, 0);
}

bool Connection::handshake(ConnectionError& error) {
  CommandBuffer cmds;
  size_t auth = 0, select = 0;
  if (settings_.password) {
    cmds.begin(settings_.username.empty() ? 2 : 3);
    cmds.arg("AUTH");
    if (!settings_.username.empty()) cmds.arg(settings_.username);
    cmds.arg(*settings_.password);
    auth = cmds.commands();
  }
  if (settings_.db != 0) {
    cmds.begin(2);
    cmds.arg("SELECT");
    cmds.arg(int64_t{settings_.db});
    select = cmds.commands();
  }
  // A Redis with a password answers NOAUTH to anything when none is configured: found here, at
  // connect, rather than at the first record (which an idle topic may not bring for days).
  cmds.begin(1);
  cmds.arg("PING");
  const size_t ping = cmds.commands();
  std::vector<Reply> replies;
  sent_ = 0;
  if (!roundtrip(cmds.data(), cmds.commands(), replies, error)) {
    close();
    return false;
  }
  if (auth && replies[auth - 1].kind == ReplyKind::Error) {
    const std::string& e = replies[auth - 1].error;
    std::string who = settings_.username.empty() ? "the default user"
                                                 : fmt::format("user '{}'", settings_.username);
    std::string hint =
        e.find("no password is set") != std::string::npos ||
                e.find("without any password configured") != std::string::npos
            ? "this Redis has no password: remove connect.redis.password"
            : fmt::format("check connect.redis.password{} for {}",
                          settings_.username.empty() ? "" : " and connect.redis.username", who);
    error = {true, fmt::format("Redis at {} refused authentication ({}): {}", endpoint(),
                               e.substr(0, e.find(' ')), hint)};
    close();
    return false;
  }
  if (select && replies[select - 1].kind == ReplyKind::Error) {
    error = {true, fmt::format("Redis at {} refused SELECT {} ({}): check connect.redis.db",
                               endpoint(), settings_.db, replies[select - 1].error)};
    close();
    return false;
  }
  // Other PING errors do not matter: an ACL user may write without being allowed to PING.
  if (replies[ping - 1].kind == ReplyKind::Error &&
      replies[ping - 1].error.rfind("NOAUTH", 0) == 0) {
    error = {true, fmt::format("Redis at {} requires a password (NOAUTH): {}", endpoint(),
                               fatal_reply_hint("NOAUTH"))};
    close();
    return false;
  }
  return true;
}

bool Connection::execute(const std::string& commands, size_t count, std::vector<Reply>& replies,
                         ConnectionError& error) {
  replies.assign(count, Reply{});
  return start(commands, error) && finish(commands, count, replies, error);
}

ReplyPtr Connection::call(const std::vector<std::string>& args, ConnectionError& error) {
  CommandBuffer cmd;
  cmd.begin(args.size());
  for (const auto& a : args) cmd.arg(a);
  // Connected first: the handshake's own replies must not land in `kept`.
  if (fd_ < 0 && !connect(error)) return nullptr;
  ReplyPtr kept;
  std::vector<Reply> replies;
  keep_ = &kept;
  const bool ok = execute(cmd.data(), 1, replies, error);
  keep_ = nullptr;
  if (!ok) return nullptr;
  return kept;
}

bool Connection::start(const std::string& commands, ConnectionError& error) {
  if (fd_ < 0 && !connect(error)) return false;
  sent_ = 0;
  ssize_t n = send_some(commands.data(), commands.size());
  if (n < 0 && errno != EAGAIN && errno != EINTR) {
    error = {false, fmt::format("connection to Redis at {} lost: {}", endpoint(),
                                std::strerror(errno))};
    close();
    return false;
  }
  if (n > 0) sent_ = static_cast<size_t>(n);
  return true;
}

bool Connection::send_more(const std::string& commands, ConnectionError& error) {
  if (fd_ < 0) {
    error = {false, fmt::format("not connected to Redis at {}", endpoint())};
    return false;
  }
  while (sent_ < commands.size()) {
    ssize_t n = send_some(commands.data() + sent_, commands.size() - sent_);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;  // the socket is full
    if (n <= 0) {
      error = {false, fmt::format("connection to Redis at {} lost: {}", endpoint(),
                                  std::strerror(errno))};
      close();
      return false;
    }
    sent_ += static_cast<size_t>(n);
  }
  return true;
}

bool Connection::send_all(const std::string& commands, ConnectionError& error) {
  while (send_more(commands, error) && !all_sent(commands)) {
    const int ev = wait_fd(fd_, POLLOUT, Clock::now() + settings_.io_timeout);
    if (ev > 0 && !(ev & (POLLERR | POLLNVAL))) continue;
    error = {false, ev == 0 ? fmt::format("Redis at {} took no more commands within {} ms",
                                          endpoint(), settings_.io_timeout.count())
                            : fmt::format("connection to Redis at {} failed", endpoint())};
    close();
    return false;
  }
  return fd_ >= 0;
}

bool Connection::finish(const std::string& commands, size_t count, std::vector<Reply>& replies,
                        ConnectionError& error) {
  replies.assign(count, Reply{});
  if (fd_ < 0) {
    error = {false, fmt::format("not connected to Redis at {}", endpoint())};
    return false;
  }
  if (roundtrip(commands, count, replies, error)) return true;
  close();
  return false;
}

bool Connection::roundtrip(const std::string& out, size_t count, std::vector<Reply>& replies,
                           ConnectionError& error) {
  replies.assign(count, Reply{});
  size_t& sent = sent_;
  size_t got = 0;
  char buf[64 * 1024];
  auto deadline = Clock::now() + settings_.io_timeout;
  // Replies read with the pipeline before this one, which Redis sent right behind its own:
  // waiting for the socket first would wait for what is already here.
  if (!take_replies(count, got, replies, error)) return false;
  while (got < count) {
    short events = POLLIN;
    if (sent < out.size()) events |= POLLOUT;
    int ev = wait_fd(fd_, events, deadline);
    if (ev == 0) {
      error = {false, fmt::format("Redis at {} did not answer within {} ms", endpoint(),
                                  settings_.io_timeout.count())};
      return false;
    }
    if (ev < 0 || (ev & (POLLERR | POLLNVAL))) {
      error = {false, fmt::format("connection to Redis at {} failed", endpoint())};
      return false;
    }
    if ((ev & POLLOUT) && sent < out.size()) {
      ssize_t n = send_some(out.data() + sent, out.size() - sent);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        error = {false, fmt::format("connection to Redis at {} lost: {}", endpoint(),
                                    std::strerror(errno))};
        return false;
      }
      if (n > 0) sent += static_cast<size_t>(n);
    }
    // TLS may hold decrypted bytes poll() cannot see: with it, read until nothing is left.
    for (bool more = (ev & (POLLIN | POLLHUP)) != 0; more; more = tls_ != nullptr) {
      ssize_t n = recv_some(buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        error = {false, fmt::format("connection to Redis at {} lost{}", endpoint(),
                                    n == 0 ? " (closed by the server)" : "")};
        return false;
      }
      if (n < 0) break;
      redisReaderFeed(reader_, buf, static_cast<size_t>(n));
      deadline = Clock::now() + settings_.io_timeout;  // progress: the server is alive
      if (!take_replies(count, got, replies, error)) return false;
    }
  }
  return true;
}

// The replies the reader already holds, up to `count`: a read for one pipeline may bring
// replies of the next one, sent behind it (RedisWriter's two pipelines in flight).
bool Connection::take_replies(size_t count, size_t& got, std::vector<Reply>& replies,
                              ConnectionError& error) {
  void* r = nullptr;
  while (got < count) {
    if (redisReaderGetReply(reader_, &r) != REDIS_OK) {
      error = {false,
               fmt::format("malformed reply from Redis at {}: {}", endpoint(), reader_->errstr)};
      return false;
    }
    if (!r) break;
    auto* reply = static_cast<redisReply*>(r);
    if (reply->type == REDIS_REPLY_ERROR) {
      replies[got] = {ReplyKind::Error, std::string(reply->str, reply->len)};
    } else {
      replies[got].kind = ReplyKind::Ok;
      if (reply->type == REDIS_REPLY_INTEGER) replies[got].integer = reply->integer;
      if (reply->type == REDIS_REPLY_STATUS) replies[got].text.assign(reply->str, reply->len);
      // The stop script's answer (stop_script.h): {commands run[, the error that stopped it]}.
      if (reply->type == REDIS_REPLY_ARRAY && reply->elements >= 1 &&
          reply->element[0]->type == REDIS_REPLY_INTEGER) {
        replies[got].integer = reply->element[0]->integer;
        if (reply->elements >= 2 && reply->element[1]->type == REDIS_REPLY_STRING)
          replies[got].error.assign(reply->element[1]->str, reply->element[1]->len);
      }
    }
    if (keep_) {
      keep_->reset(reply);
    } else {
      freeReplyObject(reply);
    }
    ++got;
  }
  return true;
}

}  // namespace ksink::redis
