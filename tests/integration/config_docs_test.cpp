// docs/configuration.md is generated from the configuration definitions; this fails when the
// checked-in file is stale (run `make docs`).
#include <gtest/gtest.h>

#include <chrono>

#include "support/process.h"

namespace ksink::test {
namespace {

TEST(ConfigurationDocs, CheckedInReferenceMatchesTheDefinitions) {
  std::string dir = temp_dir("ksink-docs");
  ChildProcess p;
  p.start({KSINK_BINARY, "config-docs"}, dir + "/out.md");
  ASSERT_EQ(p.wait(std::chrono::seconds(20)), 0);
  std::string generated = read_file(dir + "/out.md");
  std::string checked_in = read_file(std::string(KSINK_SOURCE_DIR) + "/docs/configuration.md");
  EXPECT_NE(generated.find("connect.redis.kcql"), std::string::npos);
  EXPECT_EQ(generated, checked_in) << "docs/configuration.md is stale: run `make docs`";
  if (std::system(("rm -rf " + dir).c_str()) != 0) {}
}

}  // namespace
}  // namespace ksink::test
