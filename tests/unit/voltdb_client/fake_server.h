// A scripted stand-in for a VoltDB server, for client tests that need exact control over what
// the server does and when (answer out of order, never answer, close mid-call, send garbage).
// It listens on 127.0.0.1 and runs `handler` on its own thread for each accepted connection in
// turn; the connection closes when the handler returns. Messages are built by hand from the
// protocol doc, not with the client's encoder.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "hex.h"

namespace ksink::voltdb::test {

class FakeConnection {
 public:
  FakeConnection(int fd, const std::atomic<bool>& stop) : fd_(fd), stop_(stop) {}

  // The next frame's payload; nullopt on end of stream, timeout or server stop.
  std::optional<std::string> read_frame(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (buf_.size() >= 4) {
        uint32_t n = static_cast<uint8_t>(buf_[0]) << 24 | static_cast<uint8_t>(buf_[1]) << 16 |
                     static_cast<uint8_t>(buf_[2]) << 8 | static_cast<uint8_t>(buf_[3]);
        if (buf_.size() >= 4 + n) {
          std::string payload = buf_.substr(4, n);
          buf_.erase(0, 4 + n);
          return payload;
        }
      }
      if (stop_ || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char tmp[65536];
      ssize_t got = ::recv(fd_, tmp, sizeof tmp, 0);
      if (got <= 0) return std::nullopt;
      buf_.append(tmp, static_cast<size_t>(got));
    }
  }

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Waits until the client closes its end (or the timeout); true when it did.
  bool wait_for_close(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && !stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char tmp[4096];
      if (::recv(fd_, tmp, sizeof tmp, 0) <= 0) return true;
    }
    return false;
  }

  bool stopping() const { return stop_; }

 private:
  int fd_;
  const std::atomic<bool>& stop_;
  std::string buf_;
};

class FakeServer {
 public:
  using Handler = std::function<void(FakeConnection&)>;

  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0)
      throw std::runtime_error("fake server: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  ~FakeServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void run() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++accepted_;
      {
        FakeConnection conn(fd, stop_);
        handler_(conn);
      }
      ::close(fd);
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// --- messages, by hand from the doc ---

inline std::string be64(uint64_t v) {
  return be32(static_cast<uint32_t>(v >> 32)) + be32(static_cast<uint32_t>(v));
}

inline std::string framed(const std::string& payload) {
  return be32(static_cast<uint32_t>(payload.size())) + payload;
}

// The success answer of docs/voltdb-protocol.md section 13.1.
inline std::string login_ok() {
  return unhex(
      "00 00 00 4e 00 00 00 00 00 00 00 00 00 00 00 00 00 05 00 00 01 a2 00 5d a4 e9 7f 00 00 01 "
      "00 00 00 30 31 31 2e 34 2e 30 2e 62 65 74 61 31 5f 54 68 69 73 20 69 73 20 6e 6f 74 20 66 "
      "72 6f 6d 20 61 20 6b 6e 6f 77 6e 20 72 65 70 6f 73 69 74 6f 72 79");
}

// Reads the login request and accepts it; returns the request payload.
inline std::optional<std::string> accept_login(FakeConnection& c) {
  std::optional<std::string> req = c.read_frame();
  if (req) c.send(login_ok());
  return req;
}

struct Request {
  std::string procedure;
  int64_t handle = 0;
};

// Procedure name and handle of a version-0 invocation payload.
inline Request parse_request(const std::string& p) {
  Request r;
  uint32_t n = static_cast<uint8_t>(p[1]) << 24 | static_cast<uint8_t>(p[2]) << 16 |
               static_cast<uint8_t>(p[3]) << 8 | static_cast<uint8_t>(p[4]);
  r.procedure = p.substr(5, n);
  uint64_t h = 0;
  for (size_t i = 0; i < 8; ++i) h = h << 8 | static_cast<uint8_t>(p[5 + n + i]);
  r.handle = static_cast<int64_t>(h);
  return r;
}

// A framed response. SUCCESS carries the one-row `modified_tuples` table with `rows`;
// failures carry `text` as status string and no table.
inline std::string response(int64_t handle, int8_t status, const std::string& text = "",
                            int64_t rows = 1) {
  std::string p = unhex("00") + be64(static_cast<uint64_t>(handle));
  if (status == 1) {
    p += unhex("00 01 80 00 00 00 00 00 01");
    std::string table = unhex("00 00 00 17 00 00 01 06") + be32(15) + "modified_tuples" + be32(1) +
                        be32(8) + be64(static_cast<uint64_t>(rows));
    p += be32(static_cast<uint32_t>(table.size())) + table;
  } else {
    p += unhex("20") + std::string(1, static_cast<char>(status)) +
         be32(static_cast<uint32_t>(text.size())) + text + unhex("80 00 00 00 00 00 00");
  }
  return framed(p);
}

}  // namespace ksink::voltdb::test
