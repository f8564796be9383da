// VoltDB's partitioning as the client computes it: MurmurHash3 x64_128, VoltDB's 32-bit token,
// the elastic token ring from @Statistics TOPO, and a bulk load's VoltTable parameter.
//
// Vectors: the canonical MurmurHash3 x64_128 results published in elastic/elasticsearch
// (Murmur3HasherTests.java, testKnownValues); VoltDB's use of them -- (int)(h1 >>> 32) of the
// seed-0 hash, integers as the 8 little-endian bytes of a long, the ring lookup -- from VoltDB's
// MurmurHash3.java and HashinatorLite.java (VoltDB/voltdb, src/frontend/org/voltdb/client), whose
// TestHashinatorLite.java checks NULL -> partition 0 and the same partition for a number and its
// text; the partitions expected below were computed by the protocol test server's own hashinator
// (tests/voltdb_server/hashinator.py, written independently) for the ring it serves.
#include "sinks/voltdb/client/hashinator.h"

#include <gtest/gtest.h>

#include "sinks/voltdb/client/murmur3.h"
#include "sinks/voltdb/client/table_encoder.h"

namespace ksink::voltdb {
namespace {

TEST(Murmur3, MatchesThePublishedVectors) {
  struct Vector {
    const char* text;
    uint64_t seed, h1, h2;
  };
  for (const Vector& v : {Vector{"hell", 0, 0x629942693e10f867, 0x92db0b82baeb5347},
                          Vector{"hello", 1, 0xa78ddff5adae8d10, 0x128900ef20900135},
                          Vector{"hello ", 2, 0x8a486b23f422e826, 0xf962a2c58947765f},
                          Vector{"hello w", 3, 0x2ea59f466f6bed8c, 0xc610990acc428a17},
                          Vector{"hello wo", 4, 0x79f6305a386c572c, 0x46305aed3483b94e},
                          Vector{"hello wor", 5, 0xc2219d213ec1f1b5, 0xa1d8e2e0a52785bd},
                          Vector{"The quick brown fox jumps over the lazy dog", 0,
                                 0xe34bbc7bbc071b6c, 0x7a433ca9c49a9347},
                          Vector{"The quick brown fox jumps over the lazy cog", 0,
                                 0x658ca970ff85269a, 0x43fee3eaa68e5c3e}}) {
    Murmur3Hash128 h = murmur3_x64_128(v.text, v.seed);
    EXPECT_EQ(h.h1, v.h1) << v.text;
    EXPECT_EQ(h.h2, v.h2) << v.text;
  }
  EXPECT_EQ(murmur3_x64_128("", 0).h1, 0u);
}

TEST(Murmur3, VoltDbKeepsTheUpperHalfOfH1AsASignedInt) {
  EXPECT_EQ(voltdb_hash("hell"), 0x62994269);
  EXPECT_EQ(voltdb_hash("The quick brown fox jumps over the lazy dog"),
            static_cast<int32_t>(0xe34bbc7bu));
  // An integer is hashed as its 8 little-endian bytes, whatever the column's width.
  EXPECT_EQ(voltdb_hash_integer(1), voltdb_hash(std::string_view("\x01\0\0\0\0\0\0\0", 8)));
  EXPECT_EQ(voltdb_hash_integer(-1), voltdb_hash(std::string(8, '\xff')));
}

// The ring tests/voltdb_server/hashinator.py serves for n partitions: 8 tokens per partition,
// evenly spaced from -2^31, the partitions taking turns.
std::string test_server_ring(int partitions) {
  ByteWriter w;
  const int total = partitions * 8;
  const int64_t step = (int64_t{1} << 32) / total;
  w.i32(total);
  for (int i = 0; i < total; ++i) {
    w.i32(static_cast<int32_t>(INT32_MIN + i * step));
    w.i32(i % partitions);
  }
  return std::string(w.view());
}

TEST(Hashinator, PlacesValuesAsTheTestServerDoes) {
  auto h = Hashinator::from_config(test_server_ring(4));
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->partition_count(), 4u);
  const int expected_ints[] = {1, 0, 3, 3, 2, 1, 0, 2, 3, 3, 2, 0};
  for (int64_t v = 0; v < 12; ++v) EXPECT_EQ(h->partition_of_integer(v), expected_ints[v]) << v;
  EXPECT_EQ(h->partition_of_bytes("a"), 0);
  EXPECT_EQ(h->partition_of_bytes("b"), 3);
  EXPECT_EQ(h->partition_of_bytes("Smith"), 2);
  EXPECT_EQ(h->partition_of_bytes("x"), 1);
  EXPECT_EQ(h->partition_of_bytes("y"), 3);
}

// TestHashinatorLite.java's testSizeChanges and testEdgeCases: every value lands in one of the
// ring's partitions, whatever their number.
TEST(Hashinator, EveryValueLandsInAPartitionOfTheRing) {
  for (int n = 1; n <= 11; ++n) {
    auto h = Hashinator::from_config(test_server_ring(n));
    ASSERT_TRUE(h.ok());
    for (int64_t v : {int64_t{-7}, int64_t{0}, int64_t{7}, INT64_MAX, INT64_MAX - 1, INT64_MIN + 1}) {
      const int32_t p = h->partition_of_integer(v);
      EXPECT_TRUE(p >= 0 && p < n) << v << " with " << n << " partitions: " << p;
    }
  }
}

TEST(Hashinator, ATokenBelongsToTheGreatestRingTokenAtOrBelowIt) {
  ByteWriter w;
  w.i32(3);
  for (auto [token, partition] : {std::pair{-100, 7}, {0, 8}, {100, 9}}) {
    w.i32(token);
    w.i32(partition);
  }
  auto h = Hashinator::from_config(w.view());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->partition_of_token(-100), 7);
  EXPECT_EQ(h->partition_of_token(-1), 7);
  EXPECT_EQ(h->partition_of_token(0), 8);
  EXPECT_EQ(h->partition_of_token(99), 8);
  EXPECT_EQ(h->partition_of_token(INT32_MAX), 9);
  EXPECT_EQ(h->partition_of_token(-101), 9);  // below the first token: around the ring
}

TEST(Hashinator, ABadConfigurationIsAnErrorNotACrash) {
  EXPECT_FALSE(Hashinator::from_config("").ok());
  EXPECT_FALSE(Hashinator::from_config(std::string_view("\0\0\0\x02\0\0\0\x01", 8)).ok());
  ByteWriter w;
  w.i32(2);
  w.i32(5);
  w.i32(0);
  w.i32(1);  // tokens out of order
  w.i32(1);
  EXPECT_NE(Hashinator::from_config(w.view()).error().message.find("ascending"), std::string::npos);
}

TEST(Hashinator, ReadsTheRingFromStatisticsTopo) {
  VoltTable partitions;
  VoltTable hash;
  hash.columns = {{"HASHTYPE", Type::String}, {"HASHCONFIG", Type::VarBinary}};
  hash.rows.push_back({Param::string("ELASTIC"), Param::varbinary(test_server_ring(2))});
  auto h = Hashinator::from_topology({partitions, hash});
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->partition_count(), 2u);
  hash.rows[0][0] = Param::string("LEGACY");
  EXPECT_FALSE(Hashinator::from_topology({partitions, hash}).ok());
  EXPECT_FALSE(Hashinator::from_topology({partitions}).ok());
}

TEST(TableEncoder, WritesATableTheDecoderReadsBack) {
  ByteWriter w;
  w.i8(9);  // something before the table, as in a parameter set
  const Column columns[] = {{"ID", Type::Integer}, {"NAME", Type::String}};
  TableEncoder t(w, columns);
  for (int id : {1, 2}) {
    ByteWriter cells;
    cells.i32(id);
    cells.string(id == 1 ? "one" : "two");
    t.add_row(cells.view());
  }
  t.finish();
  EXPECT_EQ(t.rows(), 2);
  auto table = decode_volt_table(w.view().substr(1));
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->columns.size(), 2u);
  EXPECT_EQ(table->columns[1].name, "NAME");
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1][0].as_int(), 2);
  EXPECT_EQ(table->rows[1][1].as_string(), "two");
}

}  // namespace
}  // namespace ksink::voltdb
