// Truncated and garbage input: every decoder must return an error value, never crash or read
// out of bounds (run this under the sanitizer build to make "never" mean something).
#include <gtest/gtest.h>

#include <random>

#include "hex.h"
#include "sinks/voltdb/client/frame.h"
#include "sinks/voltdb/client/login.h"
#include "sinks/voltdb/client/param.h"
#include "sinks/voltdb/client/response.h"

namespace ksink::voltdb {
namespace {

using test::unhex;

// Payloads (no length prefix) of recorded or hand-built messages.
std::string login_response() {
  return unhex(
      "00 00 00 00 00 00 00 00 00 00 00 00 00 05 00 00 01 a2 00 5d a4 e9 7f 00 00 01 00 00 00 03 "
      "31 31 2e");
}
std::string insert_response() {
  return unhex(
      "00 00 00 00 00 00 00 00 01 00 01 80 00 00 00 2e 00 01 00 00 00 2b 00 00 00 17 00 00 01 06 "
      "00 00 00 0f 6d 6f 64 69 66 69 65 64 5f 74 75 70 6c 65 73 00 00 00 01 00 00 00 08 00 00 00 "
      "00 00 00 00 01");
}
std::string ping_response() {
  return unhex(
      "00 00 00 00 00 00 00 00 03 20 01 00 00 00 07 53 55 43 43 45 53 53 80 00 00 00 00 00 01 00 "
      "00 00 22 00 00 00 0e 80 00 01 06 00 00 00 06 53 54 41 54 55 53 00 00 00 01 00 00 00 08 00 "
      "00 00 00 00 00 00 00");
}
std::string failure_response() {
  return unhex("00 00 00 00 00 00 00 00 02 20 fe 00 00 00 03 61 62 63 80 00 00 00 06 00 00");
}
std::string all_fields_response() {
  return unhex(
      "00 00 00 00 00 00 00 00 09 f0 ff 00 00 00 02 6e 6f 05 00 00 00 03 61 70 70 00 00 00 07 00 "
      "00 00 03 01 02 03 00 02 00 00 00 01 00 00 00 02 00 00");
}
std::string parameter_set() {
  std::vector<Param> params = {
      Param::null(),
      Param::tinyint(1),
      Param::smallint(2),
      Param::integer(3),
      Param::bigint(4),
      Param::floating(5),
      Param::string("six"),
      Param::timestamp(7),
      Param::decimal(Int128{8}),
      Param::boolean(true),
      Param::varbinary("\x09"),
      Param::geography_point(1, 2),
      Param::geography("g"),
      Param::date(11),
      Param::array(Type::Integer, {Param::integer(1)}),
      Param::array(Type::TinyInt, {Param::tinyint(1), Param::tinyint(2)}),
      Param::array(Type::String, {Param::string("a")}),
      Param::volt_table(unhex("00 00 00 0b 00 00 00 03 00 00 00 00 00 00 00"))};
  ByteWriter w;
  EXPECT_TRUE(encode_parameter_set(w, params).ok());
  EXPECT_TRUE(decode_parameter_set(w.view()).ok());
  return std::string(w.view());
}

TEST(MalformedInput, EveryTruncationOfAResponseIsAnError) {
  for (const std::string& full :
       {insert_response(), ping_response(), failure_response(), all_fields_response()}) {
    ASSERT_TRUE(decode_response(full).ok());
    for (size_t cut = 0; cut < full.size(); ++cut) {
      Result<Response> r = decode_response(std::string_view(full).substr(0, cut));
      EXPECT_FALSE(r.ok()) << "cut at " << cut;
      if (!r.ok()) {
        EXPECT_FALSE(r.error().message.empty());
      }
    }
    // One byte too many is also an error: lengths must match exactly.
    EXPECT_FALSE(decode_response(full + '\0').ok());
  }
}

TEST(MalformedInput, EveryTruncationOfALoginResponseIsAnError) {
  std::string full = login_response();
  ASSERT_TRUE(decode_login_response(full).ok());
  for (size_t cut = 0; cut < full.size(); ++cut)
    EXPECT_FALSE(decode_login_response(std::string_view(full).substr(0, cut)).ok()) << cut;
  EXPECT_FALSE(decode_login_response(unhex("00")).ok());
  EXPECT_FALSE(decode_login_response(unhex("00 ff 00")).ok());
  EXPECT_FALSE(decode_login_response(unhex("07 00")).ok());  // unknown version
}

TEST(MalformedInput, EveryTruncationOfAParameterSetIsAnError) {
  std::string full = parameter_set();
  for (size_t cut = 0; cut < full.size(); ++cut)
    EXPECT_FALSE(decode_parameter_set(std::string_view(full).substr(0, cut)).ok()) << cut;
}

TEST(MalformedInput, FramesArriveInPieces) {
  std::string stream = unhex("00 00 00 02 00 ff 00 00 00 01 07");
  // Byte by byte: exactly two frames come out, at the right moments.
  FrameDecoder d;
  std::vector<std::string> frames;
  for (char c : stream) {
    d.append(std::string_view(&c, 1));
    std::string_view payload;
    while (d.next(payload) == FrameDecoder::Next::Frame) frames.emplace_back(payload);
  }
  EXPECT_EQ(frames, (std::vector<std::string>{unhex("00 ff"), unhex("07")}));
  EXPECT_TRUE(d.pending().empty());
}

TEST(MalformedInput, BadFrameLengths) {
  for (const char* bytes : {"00 00 00 00 01", "ff ff ff ff 01", "80 00 00 00",
                            "03 20 00 01 00"}) {  // 0, -1, min, 50 MiB + 1
    FrameDecoder d;
    d.append(unhex(bytes));
    std::string_view payload;
    EXPECT_EQ(d.next(payload), FrameDecoder::Next::Error) << bytes;
    EXPECT_FALSE(d.error().empty());
  }
  FrameDecoder ok;
  ok.append(unhex("03 20 00 00"));  // exactly 50 MiB announced: waits for it
  std::string_view payload;
  EXPECT_EQ(ok.next(payload), FrameDecoder::Next::NeedMore);
}

// Deterministic garbage: random bytes, and every valid message with each byte replaced by
// values that stress lengths and counts.
TEST(MalformedInput, GarbageNeverCrashes) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 200);
  for (int i = 0; i < 20000; ++i) {
    std::string junk(static_cast<size_t>(len(rng)), '\0');
    for (char& c : junk) c = static_cast<char>(byte(rng));
    (void)decode_response(junk);
    (void)decode_login_response(junk);
    (void)decode_parameter_set(junk);
    (void)decode_volt_table(junk);
  }
  for (const std::string& full : {insert_response(), ping_response(), all_fields_response(),
                                  login_response(), parameter_set()}) {
    for (size_t pos = 0; pos < full.size(); ++pos) {
      for (int v : {0x00, 0x01, 0x7f, 0x80, 0xff, 0x9d}) {
        std::string mutated = full;
        mutated[pos] = static_cast<char>(v);
        (void)decode_response(mutated);
        (void)decode_login_response(mutated);
        (void)decode_parameter_set(mutated);
        (void)decode_volt_table(mutated);
      }
    }
  }
}

TEST(MalformedInput, HugeCountsDoNotAllocateFromTheWire) {
  // A table announcing 2^31-1 rows and an array announcing 2^31-1 TINYINTs in a few bytes.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 0b 00 00 00 03 00 00 00 7f ff ff ff")).ok());
  EXPECT_FALSE(decode_parameter_set(unhex("00 01 9d 03 7f ff ff ff 01")).ok());
  // 32767 columns announced, none present.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 0b 00 00 00 03 00 7f ff 00 00 00 00")).ok());
}

}  // namespace
}  // namespace ksink::voltdb
