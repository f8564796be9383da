#include "rest/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ksink::rest {

namespace {

constexpr auto kSlice = std::chrono::milliseconds(100);

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

bool DeadlineStream::wait(short events, Clock::time_point deadline) const {
  for (;;) {
    if (stopping_.load()) return false;
    const auto now = Clock::now();
    if (now >= deadline) return false;
    const auto slice = std::min<Clock::duration>(deadline - now, kSlice);
    pollfd p{sock_, events, 0};
    const int ms = static_cast<int>(
        std::chrono::ceil<std::chrono::milliseconds>(slice).count());
    const int r = ::poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return false;
    if (r > 0) return true;  // ready, or an error/hang-up that the next call reports
  }
}

bool DeadlineStream::wait_for_request() {
  if (offset_ < buffered_ || wait(POLLIN, Clock::now() + limits_.idle_timeout)) {
    request_deadline_ = Clock::now() + limits_.request_timeout;
    return true;
  }
  return false;
}

bool DeadlineStream::is_readable() const {
  return offset_ < buffered_ || wait(POLLIN, request_deadline_);
}

bool DeadlineStream::is_writable() const {
  return wait(POLLOUT, Clock::now() + limits_.write_timeout);
}

ssize_t DeadlineStream::read(char* ptr, size_t size) {
  if (offset_ == buffered_) {
    // httplib reads header lines a byte at a time: fill a buffer instead of one recv per byte.
    if (!wait(POLLIN, request_deadline_)) return -1;
    ssize_t n;
    do {
      n = ::recv(sock_, buffer_, sizeof buffer_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    buffered_ = static_cast<size_t>(n);
    offset_ = 0;
  }
  const size_t n = std::min(size, buffered_ - offset_);
  std::memcpy(ptr, buffer_ + offset_, n);
  offset_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t DeadlineStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t n;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void DeadlineStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
}

void DeadlineStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
}

void close_after_draining(socket_t sock) {
  ::shutdown(sock, SHUT_WR);
  // At most a second and a few megabytes: enough for the answer to reach a client that is still
  // sending, bounded for one that never stops.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  char sink[16384];
  for (int i = 0; i < 256 && std::chrono::steady_clock::now() < until; ++i) {
    pollfd p{sock, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
  }
  ::close(sock);
}

}  // namespace ksink::rest
