#include "sinks/voltdb/client/frame.h"

namespace ksink::voltdb {

size_t begin_frame(ByteWriter& w) {
  size_t start = w.size();
  w.i32(0);
  return start;
}

Status end_frame(ByteWriter& w, size_t start) {
  size_t length = w.size() - start - 4;
  if (length == 0) return Error{"empty message"};
  if (length > static_cast<size_t>(kMaxMessageLength))
    return Error{"message of " + std::to_string(length) + " bytes exceeds VoltDB's limit of " +
                 std::to_string(kMaxMessageLength) + " bytes"};
  w.patch_i32(start, static_cast<int32_t>(length));
  return Status::Ok();
}

void FrameDecoder::append(std::string_view bytes) {
  // Drop what was consumed before the buffer grows: keeps it to about one message plus one read.
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

FrameDecoder::Next FrameDecoder::next(std::string_view& payload) {
  if (!error_.empty()) return Next::Error;
  if (buf_.size() - pos_ < 4) return Next::NeedMore;
  ByteReader r(std::string_view(buf_).substr(pos_, 4));
  int32_t length = r.i32("message length");
  if (length <= 0 || length > max_length_) {
    error_ = "bad message length " + std::to_string(length) + " (must be 1.." +
             std::to_string(max_length_) + ")";
    return Next::Error;
  }
  if (buf_.size() - pos_ - 4 < static_cast<size_t>(length)) return Next::NeedMore;
  payload = std::string_view(buf_).substr(pos_ + 4, static_cast<size_t>(length));
  pos_ += 4 + static_cast<size_t>(length);
  return Next::Frame;
}

}  // namespace ksink::voltdb
