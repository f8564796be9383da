// One non-blocking TCP connection to one server: socket, send buffer, received frames. It knows
// nothing of login or calls; Client drives it from its poll loop.
#pragma once

#include <netdb.h>

#include <string>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/endpoint.h"
#include "sinks/voltdb/client/frame.h"

namespace ksink::voltdb {

class Connection {
 public:
  explicit Connection(Endpoint endpoint) : endpoint_(std::move(endpoint)) {}
  ~Connection() { close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const Endpoint& endpoint() const { return endpoint_; }
  int fd() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  bool connecting() const { return connecting_; }

  enum class Progress { Connected, InProgress, Failed };
  // Resolves the host (blocking: getaddrinfo has no non-blocking form; it is quick for
  // addresses and local names) and starts a non-blocking connect to the first address.
  Progress start_connect();
  // Called when poll reports the socket writable (or failed) while connecting. A failed
  // address moves on to the next one the name resolved to, so `localhost` works whether the
  // server listens on 127.0.0.1 or ::1.
  Progress finish_connect();
  const std::string& connect_error() const { return error_; }

  std::string& send_buffer() { return out_; }
  bool wants_write() const { return out_.size() > sent_; }
  // Writes what the socket accepts now. A full socket is backpressure, not an error.
  Status flush();

  // Reads what has arrived into frames(). `closed` is set on end of stream; an error means the
  // socket failed. Either way the frames received before remain readable.
  Status receive(bool& closed);
  FrameDecoder& frames() { return frames_; }

  void close();

 private:
  Progress try_addresses();

  Endpoint endpoint_;
  int fd_ = -1;
  bool connecting_ = false;
  std::vector<sockaddr_storage> addresses_;
  std::vector<socklen_t> address_lengths_;
  size_t next_address_ = 0;
  std::string error_;
  std::string out_;
  size_t sent_ = 0;
  FrameDecoder frames_;
};

}  // namespace ksink::voltdb
