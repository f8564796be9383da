// Certificates for TLS tests, made by the openssl tool: a CA, a server certificate for
// 127.0.0.1, a client certificate, one for another address, and a second CA that signed none.
#pragma once

#include <string>

namespace ksink::test {

// In `dir`: ca.crt, server.crt/.key (SAN IP 127.0.0.1), client.crt/.key, other-ca.crt, and
// elsewhere.crt/.key (signed by ca.crt for IP 127.0.0.2: a certificate for another host).
void make_certificates(const std::string& dir);

}  // namespace ksink::test
