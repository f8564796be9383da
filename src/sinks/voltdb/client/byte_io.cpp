#include "sinks/voltdb/client/byte_io.h"

#include <algorithm>

namespace ksink::voltdb {

void ByteWriter::i128(Int128 v) {
  auto u = static_cast<unsigned __int128>(v);
  put<8>(static_cast<uint64_t>(u >> 64));
  put<8>(static_cast<uint64_t>(u));
}

void ByteWriter::grow(size_t n) {
  buf_.resize(std::max(len_ + n, 2 * buf_.size() + 64));
}

void ByteWriter::patch_i32(size_t pos, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) buf_[pos + i] = static_cast<char>(u >> (24 - 8 * i));
}

void ByteReader::fail(std::string message) {
  if (failed_) return;
  failed_ = true;
  error_ = std::move(message);
}

void ByteReader::short_of(size_t n, const char* what) {
  if (failed_) return;
  fail("truncated message: " + std::string(what) + " needs " + std::to_string(n) +
       " bytes at offset " + std::to_string(offset()) + " but only " +
       std::to_string(data_.size() - pos_) + " remain");
}

Int128 ByteReader::i128(const char* what) {
  if (!need(16, what)) return 0;
  unsigned __int128 hi = get<8>();
  unsigned __int128 lo = get<8>();
  return static_cast<Int128>(hi << 64 | lo);
}

std::string_view ByteReader::raw(size_t n, const char* what) {
  if (!need(n, what)) return {};
  std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::optional<std::string_view> ByteReader::string(const char* what) {
  size_t at = offset();
  int32_t len = i32(what);
  if (!ok()) return std::nullopt;
  if (len == -1) return std::nullopt;
  if (len < 0) {
    fail("malformed message: " + std::string(what) + " has length " + std::to_string(len) +
         " at offset " + std::to_string(at));
    return std::nullopt;
  }
  std::string_view s = raw(static_cast<size_t>(len), what);
  if (!ok()) return std::nullopt;
  return s;
}

ByteReader ByteReader::sub(size_t n, const char* what) {
  size_t start = offset();
  std::string_view body = raw(n, what);
  ByteReader r(body, start);
  if (!ok()) r.fail(error_);
  return r;
}

void ByteReader::expect_end(const char* what) {
  if (failed_ || pos_ == data_.size()) return;
  fail("malformed message: " + std::to_string(data_.size() - pos_) + " unexpected bytes after " +
       what + " at offset " + std::to_string(offset()));
}

}  // namespace ksink::voltdb
