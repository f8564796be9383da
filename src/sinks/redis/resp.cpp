#include "sinks/redis/resp.h"

namespace ksink::redis {

size_t header_number(std::string_view data, size_t& pos) {
  size_t n = 0;
  for (++pos; pos < data.size() && data[pos] != '\r'; ++pos)
    n = n * 10 + static_cast<size_t>(data[pos] - '0');
  pos += 2;
  return n;
}

size_t command_end(std::string_view data, size_t at) {
  const size_t args = header_number(data, at);
  for (size_t i = 0; i < args; ++i) at += header_number(data, at) + 2;
  return at;
}

std::string command_words(std::string_view data, size_t index, size_t max_key) {
  size_t at = 0;
  for (size_t i = 0; i < index && at < data.size(); ++i) at = command_end(data, at);
  if (at >= data.size()) return {};
  const size_t args = header_number(data, at);
  std::string out;
  for (size_t i = 0; i < args && i < 2; ++i) {
    const size_t len = header_number(data, at);
    if (i) out += ' ';
    out.append(data.substr(at, i ? std::min(len, max_key) : len));
    if (i && len > max_key) out += "...";
    at += len + 2;
  }
  return out;
}

namespace {

std::string_view command_arg(std::string_view data, size_t at, size_t index) {
  const size_t args = header_number(data, at);
  if (index >= args) return {};
  for (size_t i = 0; i < index; ++i) at += header_number(data, at) + 2;
  const size_t len = header_number(data, at);
  return data.substr(at, len);
}

}  // namespace

std::string_view command_name(std::string_view data, size_t at) { return command_arg(data, at, 0); }
std::string_view command_key(std::string_view data, size_t at) { return command_arg(data, at, 1); }

}  // namespace ksink::redis
