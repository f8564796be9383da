#include "support/certificates.h"

#include <cstdlib>
#include <stdexcept>

#include "support/process.h"

namespace ksink::test {

static void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("failed: " + command);
}

void make_certificates(const std::string& dir) {
  const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  for (const char* ca : {"ca", "other-ca"})
    run("cd " + dir + " && openssl req -x509 " + key + " -keyout " + ca + ".key -out " + ca +
        ".crt -days 2 -subj /CN=ksink-test-" + ca);
  write_file(dir + "/server.ext", "subjectAltName=IP:127.0.0.1\n");
  write_file(dir + "/elsewhere.ext", "subjectAltName=IP:127.0.0.2\n");
  for (const char* who : {"server", "client", "elsewhere"}) {
    const std::string w = who;
    run("cd " + dir + " && openssl req " + key + " -keyout " + w + ".key -out " + w +
        ".csr -subj /CN=" + w);
    run("cd " + dir + " && openssl x509 -req -in " + w + ".csr -CA ca.crt -CAkey ca.key " +
        "-CAcreateserial -out " + w + ".crt -days 2" + (w == "client" ? "" : " -extfile " + w + ".ext"));
  }
}

}  // namespace ksink::test
