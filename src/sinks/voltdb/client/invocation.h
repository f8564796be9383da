// Procedure invocation requests (docs/voltdb-protocol.md section 4). Only format version 0 is written: it is what the
// Python, Go and C++ clients send and every server version accepts it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sinks/voltdb/client/param.h"

namespace ksink::voltdb {

// Appends one framed request to `w`, its parameters already encoded as encode_parameter_set
// writes them (the sink encodes its columns straight into such a set). On error `w` is left as it
// was and the error says what cannot be sent (an empty name, a message above the server's limit)
// -- a property of the call, so retrying it cannot help.
Status frame_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                        std::string_view parameter_set);
// The same from parameters; an error also names a parameter that cannot be encoded.
Status encode_invocation(ByteWriter& w, std::string_view procedure, int64_t client_handle,
                         std::span<const Param> params);

}  // namespace ksink::voltdb
