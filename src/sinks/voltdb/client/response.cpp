#include "sinks/voltdb/client/response.h"

#include <algorithm>

#include "sinks/voltdb/client/byte_io.h"

namespace ksink::voltdb {
namespace {

constexpr int8_t kAppStatusStringPresent = static_cast<int8_t>(0x80);
constexpr int8_t kExceptionPresent = 0x40;
constexpr int8_t kStatusStringPresent = 0x20;
constexpr int8_t kHashesPresent = 0x10;

}  // namespace

std::string Response::message() const {
  if (status_string && !status_string->empty()) return *status_string;
  return std::string(status_name(status));
}

std::optional<int64_t> peek_client_handle(std::string_view payload) {
  ByteReader r(payload);
  r.i8("response version");
  int64_t handle = r.i64("client handle");
  if (!r.ok()) return std::nullopt;
  return handle;
}

Result<Response> decode_response(std::string_view payload, ResultTables tables) {
  Response resp;
  if (Status st = decode_response_into(payload, tables, resp); !st) return st.error();
  return resp;
}

Status decode_response_into(std::string_view payload, ResultTables tables, Response& resp) {
  ByteReader r(payload);
  int8_t version = r.i8("response version");
  if (r.ok() && version != 0)
    return Error{"procedure response: unknown version " + std::to_string(version)};
  resp.client_handle = r.i64("client handle");
  int8_t fields = r.i8("fields present");
  resp.status = r.i8("status");
  if (fields & kStatusStringPresent) {
    std::optional<std::string_view> s = r.string("status string");
    if (s) resp.status_string = std::string(*s);
  }
  resp.app_status = r.i8("app status");
  if (fields & kAppStatusStringPresent) {
    std::optional<std::string_view> s = r.string("app status string");
    if (s) resp.app_status_string = std::string(*s);
  }
  resp.cluster_round_trip_ms = r.i32("cluster round trip time");
  if (fields & kExceptionPresent) {
    int32_t length = r.i32("exception length");
    if (r.ok() && length < 0)
      r.fail("malformed message: exception length " + std::to_string(length));
    std::string_view e = r.raw(static_cast<size_t>(std::max(length, 0)), "exception");
    if (r.ok()) resp.serialized_exception = std::string(e);
  }
  if (fields & kHashesPresent) {
    int16_t count = r.i16("hash count");
    if (r.ok() && count < 0) r.fail("malformed message: hash count " + std::to_string(count));
    r.raw(static_cast<size_t>(std::max<int16_t>(count, 0)) * 4, "hashes");
  }
  int16_t table_count = r.i16("result table count");
  if (r.ok() && table_count < 0)
    r.fail("malformed message: result table count " + std::to_string(table_count));
  for (int i = 0; r.ok() && i < table_count; ++i) {
    if (tables == ResultTables::Decode) {
      resp.tables.push_back(decode_volt_table(r));
      continue;
    }
    int32_t length = r.i32("table length");
    if (r.ok() && length < 0) r.fail("malformed message: table length " + std::to_string(length));
    r.raw(static_cast<size_t>(std::max(length, 0)), "table");
  }
  r.expect_end("procedure response");
  if (!r.ok()) return Error{"procedure response: " + r.error()};
  return Status::Ok();
}

}  // namespace ksink::voltdb
