#include "sinks/voltdb/client/volt_type.h"

#include <string>

namespace ksink::voltdb {

std::string_view type_name(Type t) {
  switch (t) {
    case Type::Null:
      return "NULL";
    case Type::TinyInt:
      return "TINYINT";
    case Type::SmallInt:
      return "SMALLINT";
    case Type::Integer:
      return "INTEGER";
    case Type::BigInt:
      return "BIGINT";
    case Type::Float:
      return "FLOAT";
    case Type::String:
      return "VARCHAR";
    case Type::Timestamp:
      return "TIMESTAMP";
    case Type::Date:
      return "DATE";
    case Type::VoltTable:
      return "VOLTTABLE";
    case Type::Decimal:
      return "DECIMAL";
    case Type::Boolean:
      return "BOOLEAN";
    case Type::VarBinary:
      return "VARBINARY";
    case Type::GeographyPoint:
      return "GEOGRAPHY_POINT";
    case Type::Geography:
      return "GEOGRAPHY";
    case Type::Array:
      return "ARRAY";
  }
  return "unknown type";
}

bool known_type(int8_t code) {
  switch (static_cast<Type>(code)) {
    case Type::Null:
    case Type::TinyInt:
    case Type::SmallInt:
    case Type::Integer:
    case Type::BigInt:
    case Type::Float:
    case Type::String:
    case Type::Timestamp:
    case Type::Date:
    case Type::VoltTable:
    case Type::Decimal:
    case Type::Boolean:
    case Type::VarBinary:
    case Type::GeographyPoint:
    case Type::Geography:
    case Type::Array:
      return true;
  }
  return false;
}

}  // namespace ksink::voltdb
