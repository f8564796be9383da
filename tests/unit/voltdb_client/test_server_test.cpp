// The client against the VoltDB protocol test server (tests/voltdb_server), which was written
// independently from the protocol doc: login, @SystemCatalog COLUMNS, inserts of every column
// type, a duplicate key, a missing procedure, SERVER_UNAVAILABLE, dropped connections and
// reconnect, credentials.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "sinks/voltdb/client/client.h"
#include "sinks/voltdb/client/decimal.h"
#include "support/process.h"

namespace ksink::voltdb {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Finds `key=N` on a line of the server's output.
std::optional<int> announced(const std::string& log, const std::string& key) {
  size_t at = log.find(key + "=");
  if (at == std::string::npos || (at > 0 && log[at - 1] != '\n')) return std::nullopt;
  size_t end = log.find('\n', at);
  if (end == std::string::npos) return std::nullopt;  // line not complete yet
  return std::atoi(log.substr(at + key.size() + 1, end - at - key.size() - 1).c_str());
}

class TestServer {
 public:
  explicit TestServer(std::vector<std::string> extra = {}) {
    dir_ = test::temp_dir("ksink-voltdb");
    std::string root = KSINK_SOURCE_DIR;
    std::vector<std::string> argv = {
        "python3",        root + "/tests/voltdb_server/voltdb_test_server.py",
        "--schema",       root + "/tests/voltdb_server/schema.sql",
        "--port",         "0",
        "--control-port", "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_.start(argv, dir_ + "/server.log");
    test::eventually(
        [&] {
          std::string log = process_.log();
          port_ = announced(log, "port").value_or(0);
          control_ = announced(log, "control").value_or(0);
          return (port_ && control_) || !process_.running();
        },
        20s);
  }
  ~TestServer() {
    process_.stop(SIGTERM, 10s);
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }

  bool ready() const { return port_ > 0 && control_ > 0; }
  int port() const { return port_; }
  std::string log() const { return process_.log(); }

  // A bodiless HTTP/1.0 request to the control channel; returns the response body.
  std::string http(const std::string& method, const std::string& path) const {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(control_));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return "";
    }
    std::string req =
        method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string resp;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<size_t>(n));
    ::close(fd);
    size_t body = resp.find("\r\n\r\n");
    return body == std::string::npos ? resp : resp.substr(body + 4);
  }

 private:
  std::string dir_;
  test::ChildProcess process_;
  int port_ = 0;
  int control_ = 0;
};

bool have_python() { return std::system("python3 -c 'import sys' >/dev/null 2>&1") == 0; }

ClientOptions options(int port) {
  ClientOptions o;
  o.servers.push_back(Endpoint{"127.0.0.1", static_cast<uint16_t>(port)});
  return o;
}

Client make(ClientOptions o) {
  Result<Client> c = Client::create(std::move(o));
  if (!c.ok()) throw std::runtime_error(c.error().message);
  return std::move(*c);
}

template <typename F>
bool poll_until(Client& c, F done, std::chrono::milliseconds timeout = 10s) {
  auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    c.poll(10ms);
  }
  return true;
}

const std::string& text(const Cell& c) { return c.as_string(); }

TEST(TestServer, CatalogInsertsErrorsAndReconnect) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  TestServer server;
  ASSERT_TRUE(server.ready()) << server.log();
  std::vector<std::string> events;
  ClientOptions o = options(server.port());
  o.on_event = [&](std::string_view e) { events.emplace_back(e); };
  Client client = make(o);
  Outcome connected = client.connect(10s);
  ASSERT_TRUE(connected.ok()) << connected.message;

  // @SystemCatalog COLUMNS: T's columns in ordinal order are the parameters of T.insert.
  std::vector<Param> selector = {Param::string("COLUMNS")};
  CallResult catalog = client.call("@SystemCatalog", selector);
  ASSERT_TRUE(catalog.outcome.ok()) << catalog.outcome.message;
  ASSERT_EQ(catalog.response->tables.size(), 1u);
  const VoltTable& columns = catalog.response->tables[0];
  ASSERT_EQ(columns.columns.size(), 23u);
  size_t table = *columns.column_index("TABLE_NAME"), name = *columns.column_index("COLUMN_NAME"),
         type = *columns.column_index("TYPE_NAME"), nullable = *columns.column_index("NULLABLE"),
         ordinal = *columns.column_index("ORDINAL_POSITION");
  EXPECT_EQ(columns.columns[ordinal].type, Type::Integer);
  std::vector<std::tuple<int64_t, std::string, std::string, int64_t>> t_columns;
  for (const auto& row : columns.rows)
    if (text(row[table]) == "T")
      t_columns.emplace_back(row[ordinal].as_int(), text(row[name]), text(row[type]),
                             row[nullable].as_int());
  std::sort(t_columns.begin(), t_columns.end());
  using Col = std::tuple<int64_t, std::string, std::string, int64_t>;
  EXPECT_EQ(t_columns, (std::vector<Col>{Col{1, "ID", "INTEGER", 0}, Col{2, "NAME", "VARCHAR", 1},
                                         Col{3, "V", "FLOAT", 1}}));

  // The insert of docs/voltdb-protocol.md section 12.2, then the same again: the duplicate-key text of docs/voltdb-protocol.md section 13.3.
  std::vector<Param> row = {Param::integer(1), Param::string("a"), Param::null_of(Type::Float)};
  std::optional<Response> first, second;
  ASSERT_TRUE(
      client.invoke(1, "T.insert", row, [&](Response&& r) { first = std::move(r); }).accepted());
  ASSERT_TRUE(
      client.invoke(1, "T.insert", row, [&](Response&& r) { second = std::move(r); }).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return first && second; }));
  ASSERT_TRUE(first->success()) << first->message();
  EXPECT_EQ(first->tables.at(0).rows.at(0).at(0), Param::bigint(1));
  Outcome dup = classify(*second);
  EXPECT_EQ(dup.kind, OutcomeKind::RecordError);
  EXPECT_TRUE(is_constraint_violation(*second));
  EXPECT_EQ(dup.message,
            "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\nConstraint "
            "Type UNIQUE, Table CatalogId T\nRelevant Tuples:\nID  NAME  V    \n--- ----- -----\n"
            "  1 a      NULL\n  1 a      NULL");

  // Every column type, typed, into the partitioned RP; read back through RP.select.
  std::vector<Param> all = {Param::bigint(50),
                            Param::timestamp(1714979289123456),
                            *Param::decimal("3.25"),
                            Param::varbinary("\x0a\x0b"),
                            Param::tinyint(1),
                            Param::smallint(2),
                            Param::null()};
  CallResult inserted = client.call("RP.insert", all);
  ASSERT_TRUE(inserted.outcome.ok()) << inserted.outcome.message;
  std::vector<Param> key = {Param::bigint(50)};
  CallResult selected = client.call("RP.select", key);
  ASSERT_TRUE(selected.outcome.ok()) << selected.outcome.message;
  ASSERT_EQ(selected.response->tables.at(0).rows.size(), 1u);
  const std::vector<Cell>& back = selected.response->tables[0].rows[0];
  EXPECT_EQ(back[0], Param::bigint(50));
  EXPECT_EQ(back[1], Param::timestamp(1714979289123456));
  EXPECT_EQ(format_decimal(back[2].as_decimal()), "3.25");
  EXPECT_EQ(back[3], Param::varbinary("\x0a\x0b"));
  EXPECT_EQ(back[4], Param::tinyint(1));
  EXPECT_EQ(back[5], Param::smallint(2));
  EXPECT_EQ(back[6], Param::null_of(Type::String));

  // Procedure not generated: misconfiguration. Out-of-range value: record error.
  std::vector<Param> nopk = {Param::integer(1), Param::string("b")};
  EXPECT_EQ(client.call("NOPK.upsert", nopk).outcome.kind, OutcomeKind::Misconfiguration);
  std::vector<Param> wide = {Param::integer(2), Param::string(std::string(40, 'y')),
                             Param::floating(1.0)};
  CallResult too_long = client.call("T.insert", wide);
  EXPECT_EQ(too_long.outcome.kind, OutcomeKind::RecordError);
  EXPECT_NE(too_long.outcome.message.find("VOLTDB ERROR: SQL ERROR"), std::string::npos)
      << too_long.outcome.message;

  // A paused server: target unavailable, nothing written.
  server.http("POST", "/unavailable?seconds=30");
  std::vector<Param> three = {Param::integer(3), Param::string("c"), Param::floating(3)};
  CallResult paused = client.call("T.insert", three);
  EXPECT_EQ(paused.outcome.kind, OutcomeKind::TargetUnavailable) << paused.outcome.message;
  EXPECT_EQ(paused.outcome.status, status_code::kServerUnavailable);
  server.http("POST", "/reset");

  // Connections dropped with a call in flight: CONNECTION_LOST, then a reconnect.
  server.http("POST", "/delay?ms=1000");
  std::optional<Response> in_flight;
  ASSERT_TRUE(client.invoke(3, "T.insert", three, [&](Response&& r) { in_flight = std::move(r); })
                  .accepted());
  client.poll(50ms);  // sends it
  server.http("POST", "/drop-connections");
  ASSERT_TRUE(poll_until(client, [&] { return in_flight.has_value(); }));
  EXPECT_EQ(in_flight->status, status_code::kConnectionLost);
  EXPECT_TRUE(classify(*in_flight).maybe_executed);
  server.http("POST", "/reset");
  ASSERT_TRUE(poll_until(client, [&] { return client.live_connections() == 1; }));
  std::vector<Param> four = {Param::integer(4), Param::string("d"), Param::floating(4.5)};
  CallResult after = client.call("T.insert", four);
  EXPECT_TRUE(after.outcome.ok()) << after.outcome.message;

  std::string rows = server.http("GET", "/rows/T");
  EXPECT_NE(rows.find("\"ID\": 4"), std::string::npos) << rows;
  EXPECT_NE(rows.find("4.5"), std::string::npos) << rows;
  std::string stats = server.http("GET", "/stats");
  EXPECT_NE(stats.find("\"logins\": 2"), std::string::npos) << stats;
  client.close();
}

TEST(TestServer, CallTimeout) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  TestServer server;
  ASSERT_TRUE(server.ready()) << server.log();
  ClientOptions o = options(server.port());
  o.call_timeout = 300ms;
  Client client = make(o);
  ASSERT_TRUE(client.connect(10s).ok());
  server.http("POST", "/delay?ms=800");
  CallResult slow = client.call("@Ping", {});
  EXPECT_EQ(slow.response->status, status_code::kConnectionTimeout);
  EXPECT_EQ(slow.outcome.kind, OutcomeKind::TargetUnavailable);
  server.http("POST", "/reset");
  // The late answer is ignored and the connection keeps working.
  auto until = Clock::now() + 1s;
  while (Clock::now() < until) client.poll(50ms);
  EXPECT_TRUE(client.call("@Ping", {}).outcome.ok());
  EXPECT_EQ(client.live_connections(), 1u);
}

TEST(TestServer, Credentials) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  TestServer server({"--user", "sink", "--password", "pa55-word"});
  ASSERT_TRUE(server.ready()) << server.log();
  for (LoginScheme scheme : {LoginScheme::Sha256, LoginScheme::Sha1, LoginScheme::LegacySha1}) {
    ClientOptions o = options(server.port());
    o.username = "sink";
    o.password = "pa55-word";
    o.login_scheme = scheme;
    Client client = make(o);
    Outcome ok = client.connect(10s);
    EXPECT_TRUE(ok.ok()) << ok.message;
    EXPECT_TRUE(client.call("@Ping", {}).outcome.ok());
  }
  ClientOptions o = options(server.port());
  o.username = "sink";
  o.password = "wrong-pa55";
  Client client = make(o);
  Outcome rejected = client.connect(10s);
  EXPECT_EQ(rejected.kind, OutcomeKind::Misconfiguration);
  EXPECT_EQ(rejected.message.find("wrong-pa55"), std::string::npos) << rejected.message;
  EXPECT_NE(rejected.message.find("authentication failed"), std::string::npos);
}

}  // namespace
}  // namespace ksink::voltdb
