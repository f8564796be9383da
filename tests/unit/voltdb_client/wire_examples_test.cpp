// The worked examples (docs/voltdb-protocol.md section 12) and the bytes a real VoltDB 11.4 server returned
// (section 13), byte for byte.
#include <gtest/gtest.h>

#include "hex.h"
#include "sinks/voltdb/client/invocation.h"
#include "sinks/voltdb/client/login.h"
#include "sinks/voltdb/client/outcome.h"
#include "sinks/voltdb/client/response.h"

namespace ksink::voltdb {
namespace {

using test::hex;
using test::unhex;

// The payload of a framed message, after checking that the frame length is right.
std::string_view payload_of(const std::string& frame) {
  EXPECT_GE(frame.size(), 4u);
  uint32_t n = static_cast<uint8_t>(frame[0]) << 24 | static_cast<uint8_t>(frame[1]) << 16 |
               static_cast<uint8_t>(frame[2]) << 8 | static_cast<uint8_t>(frame[3]);
  EXPECT_EQ(n, frame.size() - 4);
  return std::string_view(frame).substr(4);
}

TEST(WireExamples, LoginRequestSha256EmptyUser_12_1) {
  Result<std::string> req = encode_login_request("", "", LoginScheme::Sha256);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(hex(*req), hex(unhex(R"(
      00 00 00 32
      01
      01
      00 00 00 08 64 61 74 61 62 61 73 65
      00 00 00 00
      e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24
      27 ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55)")));
}

TEST(WireExamples, LoginRequestLegacySha1_12_1) {
  Result<std::string> req = encode_login_request("", "", LoginScheme::LegacySha1);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(hex(*req), hex(unhex(R"(
      00 00 00 25 00 00 00 00 08 64 61 74 61 62 61 73 65 00 00 00 00
      da 39 a3 ee 5e 6b 4b 0d 32 55 bf ef 95 60 18 90 af d8 07 09)")));
}

TEST(WireExamples, LoginRequestSha1Scheme0) {
  // Version 1 with scheme byte 0: the legacy layout plus the scheme byte.
  Result<std::string> req = encode_login_request("u", "", LoginScheme::Sha1);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(hex(*req), hex(unhex(R"(
      00 00 00 27 01 00 00 00 00 08 64 61 74 61 62 61 73 65 00 00 00 01 75
      da 39 a3 ee 5e 6b 4b 0d 32 55 bf ef 95 60 18 90 af d8 07 09)")));
}

TEST(WireExamples, LoginRequestCarriesDigestNotPassword) {
  Result<std::string> req = encode_login_request("sink", "s3cret-pw", LoginScheme::Sha256);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->find("s3cret-pw"), std::string::npos);
  EXPECT_EQ(req->size(), 4u + 2 + 12 + 8 + 32);
}

TEST(WireExamples, InsertInvocation_12_2) {
  ByteWriter out;
  std::vector<Param> params = {Param::integer(1), Param::string("a"), Param::null_of(Type::Float)};
  ASSERT_TRUE(encode_invocation(out, "T.insert", 1, params).ok());
  EXPECT_EQ(hex(out.view()), hex(unhex(R"(
      00 00 00 2b
      00
      00 00 00 08 54 2e 69 6e 73 65 72 74
      00 00 00 00 00 00 00 01
      00 03
      05 00 00 00 01
      09 00 00 00 01 61
      08 ff ee 42 d1 30 77 3b 76)")));
}

TEST(WireExamples, InsertInvocationUntypedNull_12_2) {
  ByteWriter out;
  std::vector<Param> params = {Param::integer(1), Param::string("a"), Param::null()};
  ASSERT_TRUE(encode_invocation(out, "T.insert", 1, params).ok());
  EXPECT_EQ(hex(out.view()), hex(unhex(R"(
      00 00 00 23 00 00 00 00 08 54 2e 69 6e 73 65 72 74 00 00 00 00 00 00 00 01
      00 03 05 00 00 00 01 09 00 00 00 01 61 01)")));
}

TEST(WireExamples, PingInvocationVersion0) {
  ByteWriter out;
  ASSERT_TRUE(encode_invocation(out, "@Ping", 3, {}).ok());
  EXPECT_EQ(hex(out.view()), hex(unhex("00 00 00 14 00 00 00 00 05 40 50 69 6e 67 "
                                "00 00 00 00 00 00 00 03 00 00")));
}

TEST(WireExamples, InvocationsAppendToWhatIsWritten) {
  ByteWriter out;
  out.raw("xy");
  ASSERT_TRUE(encode_invocation(out, "@Ping", 3, {}).ok());
  EXPECT_EQ(out.size(), 2u + 24);
  EXPECT_EQ(out.view().substr(0, 2), "xy");
}

TEST(WireExamples, LoginResponse_13_1) {
  std::string frame = unhex(R"(
      00 00 00 4e
      00
      00
      00 00 00 00
      00 00 00 00 00 00 00 05
      00 00 01 a2 00 5d a4 e9
      7f 00 00 01
      00 00 00 30
      31 31 2e 34 2e 30 2e 62 65 74 61 31 5f 54 68 69 73 20 69 73 20 6e 6f 74
      20 66 72 6f 6d 20 61 20 6b 6e 6f 77 6e 20 72 65 70 6f 73 69 74 6f 72 79)");
  Result<LoginResponse> r = decode_login_response(payload_of(frame));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->success());
  EXPECT_EQ(r->host_id, 0);
  EXPECT_EQ(r->connection_id, 5);
  EXPECT_EQ(r->cluster_start_ms, 1795302466793);
  EXPECT_EQ(r->leader_address(), "127.0.0.1");
  EXPECT_EQ(r->build, "11.4.0.beta1_This is not from a known repository");
}

TEST(WireExamples, LoginFailures_13_1) {
  struct Case {
    const char* bytes;
    int8_t code;
    bool transient;
  };
  for (const Case& c : {Case{"00 00 00 02 00 ff", -1, false}, Case{"00 00 00 02 00 03", 3, false},
                        Case{"00 00 00 02 00 05", 5, false}, Case{"00 00 00 02 00 01", 1, true},
                        Case{"00 00 00 02 00 02", 2, true}, Case{"00 00 00 02 00 04", 4, true}}) {
    std::string frame = unhex(c.bytes);
    Result<LoginResponse> r = decode_login_response(payload_of(frame));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->success());
    EXPECT_EQ(r->code, c.code);
    EXPECT_EQ(login_failure_is_transient(*r), c.transient) << c.bytes;
    EXPECT_FALSE(describe_login_failure(*r).empty());
  }
}

TEST(WireExamples, LoginKerberosDemandIsAFailure) {
  // Version 2: "service name" tag and a principal follow; we stop at the first two bytes.
  std::string frame = unhex("00 00 00 0b 02 04 00 00 00 05 76 6f 6c 74 64");
  Result<LoginResponse> r = decode_login_response(payload_of(frame));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->success());
  EXPECT_TRUE(r->kerberos_required());
  EXPECT_FALSE(login_failure_is_transient(*r));
}

TEST(WireExamples, InsertSuccessResponse_13_2) {
  std::string frame = unhex(R"(
      00 00 00 41
      00
      00 00 00 00 00 00 00 01
      00
      01
      80
      00 00 00 2e
      00 01
      00 00 00 2b
      00 00 00 17
      00
      00 01
      06
      00 00 00 0f 6d 6f 64 69 66 69 65 64 5f 74 75 70 6c 65 73
      00 00 00 01
      00 00 00 08
      00 00 00 00 00 00 00 01)");
  Result<Response> r = decode_response(payload_of(frame));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 1);
  EXPECT_EQ(r->status, status_code::kSuccess);
  EXPECT_FALSE(r->status_string.has_value());
  EXPECT_EQ(r->app_status, kAppStatusUnset);
  EXPECT_FALSE(r->app_status_string.has_value());
  EXPECT_EQ(r->cluster_round_trip_ms, 46);
  ASSERT_EQ(r->tables.size(), 1u);
  const VoltTable& t = r->tables[0];
  EXPECT_EQ(t.status, 0);
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0], (Column{"modified_tuples", Type::BigInt}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], Param::bigint(1));
  EXPECT_EQ(classify(*r).kind, OutcomeKind::Success);
}

TEST(WireExamples, AStatusOnlyDecodeSkipsTheTablesButKeepsTheRest) {
  const std::string frame = unhex(R"(
      00 00 00 41  00  00 00 00 00 00 00 00 01  00  01  80  00 00 00 2e
      00 01
      00 00 00 2b
      00 00 00 17  00  00 01  06  00 00 00 0f 6d 6f 64 69 66 69 65 64 5f 74 75 70 6c 65 73
      00 00 00 01  00 00 00 08  00 00 00 00 00 00 00 01)");
  const std::string payload(payload_of(frame));
  ASSERT_TRUE(decode_response(payload).ok());
  Result<Response> r = decode_response(payload, ResultTables::Skip);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 1);
  EXPECT_EQ(peek_client_handle(payload), 1);
  EXPECT_EQ(r->status, status_code::kSuccess);
  EXPECT_EQ(r->cluster_round_trip_ms, 46);
  EXPECT_TRUE(r->tables.empty());
  // Framing is still checked: a table cut short or a byte too many is an error.
  EXPECT_FALSE(decode_response(std::string_view(payload).substr(0, payload.size() - 1),
                               ResultTables::Skip)
                   .ok());
  EXPECT_FALSE(decode_response(payload + '\0', ResultTables::Skip).ok());
  EXPECT_FALSE(peek_client_handle(std::string_view(payload).substr(0, 5)).has_value());
}

const char kDuplicateText[] =
    "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\nConstraint Type "
    "UNIQUE, Table CatalogId T\nRelevant Tuples:\nID  NAME  V    \n--- ----- -----\n  1 a      "
    "NULL\n  1 a      NULL";

TEST(WireExamples, DuplicateKeyResponse_13_3) {
  std::string text = kDuplicateText;
  ASSERT_EQ(text.size(), 191u);
  std::string frame = unhex("00 00 00 d5  00  00 00 00 00 00 00 00 02  20  fe  00 00 00 bf") +
                      text + unhex("80  00 00 00 06  00 00");
  Result<Response> r = decode_response(payload_of(frame));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 2);
  EXPECT_EQ(r->status, status_code::kGracefulFailure);
  EXPECT_EQ(r->status_string, text);
  EXPECT_EQ(r->app_status, kAppStatusUnset);
  EXPECT_EQ(r->cluster_round_trip_ms, 6);
  EXPECT_TRUE(r->tables.empty());
  Outcome o = classify(*r);
  EXPECT_EQ(o.kind, OutcomeKind::RecordError);
  EXPECT_EQ(o.message, text);
  EXPECT_FALSE(o.maybe_executed);
  EXPECT_TRUE(is_constraint_violation(*r));
}

TEST(WireExamples, PingResponse_13_3) {
  std::string frame = unhex(R"(
      00 00 00 43  00  00 00 00 00 00 00 00 03  20  01  00 00 00 07 53 55 43 43 45 53 53  80
      00 00 00 00  00 01  00 00 00 22  00 00 00 0e  80  00 01  06  00 00 00 06 53 54 41 54 55 53
      00 00 00 01  00 00 00 08  00 00 00 00 00 00 00 00)");
  Result<Response> r = decode_response(payload_of(frame));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 3);
  EXPECT_EQ(r->status, status_code::kSuccess);
  EXPECT_EQ(r->status_string, "SUCCESS");
  EXPECT_EQ(r->cluster_round_trip_ms, 0);
  ASSERT_EQ(r->tables.size(), 1u);
  EXPECT_EQ(r->tables[0].status, static_cast<int8_t>(0x80));
  EXPECT_EQ(r->tables[0].columns, (std::vector<Column>{{"STATUS", Type::BigInt}}));
  ASSERT_EQ(r->tables[0].rows.size(), 1u);
  EXPECT_EQ(r->tables[0].rows[0][0], Param::bigint(0));
}

TEST(WireExamples, ResponseWithAppStatusStringExceptionAndHashes) {
  // Every optional field at once, in the documented order: status string, app status, app
  // status string, round trip, exception, hashes, tables.
  std::string frame = unhex(R"(
      00 00 00 30  00  00 00 00 00 00 00 00 09  f0  ff
      00 00 00 02 6e 6f
      05
      00 00 00 03 61 70 70
      00 00 00 07
      00 00 00 03 01 02 03
      00 02 00 00 00 01 00 00 00 02
      00 00)");
  Result<Response> r = decode_response(payload_of(frame));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 9);
  EXPECT_EQ(r->status, status_code::kUserAbort);
  EXPECT_EQ(r->status_string, "no");
  EXPECT_EQ(r->app_status, 5);
  EXPECT_EQ(r->app_status_string, "app");
  EXPECT_EQ(r->cluster_round_trip_ms, 7);
  EXPECT_EQ(r->serialized_exception, unhex("01 02 03"));
  EXPECT_TRUE(r->tables.empty());
  EXPECT_EQ(classify(*r).kind, OutcomeKind::RecordError);
}

TEST(WireExamples, UnparseableRequestAnswer_13_4) {
  // The server's answer to format version 5: UNEXPECTED_FAILURE with the connection id (5) as
  // handle. It decodes; the client then finds no call with that handle.
  std::string text = "Unknown ProcedureInvocationType 5";
  std::string payload = unhex("00 00 00 00 00 00 00 00 05 20 fd") + test::be32(text.size()) + text +
                        unhex("80 00 00 00 00 00 00");
  Result<Response> r = decode_response(payload);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->client_handle, 5);
  EXPECT_EQ(r->status, status_code::kUnexpectedFailure);
  EXPECT_EQ(r->status_string, text);
}

}  // namespace
}  // namespace ksink::voltdb
