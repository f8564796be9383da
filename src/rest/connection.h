// One HTTP connection of the REST listener with the limits that keep slow, idle or greedy clients
// from wedging it (docs/operations.md "REST listener limits"): cpp-httplib only bounds each
// recv(), so a client sending a byte a second would hold a thread for ever.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>

namespace ksink::rest {

struct ConnectionLimits {
  // A connection with no request in progress is closed after this long (keep-alive idle).
  std::chrono::milliseconds idle_timeout{5000};
  // A request (line, headers and body) must have arrived this long after its first byte.
  std::chrono::milliseconds request_timeout{10000};
  // A response write that makes no progress for this long ends the connection.
  std::chrono::milliseconds write_timeout{10000};
  // Requests served on one connection before it is closed.
  size_t max_requests = 100;
};

// httplib's Stream over a connected socket: reads end when the request's deadline passes, and
// every wait also ends when `stopping` becomes true, so that stopping the server is prompt.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, const ConnectionLimits& limits, const std::atomic<bool>& stopping)
      : sock_(sock), limits_(limits), stopping_(stopping) {}

  // Waits up to the idle timeout for the first byte of the next request, then starts its clock.
  bool wait_for_request();
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  using Clock = std::chrono::steady_clock;
  // poll() for `events` until `deadline`, in short slices that notice `stopping_`.
  bool wait(short events, Clock::time_point deadline) const;

  socket_t sock_;
  const ConnectionLimits& limits_;
  const std::atomic<bool>& stopping_;
  Clock::time_point request_deadline_{};
  char buffer_[4096];
  size_t buffered_ = 0, offset_ = 0;
};

// Closes a connection whose client may still be sending (a refused body): the response is
// flushed, what still arrives is read and dropped for a moment, so that the client sees the answer
// instead of a reset.
void close_after_draining(socket_t sock);

}  // namespace ksink::rest
