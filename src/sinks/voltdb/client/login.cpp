#include "sinks/voltdb/client/login.h"

#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/frame.h"
#include "sinks/voltdb/client/sha1.h"
#include "sinks/voltdb/client/sha256.h"

namespace ksink::voltdb {

Result<std::string> encode_login_request(std::string_view username, std::string_view password,
                                         LoginScheme scheme, std::string_view service) {
  if (username.size() > static_cast<size_t>(kMaxMessageLength) ||
      service.size() > static_cast<size_t>(kMaxMessageLength))
    return Error{"VoltDB username too long"};
  ByteWriter w;
  size_t start = begin_frame(w);
  switch (scheme) {
    case LoginScheme::Sha256:
      w.i8(1);
      w.i8(1);
      break;
    case LoginScheme::Sha1:
      w.i8(1);
      w.i8(0);
      break;
    case LoginScheme::LegacySha1:
      w.i8(0);
      break;
  }
  w.string(service);
  w.string(username);
  // The digest is raw, not length-prefixed: the server expects exactly its size to remain.
  if (scheme == LoginScheme::Sha256) {
    Sha256Digest d = sha256(password);
    w.raw(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  } else {
    Sha1Digest d = sha1(password);
    w.raw(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  }
  if (Status s = end_frame(w, start); !s) return s.error();
  return std::string(w.view());
}

Result<LoginResponse> decode_login_response(std::string_view payload) {
  ByteReader r(payload);
  LoginResponse resp;
  resp.version = r.i8("login response version");
  resp.code = r.i8("login result code");
  if (!r.ok()) return Error{"login response: " + r.error()};
  if (resp.version == 2) return resp;  // Kerberos handshake follows; we stop here
  if (resp.version != 0)
    return Error{"login response: unknown version " + std::to_string(resp.version)};
  if (resp.code == login_code::kSuccess) {
    resp.host_id = r.i32("host id");
    resp.connection_id = r.i64("connection id");
    resp.cluster_start_ms = r.i64("cluster start timestamp");
    resp.leader_ipv4 = static_cast<uint32_t>(r.i32("leader address"));
    std::optional<std::string_view> build = r.string("build string");
    if (build) resp.build = std::string(*build);
  }
  r.expect_end("login response");
  if (!r.ok()) return Error{"login response: " + r.error()};
  return resp;
}

std::string LoginResponse::leader_address() const {
  return std::to_string(leader_ipv4 >> 24) + "." + std::to_string(leader_ipv4 >> 16 & 255) + "." +
         std::to_string(leader_ipv4 >> 8 & 255) + "." + std::to_string(leader_ipv4 & 255);
}

std::string describe_login_failure(const LoginResponse& r) {
  if (r.kerberos_required())
    return "the server requires Kerberos authentication, which ksink does not support; use a "
           "username and password";
  switch (r.code) {
    case login_code::kAuthenticationFailed:
      return "authentication failed: check the VoltDB username and password";
    case login_code::kTooManyConnections:
      return "the server refused the connection: too many connections";
    case login_code::kAuthenticationTimeout:
      return "the server timed out waiting for the login";
    case login_code::kProtocolError:
      return "the server rejected the login request as malformed (unsupported hash scheme?)";
    case login_code::kNodeRejoining:
      return "the server is rejoining the cluster and cannot authenticate now";
    case login_code::kServiceUnavailable:
      return "the server does not offer the requested login service";
  }
  return "login failed with unknown result code " + std::to_string(r.code);
}

bool login_failure_is_transient(const LoginResponse& r) {
  if (r.kerberos_required()) return false;
  return r.code == login_code::kTooManyConnections ||
         r.code == login_code::kAuthenticationTimeout || r.code == login_code::kNodeRejoining;
}

}  // namespace ksink::voltdb
