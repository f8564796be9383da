// Shared helpers of the KCQL tests: parse text that must be valid, or get the error it must give.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "kcql/parser.h"

namespace ksink::kcql::testing {

inline std::vector<Statement> parse_ok(std::string_view text) {
  auto result = parse(text);
  EXPECT_TRUE(result.ok()) << "for: " << text << "\n"
                           << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result.value()) : std::vector<Statement>{};
}

inline Statement parse_single(std::string_view text) {
  auto statements = parse_ok(text);
  EXPECT_EQ(statements.size(), 1u) << "for: " << text;
  return statements.empty() ? Statement{} : std::move(statements[0]);
}

inline std::string parse_error(std::string_view text) {
  auto result = parse(text);
  EXPECT_FALSE(result.ok()) << "should not parse: " << text;
  return result.ok() ? std::string() : result.error().message;
}

// The first line of an error: the position and what went wrong.
inline std::string first_line(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

inline std::vector<std::string> names(const std::vector<Column>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(c.name());
  return out;
}

inline std::vector<std::vector<std::string>> parts(const std::vector<Path>& paths) {
  std::vector<std::vector<std::string>> out;
  for (const auto& p : paths) out.push_back(p.parts);
  return out;
}

using Params = std::vector<std::pair<std::string, std::string>>;
using PartList = std::vector<std::vector<std::string>>;
using Names = std::vector<std::string>;

}  // namespace ksink::kcql::testing
