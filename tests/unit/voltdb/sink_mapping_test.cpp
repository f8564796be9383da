// The VoltDB sink's own pieces without a server: the catalog built from @SystemCatalog results,
// and record values converted to column parameters (ranges, texts, NULL, what is refused).
#include <gtest/gtest.h>

#include "sinks/voltdb/catalog.h"
#include "sinks/voltdb/client/decimal.h"
#include "sinks/voltdb/column_value.h"
#include "unit/voltdb_client/print_param.h"

namespace ksink::voltdb {

namespace {

Cell text(const char* s) { return s ? Param::string(s) : Param::null_of(Type::String); }
Cell integer(int32_t v) { return Param::integer(v); }

// @SystemCatalog COLUMNS as the server sends it: rows sorted by table, then column *name*.
VoltTable columns_table() {
  VoltTable t;
  for (const char* name : {"TABLE_NAME", "COLUMN_NAME", "TYPE_NAME"})
    t.columns.push_back({name, Type::String});
  for (const char* name : {"COLUMN_SIZE", "NULLABLE", "ORDINAL_POSITION"})
    t.columns.push_back({name, Type::Integer});
  auto row = [&](const char* table, const char* column, const char* type, int size, int nullable,
                 int position) {
    t.rows.push_back({text(table), text(column), text(type), integer(size), integer(nullable),
                      integer(position)});
  };
  row("NOPK", "A", "INTEGER", 31, 1, 1);
  row("T", "ID", "INTEGER", 31, 0, 1);
  row("T", "NAME", "VARCHAR", 32, 1, 2);
  row("T", "V", "FLOAT", 53, 1, 3);
  row("R", "G", "GEOGRAPHY", 1024, 1, 2);
  row("R", "K", "BIGINT", 63, 0, 1);
  return t;
}

VoltTable keys_table() {
  VoltTable t;
  t.columns = {{"TABLE_NAME", Type::String}, {"COLUMN_NAME", Type::String}};
  t.rows.push_back({text("T"), text("ID")});
  t.rows.push_back({text("R"), text("K")});
  return t;
}

TEST(Catalog, ColumnsInOrdinalOrderWithTypesSizesAndKeys) {
  auto keys = keys_table();
  auto c = Catalog::from_tables(columns_table(), &keys);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->table_names(), "NOPK, R, T");
  const TableInfo* t = c->find("t");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->columns.size(), 3u);
  EXPECT_EQ(t->columns[0].name, "ID");
  EXPECT_FALSE(t->columns[0].nullable);
  EXPECT_EQ(t->columns[1].name, "NAME");
  EXPECT_EQ(t->columns[1].type, Type::String);
  EXPECT_EQ(t->columns[1].size, 32);
  EXPECT_EQ(column_type_text(t->columns[1]), "VARCHAR(32)");
  EXPECT_EQ(t->columns[2].type, Type::Float);
  EXPECT_TRUE(t->has_primary_key);
  const TableInfo* r = c->find("R");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->columns[0].name, "K");         // G sorts first by name but comes second
  EXPECT_EQ(r->columns[1].type, Type::Null);  // geography: not written by the sink
  EXPECT_FALSE(c->find("NOPK")->has_primary_key);
  EXPECT_EQ(c->find("nosuch"), nullptr);
}

// T.delete takes the key's columns in the key's order (KEY_SEQ), not the table's or the rows'
// (VoltDB/voltdb DefaultProcedureManager.java generateCrudPKeyWhereClause sorts by index column).
TEST(Catalog, PrimaryKeyColumnsInTheKeysOrder) {
  VoltTable keys;
  keys.columns = {
      {"TABLE_NAME", Type::String}, {"COLUMN_NAME", Type::String}, {"KEY_SEQ", Type::SmallInt}};
  keys.rows.push_back({text("T"), text("ID"), Param::smallint(2)});
  keys.rows.push_back({text("T"), text("NAME"), Param::smallint(1)});
  keys.rows.push_back({text("R"), text("K"), Param::smallint(1)});
  auto c = Catalog::from_tables(columns_table(), &keys);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->find("T")->primary_key, (std::vector<int>{1, 0}));  // NAME, then ID
  EXPECT_EQ(c->find("R")->primary_key, (std::vector<int>{0}));
  EXPECT_TRUE(c->find("NOPK")->primary_key.empty());
  // Without KEY_SEQ the order is unknown: no key columns (no T.delete is called).
  auto unordered = keys_table();
  auto c2 = Catalog::from_tables(columns_table(), &unordered);
  ASSERT_TRUE(c2.ok());
  EXPECT_TRUE(c2->find("T")->has_primary_key);
  EXPECT_TRUE(c2->find("T")->primary_key.empty());
}

// @SystemCatalog INDEXINFO: a row per index and column, NON_UNIQUE 0 for a unique index, the
// primary key's index among them (VoltDB/voltdb
// src/frontend/org/voltdb/JdbcDatabaseMetaDataGenerator.java getIndexInfo). Under THROW the sink
// keeps rows that cannot be undone from passing a row VoltDB may refuse
// (docs/voltdb-sink.md "Order and replays").
TEST(Catalog, UniqueIndexesTellWhichRowsVoltDbMayRefuse) {
  VoltTable keys;
  keys.columns = {
      {"TABLE_NAME", Type::String}, {"COLUMN_NAME", Type::String}, {"KEY_SEQ", Type::SmallInt}};
  keys.rows.push_back({text("T"), text("ID"), Param::smallint(1)});
  keys.rows.push_back({text("R"), text("K"), Param::smallint(1)});
  VoltTable indexes;
  indexes.columns = {{"TABLE_NAME", Type::String},
                     {"NON_UNIQUE", Type::TinyInt},
                     {"INDEX_NAME", Type::String},
                     {"COLUMN_NAME", Type::String}};
  auto index = [&](const char* table, int non_unique, const char* name, const char* column) {
    indexes.rows.push_back(
        {text(table), Param::tinyint(static_cast<int8_t>(non_unique)), text(name), text(column)});
  };
  index("T", 0, "VOLTDB_AUTOGEN_IDX_PK_T_ID", "ID");
  index("T", 0, "T_NAME", "NAME");  // NAME unique too: an UPSERT may meet another row's NAME
  index("R", 0, "VOLTDB_AUTOGEN_IDX_PK_R_K", "K");
  index("R", 0, "R_K_G", "K");  // contains the key: whatever it holds, the key decides
  index("R", 0, "R_K_G", "G");
  index("NOPK", 1, "NOPK_A", "A");  // not unique: nothing to refuse
  auto c = Catalog::from_tables(columns_table(), &keys, &indexes);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(c->find("T")->unique_key_may_refuse(true));
  EXPECT_TRUE(c->find("T")->unique_key_may_refuse(false));
  EXPECT_FALSE(c->find("R")->unique_key_may_refuse(true));
  EXPECT_TRUE(c->find("R")->unique_key_may_refuse(false));  // a duplicate key
  EXPECT_FALSE(c->find("NOPK")->unique_key_may_refuse(false));
  // Without INDEXINFO nothing is known: any table may refuse.
  auto unknown = Catalog::from_tables(columns_table(), &keys);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->find("R")->unique_key_may_refuse(true));
  EXPECT_TRUE(unknown->find("NOPK")->unique_key_may_refuse(false));
}

TEST(Catalog, ExactNameWinsAndCaseOnlyDifferencesAreAmbiguous) {
  VoltTable cols = columns_table();
  cols.rows.push_back({text("t"), text("X"), text("INTEGER"), integer(31), integer(1), integer(1)});
  auto c = Catalog::from_tables(cols, nullptr);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->find("t")->columns[0].name, "X");
  EXPECT_EQ(c->find("T")->columns[0].name, "ID");
  bool ambiguous = false;
  EXPECT_EQ(c->find("T ", &ambiguous), nullptr);
  EXPECT_FALSE(ambiguous);
  EXPECT_EQ(c->find("t", &ambiguous)->name, "t");
  VoltTable two = columns_table();
  two.rows.push_back(
      {text("Nopk"), text("X"), text("INTEGER"), integer(31), integer(1), integer(1)});
  auto c2 = Catalog::from_tables(two, nullptr);
  EXPECT_EQ(c2->find("nopk", &ambiguous), nullptr);
  EXPECT_TRUE(ambiguous);
}

TEST(Catalog, AResultWithoutTheNeededColumnsIsAnError) {
  VoltTable t;
  t.columns = {{"TABLE_NAME", Type::String}};
  auto c = Catalog::from_tables(t, nullptr);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "@SystemCatalog COLUMNS returned no column COLUMN_NAME: is this a VoltDB server?");
}

TableColumn column(Type type, int size = 0, const char* sql_name = nullptr) {
  TableColumn c;
  c.name = "C";
  c.type = type;
  c.type_name = sql_name ? sql_name : std::string(type_name(type));
  c.size = size;
  return c;
}

struct Converted {
  bool ok;
  Param param;
  std::string problem;
};

// The parameter encode_column_value writes, read back from the wire bytes.
Converted convert(const Value& v, const TableColumn& c) {
  Converted out;
  ByteWriter w;
  w.i16(1);
  out.ok = encode_column_value(v, c, w, out.problem);
  if (!out.ok) {
    EXPECT_EQ(w.size(), 2u) << "a refused value must append nothing";
    return out;
  }
  Result<std::vector<Param>> back = decode_parameter_set(w.view());
  EXPECT_TRUE(back.ok()) << back.error().message;
  if (back.ok() && back->size() == 1) out.param = back->front();
  return out;
}

TEST(ColumnValue, IntegersInRangeFromNumbersStringsAndBooleans) {
  auto ti = column(Type::TinyInt);
  EXPECT_EQ(convert(Value(127), ti).param, Param::tinyint(127));
  EXPECT_EQ(convert(Value(-127), ti).param, Param::tinyint(-127));
  EXPECT_EQ(convert(Value("-5"), ti).param, Param::tinyint(-5));
  EXPECT_EQ(convert(Value("+5"), ti).param, Param::tinyint(5));
  EXPECT_EQ(convert(Value(7.0), ti).param, Param::tinyint(7));
  EXPECT_EQ(convert(Value(Decimal{"12.000"}), ti).param, Param::tinyint(12));
  EXPECT_EQ(convert(Value(true), ti).param, Param::tinyint(1));
  EXPECT_EQ(convert(Value(int64_t{-9223372036854775807}), column(Type::BigInt)).param,
            Param::bigint(-9223372036854775807));
  EXPECT_EQ(convert(Value(40000), column(Type::Integer)).param, Param::integer(40000));
}

TEST(ColumnValue, IntegersThatDoNotFitNameTheRangeButNotTheValue) {
  auto ti = column(Type::TinyInt);
  auto c = convert(Value(128), ti);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.problem, "expected an integer from -127 to 127, found an integer out of that range");
  EXPECT_FALSE(convert(Value(-128), ti).ok);  // TINYINT's NULL
  EXPECT_EQ(convert(Value(int64_t{INT64_MIN}), column(Type::BigInt)).ok, false);
  EXPECT_EQ(convert(Value("12x"), ti).problem,
            "expected an integer from -127 to 127, found a string that is not an integer");
  EXPECT_EQ(convert(Value(1.5), column(Type::SmallInt)).problem,
            "expected an integer from -32767 to 32767, found a double that is not a whole "
            "number in range");
  EXPECT_EQ(convert(Value(Object{}), ti).problem,
            "expected an integer from -127 to 127, found an object");
  EXPECT_FALSE(convert(Value(1e19), column(Type::BigInt)).ok);
}

TEST(ColumnValue, FloatsFromNumbersAndNumericStrings) {
  auto f = column(Type::Float);
  EXPECT_EQ(convert(Value(2.5), f).param, Param::floating(2.5));
  EXPECT_EQ(convert(Value(3), f).param, Param::floating(3.0));
  EXPECT_EQ(convert(Value("-1e3"), f).param, Param::floating(-1000.0));
  EXPECT_EQ(convert(Value(Decimal{"0.25"}), f).param, Param::floating(0.25));
  EXPECT_EQ(convert(Value("abc"), f).problem,
            "expected a number, found a string that is not a number");
  EXPECT_FALSE(convert(Value("nan"), f).ok);
  EXPECT_FALSE(convert(Value(-1.7E308), f).ok);  // FLOAT's NULL
  EXPECT_FALSE(convert(Value(true), f).ok);
}

TEST(ColumnValue, DecimalsAtScaleTwelve) {
  auto d = column(Type::Decimal);
  EXPECT_EQ(convert(Value("3.25"), d).param, Param::decimal(Int128{3'250'000'000'000}));
  EXPECT_EQ(convert(Value(2), d).param, Param::decimal(Int128{2'000'000'000'000}));
  EXPECT_EQ(convert(Value(0.1), d).param, Param::decimal(Int128{100'000'000'000}));
  EXPECT_EQ(convert(Value(Decimal{"-1.5"}), d).param, Param::decimal(Int128{-1'500'000'000'000}));
  EXPECT_EQ(convert(Value("1e30"), d).problem,
            "expected a number with at most 26 digits before the point, found a string that is "
            "not such a number");
  EXPECT_FALSE(convert(Value(1e30), d).ok);
  EXPECT_FALSE(convert(Value(Array{}), d).ok);
}

TEST(ColumnValue, VarcharCountsCharactersAndWritesOtherValuesAsText) {
  auto s = column(Type::String, 4);
  EXPECT_EQ(convert(Value("héé!"), s).param, Param::string("héé!"));  // 4 characters, 6 bytes
  EXPECT_EQ(convert(Value("abcde"), s).problem,
            "expected at most 4 characters, found a string of 5");
  EXPECT_EQ(convert(Value(12), s).param, Param::string("12"));
  EXPECT_EQ(convert(Value(1.0), s).param, Param::string("1.0"));
  EXPECT_EQ(convert(Value(true), s).param, Param::string("true"));
  EXPECT_EQ(convert(Value(Object{{"a", Value(1)}}), column(Type::String, 100)).param,
            Param::string(R"({"a":1})"));
  EXPECT_EQ(convert(Value(12345.5), s).problem,
            "expected at most 4 characters, found a double whose text has 7");
  EXPECT_FALSE(convert(Value("\\N"), s).ok);  // VoltDB would store NULL
}

TEST(ColumnValue, VarbinaryFromBytesOrHexText) {
  auto vb = column(Type::VarBinary, 2);
  EXPECT_EQ(convert(Value(Bytes{"\x01\x02"}), vb).param, Param::varbinary("\x01\x02"));
  EXPECT_EQ(convert(Value("0aFF"), vb).param, Param::varbinary("\x0a\xff"));
  EXPECT_EQ(convert(Value("X'0a0b'"), vb).param, Param::varbinary("\x0a\x0b"));
  EXPECT_EQ(convert(Value("0a0b0c"), vb).problem, "expected at most 2 bytes, found 3");
  EXPECT_FALSE(convert(Value("0g"), vb).ok);
  EXPECT_FALSE(convert(Value("abc"), vb).ok);
  EXPECT_FALSE(convert(Value(5), vb).ok);
}

TEST(ColumnValue, TimestampsAreEpochMillisecondsOrText) {
  auto ts = column(Type::Timestamp);
  EXPECT_EQ(convert(Value(int64_t{1700000000123}), ts).param, Param::timestamp(1700000000123000));
  EXPECT_EQ(convert(Value("1700000000123"), ts).param, Param::timestamp(1700000000123000));
  EXPECT_EQ(convert(Value(-1000), ts).param, Param::timestamp(-1000000));
  EXPECT_EQ(convert(Value("2024-05-06 07:08:09.123456"), ts).param,
            Param::string("2024-05-06 07:08:09.123456"));
  EXPECT_FALSE(convert(Value(int64_t{INT64_MAX}), ts).ok);
  EXPECT_FALSE(convert(Value(1.5), ts).ok);
  EXPECT_FALSE(convert(Value(true), ts).ok);
}

// What VoltDB still checks itself: more bytes than a VARCHAR(n)'s n (a VARCHAR(n BYTES) refuses
// them, and the catalog does not say which it is), and a TIMESTAMP as text.
TEST(ColumnValue, ValuesVoltDbStillChecksAreMarkedUnchecked) {
  auto unchecked = [](const Value& v, const TableColumn& c) {
    ByteWriter w;
    std::string problem;
    bool flag = false;
    EXPECT_TRUE(encode_column_value(v, c, w, problem, &flag)) << problem;
    bool cell_flag = false;
    ByteWriter cells;
    const CellStatus st = encode_column_cell(v, c, cells, problem, &cell_flag);
    EXPECT_EQ(flag, cell_flag || st == CellStatus::ParameterOnly);
    return flag;
  };
  auto s = column(Type::String, 4);
  EXPECT_FALSE(unchecked(Value("abcd"), s));
  EXPECT_FALSE(unchecked(Value("h\xc3\xa9"), s));         // 2 characters, 3 bytes: fits either way
  EXPECT_TRUE(unchecked(Value("h\xc3\xa9\xc3\xa9"), s));  // 3 characters, 5 bytes
  auto ts = column(Type::Timestamp);
  EXPECT_FALSE(unchecked(Value(int64_t{1700000000123}), ts));
  EXPECT_TRUE(unchecked(Value("2024-05-06 07:08:09"), ts));
}

TEST(ColumnValue, NullIsTheUntypedNullForEveryType) {
  for (Type t : {Type::TinyInt, Type::Float, Type::Decimal, Type::String, Type::VarBinary,
                 Type::Timestamp}) {
    auto c = convert(Value(), column(t, 4));
    EXPECT_TRUE(c.ok);
    EXPECT_EQ(c.param, Param::null());
  }
}

TEST(ColumnValue, ColumnsOfOtherTypesAreRefusedWithAHint) {
  auto c = convert(Value(1), column(Type::Null, 0, "GEOGRAPHY_POINT"));
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.problem,
            "the sink cannot write GEOGRAPHY_POINT columns; leave the field out (the column then "
            "gets NULL)");
}

}  // namespace
}  // namespace ksink::voltdb
