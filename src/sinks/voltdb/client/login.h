// The login exchange (docs/voltdb-protocol.md section 3): the first message on every connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ksink::voltdb {

enum class LoginScheme {
  Sha256,      // login version 1, scheme 1: what current clients send; the default
  Sha1,        // login version 1, scheme 0
  LegacySha1,  // login version 0 (SHA-1 implied): only for servers older than the scheme byte
};

// The framed login request. The password leaves this function only as its digest.
Result<std::string> encode_login_request(std::string_view username, std::string_view password,
                                         LoginScheme scheme = LoginScheme::Sha256,
                                         std::string_view service = "database");

// Result codes of the login response.
namespace login_code {
inline constexpr int8_t kSuccess = 0;
inline constexpr int8_t kAuthenticationFailed = -1;
inline constexpr int8_t kTooManyConnections = 1;
inline constexpr int8_t kAuthenticationTimeout = 2;
inline constexpr int8_t kProtocolError = 3;
inline constexpr int8_t kNodeRejoining = 4;
inline constexpr int8_t kServiceUnavailable = 5;
}  // namespace login_code

struct LoginResponse {
  int8_t version = 0;  // 0; 2 means the server demands Kerberos, which ksink does not speak
  int8_t code = 0;     // login_code; for version 2 the handshake tag, meaningless to us
  // Only on success:
  int32_t host_id = 0;
  int64_t connection_id = 0;
  int64_t cluster_start_ms = 0;
  uint32_t leader_ipv4 = 0;
  std::string build;

  bool success() const { return version == 0 && code == login_code::kSuccess; }
  bool kerberos_required() const { return version == 2; }
  std::string leader_address() const;  // dotted quad
};

// Decodes the payload (without the length prefix) of a login response.
Result<LoginResponse> decode_login_response(std::string_view payload);

// What a failed login means, in words for the user ("authentication failed: …").
std::string describe_login_failure(const LoginResponse& r);
// Whether trying again later may succeed (too many connections, timeout, node rejoining) rather
// than needing a configuration change (wrong credentials, protocol or service errors, Kerberos).
bool login_failure_is_transient(const LoginResponse& r);

}  // namespace ksink::voltdb
