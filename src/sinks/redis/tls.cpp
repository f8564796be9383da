#include "sinks/redis/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <ctime>

namespace ksink::redis {

namespace {

// OpenSSL's reasons queued on this thread, oldest first, and the queue emptied.
std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out.empty() ? "unknown TLS error" : out;
}

}  // namespace

Result<std::unique_ptr<TlsSession>> TlsSession::create(const TlsSettings& settings,
                                                       const std::string& host, int fd) {
  ERR_clear_error();
  std::unique_ptr<TlsSession> s(new TlsSession());
  s->ctx_ = SSL_CTX_new(TLS_client_method());
  if (!s->ctx_) return Error{"cannot set up TLS: " + openssl_errors()};
  SSL_CTX_set_min_proto_version(s->ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(s->ctx_, SSL_VERIFY_PEER, nullptr);
  if (settings.ca_file.empty()) {
    SSL_CTX_set_default_verify_paths(s->ctx_);
  } else if (SSL_CTX_load_verify_locations(s->ctx_, settings.ca_file.c_str(), nullptr) != 1) {
    return Error{fmt::format("cannot use connect.redis.ssl.ca.file '{}': {}", settings.ca_file,
                             openssl_errors())};
  }
  if (settings.cert_file.empty() != settings.key_file.empty())
    return Error{"set both connect.redis.ssl.cert.file and connect.redis.ssl.key.file (a client "
                 "certificate needs its key), or neither"};
  if (!settings.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(s->ctx_, settings.cert_file.c_str()) != 1)
      return Error{fmt::format("cannot use connect.redis.ssl.cert.file '{}': {}",
                               settings.cert_file, openssl_errors())};
    if (SSL_CTX_use_PrivateKey_file(s->ctx_, settings.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(s->ctx_) != 1)
      return Error{fmt::format("cannot use connect.redis.ssl.key.file '{}' with the "
                               "certificate: {}",
                               settings.key_file, openssl_errors())};
  }
  s->ssl_ = SSL_new(s->ctx_);
  if (!s->ssl_ || SSL_set_fd(s->ssl_, fd) != 1)
    return Error{"cannot set up TLS: " + openssl_errors()};
  // Partial writes: the send buffer moves on as the socket takes bytes, as with plain send().
  SSL_set_mode(s->ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  X509_VERIFY_PARAM* param = SSL_get0_param(s->ssl_);
  unsigned char addr[16];
  if (inet_pton(AF_INET, host.c_str(), addr) == 1 || inet_pton(AF_INET6, host.c_str(), addr) == 1) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    SSL_set_tlsext_host_name(s->ssl_, host.c_str());  // SNI
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  return s;
}

TlsSession::~TlsSession() {
  if (ssl_) SSL_free(ssl_);
  if (ctx_) SSL_CTX_free(ctx_);
}

TlsSession::Step TlsSession::handshake() {
  ERR_clear_error();
  const int rc = SSL_connect(ssl_);
  if (rc == 1) return Step::Done;
  switch (SSL_get_error(ssl_, rc)) {
    case SSL_ERROR_WANT_READ:
      return Step::WantRead;
    case SSL_ERROR_WANT_WRITE:
      return Step::WantWrite;
    default:
      break;
  }
  const long verify = SSL_get_verify_result(ssl_);
  if (verify != X509_V_OK) {
    verify_failed_ = true;
    error_ = fmt::format("the server's certificate was not accepted ({})",
                         X509_verify_cert_error_string(verify));
  } else {
    error_ = openssl_errors();
  }
  return Step::Failed;
}

ssize_t TlsSession::result(int n) {
  if (n > 0) return n;
  switch (SSL_get_error(ssl_, n)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      errno = EAGAIN;
      return -1;
    case SSL_ERROR_ZERO_RETURN:
      return 0;  // the server closed the TLS session
    default:
      error_ = openssl_errors();
      errno = ECONNRESET;
      return -1;
  }
}

ssize_t TlsSession::send(const char* data, size_t size) {
  ERR_clear_error();
  // OpenSSL writes with write(), which raises SIGPIPE when the server has closed (plain sends
  // pass MSG_NOSIGNAL): held back on this thread for the call, and taken off if it came.
  sigset_t pipe, old;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  const int n = SSL_write(ssl_, data, static_cast<int>(size));
  const int write_errno = errno;
  if (n <= 0 && write_errno == EPIPE) {
    timespec none{};
    while (sigtimedwait(&pipe, nullptr, &none) > 0) {}
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = write_errno;
  return result(n);
}

ssize_t TlsSession::recv(char* data, size_t size) {
  ERR_clear_error();
  return result(SSL_read(ssl_, data, static_cast<int>(size)));
}

}  // namespace ksink::redis
