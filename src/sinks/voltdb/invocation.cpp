#include "sinks/voltdb/invocation.h"

#include "sinks/voltdb/frame.h"

namespace ksink::voltdb {

Status encode_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                         std::span<const Param> params) {
  if (procedure.empty()) return Error{"empty procedure name"};
  if (procedure.size() > static_cast<size_t>(kMaxMessageLength))
    return Error{"procedure name too long"};
  size_t start = begin_frame(w);
  w.i8(0);  // invocation format version 0
  w.string(procedure);
  w.i64(client_handle);
  Status s = encode_parameter_set(w, params);
  if (s) s = end_frame(w, start);
  if (!s) {
    w.truncate(start);
    return Error{std::string(procedure) + ": " + s.error().message};
  }
  return Status::Ok();
}

}  // namespace ksink::voltdb
