// TLS for a Redis connection (connect.redis.ssl.*): OpenSSL over the connection's non-blocking
// socket. The server's certificate is verified against connect.redis.ssl.ca.file (the system's
// CAs when empty) and must name the host (a DNS name or an IP address); a client certificate is
// sent when connect.redis.ssl.cert.file and .key.file are set (Redis' tls-auth-clients).
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "core/result.h"

struct ssl_st;
struct ssl_ctx_st;

namespace ksink::redis {

struct TlsSettings {
  bool enabled = false;
  std::string ca_file, cert_file, key_file;  // PEM; empty: none (ca: the system's)
};

class TlsSession {
 public:
  // A session for the connected socket `fd` to `host`. The error (a file that cannot be used)
  // names the setting to fix.
  static Result<std::unique_ptr<TlsSession>> create(const TlsSettings& settings,
                                                    const std::string& host, int fd);
  ~TlsSession();

  enum class Step { Done, WantRead, WantWrite, Failed };
  // One step of the handshake; Failed leaves the reason in error() (and verify_failed()).
  Step handshake();
  // Like send()/recv() on the socket: bytes moved, 0 (receive: the server closed), or -1 with
  // errno (EAGAIN: wait for the socket; anything else: the connection is broken, see error()).
  ssize_t send(const char* data, size_t size);
  ssize_t recv(char* data, size_t size);

  const std::string& error() const { return error_; }
  // The server's certificate did not verify: a misconfiguration, not an outage.
  bool verify_failed() const { return verify_failed_; }

 private:
  TlsSession() = default;
  ssize_t result(int n);

  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;
  std::string error_;
  bool verify_failed_ = false;
};

}  // namespace ksink::redis
