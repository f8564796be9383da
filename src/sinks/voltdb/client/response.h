// Procedure responses (docs/voltdb-protocol.md section 6). The client also builds responses itself for calls the server
// never answered (CONNECTION_LOST, CONNECTION_TIMEOUT), so a caller handles one shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/status_code.h"
#include "sinks/voltdb/client/volt_table.h"

namespace ksink::voltdb {

struct Response {
  int64_t client_handle = 0;
  int8_t status = status_code::kSuccess;
  std::optional<std::string> status_string;
  int8_t app_status = kAppStatusUnset;
  std::optional<std::string> app_status_string;
  int32_t cluster_round_trip_ms = 0;
  // A serialized Java exception (fields bit 0x40; 11.x servers never send it), kept raw.
  std::optional<std::string> serialized_exception;
  std::vector<VoltTable> tables;

  bool success() const { return status == status_code::kSuccess; }
  // The status string, or the status name when there is none.
  std::string message() const;
};

// What to do with a response's result tables. A caller that needs only the status (the sink's
// inserts and upserts: one modified_tuples table each) skips them: they are still checked to be
// framed correctly, but not decoded, which is most of the cost of a small response.
enum class ResultTables { Decode, Skip };

// Decodes the payload (without the length prefix) of a procedure response.
Result<Response> decode_response(std::string_view payload,
                                 ResultTables tables = ResultTables::Decode);
// The same into a default-constructed `out` that is already where it is needed (the client's
// list of completions): a Response is several strings and a vector, moved four times otherwise.
Status decode_response_into(std::string_view payload, ResultTables tables, Response& out);
// The client handle of a response payload, read without decoding the rest; nullopt when the
// payload is too short to hold one.
std::optional<int64_t> peek_client_handle(std::string_view payload);

}  // namespace ksink::voltdb
