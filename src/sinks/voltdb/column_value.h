// A record's field value converted to the type of the VoltDB column it fills (docs/voltdb-sink.md),
// before the call is sent, so that a value that cannot fit is a record error naming the column
// rather than a server error naming a parameter number.
//
//   TINYINT … BIGINT  integers in range (the type's minimum is VoltDB's NULL, so TINYINT holds
//                     -127..127); whole doubles and decimals, integer strings, booleans as 1/0
//   FLOAT             numbers, numeric strings
//   DECIMAL           numbers, decimals, numeric strings; rounded to 12 decimal places, at most
//                     26 digits before the point
//   VARCHAR(n)        strings of at most n characters; other values as their JSON text
//   VARBINARY(n)      bytes, or hex text (`0a0b` or `X'0a0b'`), at most n bytes
//   TIMESTAMP         integers (and integer strings) are epoch milliseconds, sent as VoltDB's
//                     microseconds; other text is sent as it is for VoltDB to parse
//                     (`YYYY-MM-DD[ HH:MM:SS[.ffffff]]`)
//
// A null value becomes NULL; the caller checks NOT NULL. The texts never quote the value: error
// messages must not carry record contents.
//
// What ksink cannot check before sending, VoltDB checks: `unchecked` (when given) is set when the
// value may still be refused by the server for itself -- a text with more bytes than a
// VARCHAR(n)'s n (the catalog does not tell VARCHAR(n BYTES) apart), a TIMESTAMP as text for
// VoltDB to parse. Under THROW the writer keeps the rows after such a row waiting
// (docs/voltdb-sink.md "Order and replays").
#pragma once

#include <string>

#include "core/value.h"
#include "sinks/voltdb/catalog.h"
#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/param.h"

namespace ksink::voltdb {

// Appends the call parameter for `column` converted from `v` -- its type code, then its value; a
// null value is the untyped NULL -- and returns true. Or returns false with `problem` saying what
// the column expects and what kind of value was found ("expected an integer from -127 to 127,
// found an integer out of that range"), having appended nothing.
bool encode_column_value(const Value& v, const TableColumn& column, ByteWriter& out,
                         std::string& problem, bool* unchecked = nullptr);

// The same value as a cell of a VoltTable row (the bulk loads' table parameter): no type code,
// at the column's own type, NULL as the type's sentinel. A TIMESTAMP given as text can travel
// only as a parameter, for VoltDB to parse: ParameterOnly, with nothing appended.
enum class CellStatus { Written, Refused, ParameterOnly };
CellStatus encode_column_cell(const Value& v, const TableColumn& column, ByteWriter& out,
                              std::string& problem, bool* unchecked = nullptr);

}  // namespace ksink::voltdb
