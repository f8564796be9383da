// Procedure invocation requests (doc 4). Only format version 0 is written: it is what the
// Python, Go and C++ clients send and every server version accepts it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sinks/voltdb/param.h"

namespace ksink::voltdb {

// Appends one framed request to `w`. On error `w` is left as it was and the error says what cannot be sent (empty name, a parameter that cannot be encoded, a message
// above the server's limit) — a property of the call, so retrying it cannot help.
Status encode_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                         std::span<const Param> params);

}  // namespace ksink::voltdb
