#include "sinks/voltdb/client/invocation.h"

#include "sinks/voltdb/client/frame.h"

namespace ksink::voltdb {

Status frame_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                        std::string_view parameter_set) {
  if (procedure.empty()) return Error{"empty procedure name"};
  if (procedure.size() > static_cast<size_t>(kMaxMessageLength))
    return Error{"procedure name too long"};
  size_t start = begin_frame(w);
  w.i8(0);  // invocation format version 0
  w.string(procedure);
  w.i64(client_handle);
  w.raw(parameter_set);
  if (Status s = end_frame(w, start); !s) {
    w.truncate(start);
    return Error{std::string(procedure) + ": " + s.error().message};
  }
  return Status::Ok();
}

Status encode_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                         std::span<const Param> params) {
  ByteWriter set;
  if (Status s = encode_parameter_set(set, params); !s)
    return Error{std::string(procedure) + ": " + s.error().message};
  return frame_invocation(w, procedure, client_handle, set.view());
}

}  // namespace ksink::voltdb
