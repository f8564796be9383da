// Big-endian reading and writing of the VoltDB wire formats.
//
// ByteReader never reads past its end: a read that does not fit puts the reader into a failed
// state with a message naming what was being read and where, and returns zero/empty from then
// on. Decoders therefore read straight through a message and check ok() before trusting counts
// (before loops and allocations) and at the end; a truncated or garbage message becomes an error
// value, never undefined behaviour.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ksink::voltdb {

// DECIMAL values travel as 128-bit two's-complement integers (the value times 10^12).
using Int128 = __int128;

// Builds a message in its own buffer; view() is what was written. Writes are inline and check
// the room left once (a std::string append per field was a library call plus a memcpy call,
// and a call writes a dozen fields).
class ByteWriter {
 public:
  void i8(int8_t v) { *room(1) = static_cast<char>(v); }
  void i16(int16_t v) { put<2>(static_cast<uint16_t>(v)); }
  void i32(int32_t v) { put<4>(static_cast<uint32_t>(v)); }
  void i64(int64_t v) { put<8>(static_cast<uint64_t>(v)); }
  void f64(double v) { put<8>(std::bit_cast<uint64_t>(v)); }
  void i128(Int128 v);
  void raw(std::string_view bytes) {
    if (!bytes.empty()) std::memcpy(room(bytes.size()), bytes.data(), bytes.size());
  }
  // i32 length then the bytes. The caller has checked that the length fits the message limit.
  void string(std::string_view s) {
    i32(static_cast<int32_t>(s.size()));
    raw(s);
  }
  void null_string() { i32(-1); }

  std::string_view view() const { return {buf_.data(), len_}; }
  size_t size() const { return len_; }
  // Forgets everything from `size` on (a message that turned out not to be sendable); clear()
  // starts afresh, keeping the memory.
  void truncate(size_t size) {
    if (size < len_) len_ = size;
  }
  void clear() { len_ = 0; }
  // Overwrites 4 bytes written earlier (a length known only once the body is written).
  void patch_i32(size_t pos, int32_t v);

 private:
  char* room(size_t n) {
    if (buf_.size() - len_ < n) grow(n);
    char* at = buf_.data() + len_;
    len_ += n;
    return at;
  }
  void grow(size_t n);
  // Inline, with the width known at compile time: it runs for every field of every call.
  template <int N>
  void put(uint64_t v) {
    const uint64_t be = __builtin_bswap64(v << (8 * (8 - N)));
    std::memcpy(room(N), &be, N);
  }
  std::string buf_;  // its size is the capacity; the message is the first len_ bytes
  size_t len_ = 0;
};

class ByteReader {
 public:
  // `base` is where `data` starts inside the whole message, so error offsets are absolute.
  explicit ByteReader(std::string_view data, size_t base = 0) : data_(data), base_(base) {}

  // `what` names the field in the error message ("client handle", "row length").
  int8_t i8(const char* what) { return need(1, what) ? static_cast<int8_t>(get<1>()) : 0; }
  int16_t i16(const char* what) { return need(2, what) ? static_cast<int16_t>(get<2>()) : 0; }
  int32_t i32(const char* what) { return need(4, what) ? static_cast<int32_t>(get<4>()) : 0; }
  int64_t i64(const char* what) { return need(8, what) ? static_cast<int64_t>(get<8>()) : 0; }
  double f64(const char* what) { return need(8, what) ? std::bit_cast<double>(get<8>()) : 0.0; }
  Int128 i128(const char* what);
  std::string_view raw(size_t n, const char* what);
  // An i32-length-prefixed string or varbinary; nullopt for the NULL length -1 (and on failure,
  // which ok() tells apart). A negative length other than -1 is a failure.
  std::optional<std::string_view> string(const char* what);
  // A reader over the next n bytes, which this reader skips. Its errors stay in it: propagate
  // them with fail(sub.error()).
  ByteReader sub(size_t n, const char* what);

  bool ok() const { return !failed_; }
  const std::string& error() const { return error_; }
  // Records the first failure only: later ones are consequences of it.
  void fail(std::string message);
  // Fails when bytes are left over: every length in the protocol must match its content exactly.
  void expect_end(const char* what);

  size_t remaining() const { return failed_ ? 0 : data_.size() - pos_; }
  size_t offset() const { return base_ + pos_; }

 private:
  // Inline fast paths (every field of every response goes through them); the failure, with its
  // message, is built out of line.
  bool need(size_t n, const char* what) {
    if (!failed_ && data_.size() - pos_ >= n) return true;
    short_of(n, what);
    return false;
  }
  void short_of(size_t n, const char* what);
  template <int N>
  uint64_t get() {
    uint64_t v = 0;
    std::memcpy(&v, data_.data() + pos_, N);
    pos_ += N;
    return __builtin_bswap64(v) >> (8 * (8 - N));
  }

  std::string_view data_;
  size_t base_ = 0;
  size_t pos_ = 0;
  bool failed_ = false;
  std::string error_;
};

}  // namespace ksink::voltdb
