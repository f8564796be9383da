// RESP command encoding straight into the pipeline buffer: a batch is built once and sent in one
// write, no per-command allocation.
#pragma once

#include <charconv>
#include <cstring>
#include <string>
#include <string_view>

namespace ksink::redis {

class CommandBuffer {
 public:
  void begin(size_t args) {
    header('*', args);
    ++commands_;
  }
  void arg(std::string_view a) {
    char* p = header('$', a.size(), a.size() + 2);
    std::memcpy(p, a.data(), a.size());
    std::memcpy(p + a.size(), "\r\n", 2);
  }
  void arg(int64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    arg(std::string_view(buf, static_cast<size_t>(end - buf)));
  }
  // Bytes already encoded as RESP arguments, appended as they are (stop_script.h).
  void raw(std::string_view encoded) { data_.append(encoded); }
  // Where a command starts, to take back a command that turned out invalid half-way.
  size_t mark() const { return data_.size(); }
  void rollback(size_t mark, size_t commands) {
    data_.resize(mark);
    commands_ = commands;
  }
  size_t commands() const { return commands_; }
  const std::string& data() const { return data_; }
  void clear() {
    data_.clear();
    commands_ = 0;
  }

 private:
  // Appends "<kind><n>\r\n" and room for `extra` more bytes, returning where those go. One
  // resize per part: appending the pieces one by one costs several out-of-line calls each.
  char* header(char kind, size_t n, size_t extra = 0) {
    char digits[24];
    const size_t len = static_cast<size_t>(std::to_chars(digits, digits + sizeof digits, n).ptr - digits);
    const size_t at = data_.size();
    data_.resize(at + 1 + len + 2 + extra);
    char* p = data_.data() + at;
    *p++ = kind;
    std::memcpy(p, digits, len);
    std::memcpy(p + len, "\r\n", 2);
    return p + len + 2;
  }
  std::string data_;
  size_t commands_ = 0;
};

// The number of a RESP header at `pos` ("*3\r\n": arguments, "$5\r\n": bytes), moving `pos`
// past its CRLF.
size_t header_number(std::string_view data, size_t& pos);
// Where the RESP command that starts at `at` ends (encoded by CommandBuffer, so well formed):
// "*<n>\r\n" then n times "$<len>\r\n<bytes>\r\n".
size_t command_end(std::string_view data, size_t at);
// The command `index` of a pipeline as its name and first argument ("XADD orders"), the key
// shortened past `max_key` bytes: for error messages, which name the command and key a reply
// refused but never the value written.
std::string command_words(std::string_view data, size_t index, size_t max_key = 100);
// The name and the first argument (the key) of the command that starts at `at`.
std::string_view command_name(std::string_view data, size_t at);
std::string_view command_key(std::string_view data, size_t at);

}  // namespace ksink::redis
