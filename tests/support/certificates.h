// Certificates for TLS tests, made by the openssl tool: a CA, a server certificate for
// 127.0.0.1, a client certificate, and a second CA that signed none.
#pragma once

#include <string>

namespace ksink::test {

// In `dir`: ca.crt, server.crt/.key (SAN IP 127.0.0.1), client.crt/.key, other-ca.crt.
void make_certificates(const std::string& dir);

}  // namespace ksink::test
