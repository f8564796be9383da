#include "sinks/voltdb/client/connection.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ksink::voltdb {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

Connection::Progress Connection::start_connect() {
  close();
  addresses_.clear();
  address_lengths_.clear();
  next_address_ = 0;
  error_.clear();

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(endpoint_.port);
  int rc = ::getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    error_ = "cannot resolve host '" + endpoint_.host + "': " + ::gai_strerror(rc);
    return Progress::Failed;
  }
  for (addrinfo* a = found; a; a = a->ai_next) {
    sockaddr_storage s{};
    std::memcpy(&s, a->ai_addr, a->ai_addrlen);
    addresses_.push_back(s);
    address_lengths_.push_back(a->ai_addrlen);
  }
  ::freeaddrinfo(found);
  return try_addresses();
}

Connection::Progress Connection::try_addresses() {
  while (next_address_ < addresses_.size()) {
    const sockaddr_storage& addr = addresses_[next_address_];
    socklen_t len = address_lengths_[next_address_];
    ++next_address_;
    int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error_ = "socket: " + errno_text(errno);
      continue;
    }
    // Small requests must leave at once (the server sets the same on its side), and keep-alive
    // lets the kernel notice a peer that vanished without closing.
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), len) == 0) {
      fd_ = fd;
      connecting_ = false;
      return Progress::Connected;
    }
    if (errno == EINPROGRESS) {
      fd_ = fd;
      connecting_ = true;
      return Progress::InProgress;
    }
    error_ = "connect: " + errno_text(errno);
    ::close(fd);
  }
  if (error_.empty()) error_ = "no address";
  return Progress::Failed;
}

Connection::Progress Connection::finish_connect() {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == 0) {
    connecting_ = false;
    return Progress::Connected;
  }
  error_ = "connect: " + errno_text(err);
  ::close(fd_);
  fd_ = -1;
  connecting_ = false;
  return try_addresses();
}

Status Connection::flush() {
  while (sent_ < out_.size()) {
    ssize_t n = ::send(fd_, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
    if (n > 0) {
      sent_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return Error{"send: " + errno_text(n < 0 ? errno : EPIPE)};
  }
  // Reclaim the sent prefix once it dominates, so appending stays amortised O(1).
  if (sent_ == out_.size()) {
    out_.clear();
    sent_ = 0;
  } else if (sent_ > out_.size() / 2) {
    out_.erase(0, sent_);
    sent_ = 0;
  }
  return Status::Ok();
}

Status Connection::receive(bool& closed) {
  closed = false;
  char buf[65536];
  // A bounded number of reads per call keeps one busy connection from starving the others.
  for (int i = 0; i < 16; ++i) {
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      frames_.append(std::string_view(buf, static_cast<size_t>(n)));
      if (static_cast<size_t>(n) < sizeof buf) break;
      continue;
    }
    if (n == 0) {
      closed = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return Error{"recv: " + errno_text(errno)};
  }
  return Status::Ok();
}

void Connection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  connecting_ = false;
  out_.clear();
  sent_ = 0;
  frames_ = FrameDecoder();
}

}  // namespace ksink::voltdb
