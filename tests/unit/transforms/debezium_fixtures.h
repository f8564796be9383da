// Debezium 2.7 change events for the `inventory.customers` table, as the MySQL and PostgreSQL
// connectors emit them (logical server name `dbserver1`), after ksink's JsonConverter: the
// payloads of the envelopes in debezium_fixtures/*.json (the same events as Connect
// JsonConverter text, schemas included, for end-to-end tests). Written by hand after the
// examples in Debezium's connector documentation ("Data change events"): a snapshot read 'r'
// of customer 1001, then customer 1005 created 'c', updated 'u' and deleted 'd' (followed by a
// tombstone: the key and a null value), and for PostgreSQL a truncate 't'.
//
// The table: id INT (key), first_name, last_name, email VARCHAR NOT NULL, balance DOUBLE,
// rating FLOAT, birth_date DATE (io.debezium.time.Date: days), created_at DATETIME(3) in MySQL
// (io.debezium.time.Timestamp: epoch ms) / TIMESTAMP in PostgreSQL
// (io.debezium.time.MicroTimestamp: epoch µs), updated_at TIMESTAMP / TIMESTAMPTZ
// (io.debezium.time.ZonedTimestamp: ISO-8601 text). PostgreSQL's table has REPLICA IDENTITY
// FULL, so its updates and deletes carry the whole `before` row.
#pragma once

#include <cstdint>
#include <string>

#include "core/value.h"

namespace ksink::transforms::testing::debezium {

struct Customer {
  int64_t id;
  const char* first_name;
  const char* last_name;
  const char* email;
  double balance;
  double rating;
  int64_t birth_date;  // days since the epoch
  int64_t created_at;  // epoch ms
  const char* updated_at;
};

inline const Customer kSally{1001, "Sally", "Thomas",      "sally.thomas@acme.com", 1520.75,
                             4.5,  5551,    1705314600000, "2024-01-15T10:30:00Z"};
inline const Customer kJane{1005, "Jane", "Doe",         "jane.doe@example.com", 250.5,
                            3.25, 7486,   1710062142123, "2024-03-10T09:15:42Z"};
inline const Customer kJaneUpdated{1005, "Jane", "Roe",         "jane.roe@example.com", 300.0,
                                   3.25, 7486,   1710062142123, "2024-03-11T12:00:05Z"};

// The row as the connector writes it; PostgreSQL's TIMESTAMP is in microseconds.
inline Value row(const Customer& c, bool postgres = false) {
  return Object{{"id", c.id},
                {"first_name", c.first_name},
                {"last_name", c.last_name},
                {"email", c.email},
                {"balance", c.balance},
                {"rating", c.rating},
                {"birth_date", c.birth_date},
                {"created_at", postgres ? c.created_at * 1000 : c.created_at},
                {"updated_at", c.updated_at}};
}

inline Value key(int64_t id) { return Object{{"id", id}}; }

inline Value mysql_source(int64_t ts_ms, const char* snapshot, int64_t pos, Value thread) {
  const bool snap = std::string(snapshot) != "false";
  return Object{{"version", "2.7.3.Final"},
                {"connector", "mysql"},
                {"name", "dbserver1"},
                {"ts_ms", ts_ms},
                {"snapshot", snapshot},
                {"db", "inventory"},
                {"sequence", nullptr},
                {"ts_us", ts_ms * 1000},
                {"ts_ns", ts_ms * 1000000},
                {"table", "customers"},
                {"server_id", snap ? int64_t{0} : int64_t{223344}},
                {"gtid", nullptr},
                {"file", "mysql-bin.000003"},
                {"pos", pos},
                {"row", 0},
                {"thread", std::move(thread)},
                {"query", nullptr}};
}

inline Value postgres_source(int64_t ts_ms, const char* snapshot, int64_t tx_id, int64_t lsn,
                             const char* sequence) {
  return Object{{"version", "2.7.3.Final"},
                {"connector", "postgresql"},
                {"name", "dbserver1"},
                {"ts_ms", ts_ms},
                {"snapshot", snapshot},
                {"db", "postgres"},
                {"sequence", sequence},
                {"ts_us", ts_ms * 1000},
                {"ts_ns", ts_ms * 1000000},
                {"schema", "inventory"},
                {"table", "customers"},
                {"txId", tx_id},
                {"lsn", lsn},
                {"xmin", nullptr}};
}

inline Value envelope(Value before, Value after, Value source, const char* op, int64_t ts_ms) {
  return Object{{"before", std::move(before)},
                {"after", std::move(after)},
                {"source", std::move(source)},
                {"transaction", nullptr},
                {"op", op},
                {"ts_ms", ts_ms},
                {"ts_us", ts_ms * 1000},
                {"ts_ns", ts_ms * 1000000}};
}

// MySQL (debezium_fixtures/mysql_*.json); the keys are key(1001) and key(1005).
inline Value mysql_read() {
  return envelope(nullptr, row(kSally), mysql_source(1705314600000, "first", 157, nullptr), "r",
                  1705314600412);
}
inline Value mysql_create() {
  return envelope(nullptr, row(kJane), mysql_source(1710062142000, "false", 1086, int64_t{7}), "c",
                  1710062142500);
}
inline Value mysql_update() {
  return envelope(row(kJane), row(kJaneUpdated),
                  mysql_source(1710158405000, "false", 1449, int64_t{7}), "u", 1710158405250);
}
inline Value mysql_delete() {
  return envelope(row(kJaneUpdated), nullptr,
                  mysql_source(1710233100000, "false", 1832, int64_t{7}), "d", 1710233100750);
}
// io.debezium.connector.common.Heartbeat (mysql_heartbeat.json), keyed by the server name.
inline Value mysql_heartbeat() { return Object{{"ts_ms", int64_t{1710062160000}}}; }
inline Value mysql_heartbeat_key() { return Object{{"serverName", "dbserver1"}}; }

// PostgreSQL (debezium_fixtures/postgres_*.json).
inline Value postgres_read() {
  return envelope(nullptr, row(kSally, true),
                  postgres_source(1705314600000, "first", 763, 24023128, "[null,\"24023128\"]"),
                  "r", 1705314600412);
}
inline Value postgres_create() {
  return envelope(
      nullptr, row(kJane, true),
      postgres_source(1710062142123, "false", 780, 24023928, "[\"24023119\",\"24023928\"]"), "c",
      1710062142500);
}
inline Value postgres_update() {
  return envelope(
      row(kJane, true), row(kJaneUpdated, true),
      postgres_source(1710158405001, "false", 781, 24024312, "[\"24023928\",\"24024312\"]"), "u",
      1710158405250);
}
inline Value postgres_delete() {
  return envelope(
      row(kJaneUpdated, true), nullptr,
      postgres_source(1710233100502, "false", 782, 24024760, "[\"24024312\",\"24024760\"]"), "d",
      1710233100750);
}
// TRUNCATE: no key, no rows.
inline Value postgres_truncate() {
  return envelope(
      nullptr, nullptr,
      postgres_source(1710300000000, "false", 790, 24025104, "[\"24024760\",\"24025104\"]"), "t",
      1710300000120);
}

}  // namespace ksink::transforms::testing::debezium
