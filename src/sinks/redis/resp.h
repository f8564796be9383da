// RESP command encoding straight into the pipeline buffer: a batch is built once and sent in one
// write, no per-command allocation.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace ksink::redis {

class CommandBuffer {
 public:
  void begin(size_t args) {
    data_.push_back('*');
    append_number(static_cast<int64_t>(args));
    data_ += "\r\n";
    ++commands_;
  }
  void arg(std::string_view a) {
    data_.push_back('$');
    append_number(static_cast<int64_t>(a.size()));
    data_ += "\r\n";
    data_ += a;
    data_ += "\r\n";
  }
  void arg(int64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    arg(std::string_view(buf, static_cast<size_t>(end - buf)));
  }
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
  void append_number(int64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    data_.append(buf, end);
  }
  std::string data_;
  size_t commands_ = 0;
};

}  // namespace ksink::redis
