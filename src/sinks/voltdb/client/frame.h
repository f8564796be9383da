// Framing (docs/voltdb-protocol.md section 2): every message in both directions is an i32 length N, then N payload bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sinks/voltdb/client/byte_io.h"

namespace ksink::voltdb {

// The server closes the connection on a longer message, so a request that would exceed it must
// be refused before it is sent: otherwise one oversized record would kill the connection on
// every retry.
inline constexpr int32_t kMaxMessageLength = 50 * 1024 * 1024;

// Reserves the length prefix; returns where it is, for end_frame.
size_t begin_frame(ByteWriter& w);
// Fills in the length of everything written since begin_frame; fails when it is out of range.
Status end_frame(ByteWriter& w, size_t start);

// Splits a byte stream into payloads.
class FrameDecoder {
 public:
  explicit FrameDecoder(int32_t max_length = kMaxMessageLength) : max_length_(max_length) {}

  enum class Next { Frame, NeedMore, Error };
  // On Frame, `payload` views the payload until the next append(). On Error (a length of 0, a
  // negative one or one above the limit), error() says so; the stream is unusable from then on.
  Next next(std::string_view& payload);
  void append(std::string_view bytes);

  const std::string& error() const { return error_; }
  // Bytes received but not yet returned as a payload.
  std::string_view pending() const { return std::string_view(buf_).substr(pos_); }

 private:
  int32_t max_length_;
  std::string buf_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace ksink::voltdb
