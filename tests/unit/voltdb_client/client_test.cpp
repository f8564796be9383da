// The client against a scripted fake server: matching by handle, limits, timeouts, connection
// loss and reconnect, login rejection, key pinning, keep-alive.
#include "sinks/voltdb/client/client.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>

#include "fake_server.h"

namespace ksink::voltdb {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::FakeConnection;
using test::FakeServer;

struct Harness {
  std::vector<std::string> events;

  ClientOptions options(std::vector<int> ports) {
    ClientOptions o;
    for (int p : ports) o.servers.push_back(Endpoint{"127.0.0.1", static_cast<uint16_t>(p)});
    o.on_event = [this](std::string_view e) { events.emplace_back(e); };
    return o;
  }

  bool saw_event(std::string_view part) const {
    for (const auto& e : events)
      if (e.find(part) != std::string::npos) return true;
    return false;
  }
};

Client make(ClientOptions o) {
  Result<Client> c = Client::create(std::move(o));
  if (!c.ok()) throw std::runtime_error(c.error().message);
  return std::move(*c);
}

template <typename F>
bool poll_until(Client& c, F done, std::chrono::milliseconds timeout = 5s) {
  auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    c.poll(10ms);
  }
  return true;
}

// Answers every call with SUCCESS (modified_tuples 1), or, when `label` is set, with
// GRACEFUL_FAILURE whose text is the label (so a test can tell servers apart).
FakeServer::Handler answering(std::string label = "") {
  return [label](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    while (auto req = c.read_frame()) {
      test::Request r = test::parse_request(*req);
      c.send(label.empty() ? test::response(r.handle, 1) : test::response(r.handle, -2, label));
    }
  };
}

int unused_port() {
  FakeServer probe([](FakeConnection&) {});
  return probe.port();  // closed again when probe goes away
}

TEST(Client, CreateValidatesOptions) {
  EXPECT_FALSE(Client::create(ClientOptions{}).ok());
  Harness h;
  ClientOptions o = h.options({1});
  o.max_in_flight = 0;
  EXPECT_FALSE(Client::create(o).ok());
  o = h.options({1});
  o.reconnect_max_backoff = 10ms;  // below the initial 100 ms
  EXPECT_FALSE(Client::create(o).ok());
}

TEST(Client, ConnectsLogsInAndCalls) {
  FakeServer server(answering());
  Harness h;
  Client client = make(h.options({server.port()}));
  Outcome connected = client.connect(5s);
  ASSERT_TRUE(connected.ok()) << connected.message;
  EXPECT_EQ(client.live_connections(), 1u);
  EXPECT_TRUE(h.saw_event("connected to VoltDB server 127.0.0.1:"));

  std::vector<Param> params = {Param::integer(1), Param::string("a"), Param::null()};
  CallResult r = client.call("T.insert", params);
  ASSERT_TRUE(r.outcome.ok()) << r.outcome.message;
  ASSERT_TRUE(r.response);
  ASSERT_EQ(r.response->tables.size(), 1u);
  EXPECT_EQ(r.response->tables[0].rows[0][0], Param::bigint(1));
  EXPECT_EQ(client.in_flight(), 0u);
}

TEST(Client, ResponsesAreMatchedByHandleInAnyOrder) {
  FakeServer server([](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    std::vector<test::Request> got;
    for (int i = 0; i < 3; ++i)
      if (auto req = c.read_frame()) got.push_back(test::parse_request(*req));
    for (auto it = got.rbegin(); it != got.rend(); ++it)
      c.send(test::response(it->handle, -2, "answer to " + std::to_string(it->handle)));
    c.wait_for_close(5s);
  });
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());

  std::map<int64_t, Response> answers;
  std::vector<int64_t> order;
  std::vector<int64_t> handles;
  for (int i = 0; i < 3; ++i) {
    Submission s = client.invoke(7, "T.insert", {}, [&](Response&& r) {
      order.push_back(r.client_handle);
      answers[r.client_handle] = std::move(r);
    });
    ASSERT_TRUE(s.accepted());
    handles.push_back(s.handle);
  }
  ASSERT_TRUE(poll_until(client, [&] { return answers.size() == 3; }));
  for (int64_t handle : handles)
    EXPECT_EQ(answers[handle].status_string, "answer to " + std::to_string(handle));
  EXPECT_EQ(order, (std::vector<int64_t>{handles[2], handles[1], handles[0]}));
}

TEST(Client, InFlightLimitSaysBusy) {
  FakeServer server(answering());
  Harness h;
  ClientOptions o = h.options({server.port()});
  o.max_in_flight = 2;
  Client client = make(o);
  ASSERT_TRUE(client.connect(5s).ok());
  int done = 0;
  auto count = [&](Response&&) { ++done; };
  EXPECT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  EXPECT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  Submission third = client.invoke(1, "T.insert", {}, count);
  EXPECT_EQ(third.state, Submission::State::Busy);
  EXPECT_EQ(client.in_flight(), 2u);
  EXPECT_EQ(client.max_in_flight(), 2u);
  ASSERT_TRUE(poll_until(client, [&] { return done == 2; }));
  EXPECT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return done == 3; }));
}

TEST(Client, CallTimeoutAndLateAnswerIgnored) {
  FakeServer server([](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    auto first = c.read_frame();
    auto second = c.read_frame();  // sent after the first timed out
    if (!first || !second) return;
    c.send(test::response(test::parse_request(*first).handle, 1));  // late
    c.send(test::response(test::parse_request(*second).handle, 1));
    c.wait_for_close(5s);
  });
  Harness h;
  ClientOptions o = h.options({server.port()});
  o.call_timeout = 200ms;
  Client client = make(o);
  ASSERT_TRUE(client.connect(5s).ok());

  std::optional<Response> first;
  auto start = Clock::now();
  ASSERT_TRUE(
      client.invoke(1, "T.insert", {}, [&](Response&& r) { first = std::move(r); }).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return first.has_value(); }));
  EXPECT_GE(Clock::now() - start, 190ms);
  EXPECT_EQ(first->status, status_code::kConnectionTimeout);
  Outcome o1 = classify(*first);
  EXPECT_EQ(o1.kind, OutcomeKind::TargetUnavailable);
  EXPECT_TRUE(o1.maybe_executed);
  EXPECT_NE(o1.message.find("T.insert: no response"), std::string::npos) << o1.message;
  EXPECT_EQ(client.in_flight(), 0u);

  CallResult second = client.call("T.insert", {});
  EXPECT_TRUE(second.outcome.ok()) << second.outcome.message;
  // The late answer to the first call did not break the connection.
  EXPECT_EQ(client.live_connections(), 1u);
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, LostConnectionFailsCallsInOrderThenReconnects) {
  std::atomic<int> connection{0};
  std::atomic<int64_t> lost_at_ms{0};
  FakeServer server([&](FakeConnection& c) {
    if (++connection > 1) return answering()(c);
    if (!test::accept_login(c)) return;
    {
      c.read_frame();
      c.read_frame();
      lost_at_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
              .count();
      return;  // closes with two calls outstanding
    }
    answering()(c);
  });
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());

  std::vector<Response> results;
  std::vector<int64_t> handles;
  for (int i = 0; i < 2; ++i)
    handles.push_back(
        client.invoke(3, "T.insert", {}, [&](Response&& r) { results.push_back(std::move(r)); })
            .handle);
  ASSERT_TRUE(poll_until(client, [&] { return results.size() == 2; }));
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(results[i].client_handle, handles[i]);
    EXPECT_EQ(results[i].status, status_code::kConnectionLost);
    Outcome o = classify(results[i]);
    EXPECT_EQ(o.kind, OutcomeKind::TargetUnavailable);
    EXPECT_NE(o.message.find("lost"), std::string::npos) << o.message;
  }
  EXPECT_EQ(client.in_flight(), 0u);
  EXPECT_TRUE(h.saw_event("reconnecting in 100 ms"));

  ASSERT_TRUE(poll_until(client, [&] { return client.live_connections() == 1; }));
  auto reconnected_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
          .count();
  EXPECT_GE(reconnected_ms - lost_at_ms, 90);
  EXPECT_TRUE(client.call("T.insert", {}).outcome.ok());
  EXPECT_EQ(server.accepted(), 2);
}

TEST(Client, WhileDisconnectedInvokeIsRefusedAsUnavailable) {
  Harness h;
  int port = unused_port();
  Client client = make(h.options({port}));
  Outcome o = client.connect(2s);
  EXPECT_EQ(o.kind, OutcomeKind::TargetUnavailable);
  EXPECT_NE(o.message.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << o.message;
  Submission s = client.invoke(1, "T.insert", {}, [](Response&&) {});
  EXPECT_EQ(s.state, Submission::State::Refused);
  EXPECT_EQ(s.refusal.kind, OutcomeKind::TargetUnavailable);
  EXPECT_TRUE(h.saw_event("retrying in 100 ms"));
  // Backoff doubles per failure.
  poll_until(
      client, [&] { return h.saw_event("retrying in 400 ms"); }, 3s);
  EXPECT_TRUE(h.saw_event("retrying in 200 ms"));
  EXPECT_TRUE(h.saw_event("retrying in 400 ms"));
}

TEST(Client, RejectedLoginIsMisconfigurationAndNotRetried) {
  std::atomic<bool> sha256_digest{false};
  FakeServer server([&](FakeConnection& c) {
    auto req = c.read_frame();
    // Version 1, scheme 1, "database", "sink", 32-byte digest.
    sha256_digest = req && req->size() == 2 + 12 + 8 + 32 && (*req)[0] == 1 && (*req)[1] == 1;
    c.send(test::unhex("00 00 00 02 00 ff"));
  });
  Harness h;
  ClientOptions o = h.options({server.port()});
  o.username = "sink";
  o.password = "s3cret-pw";
  Client client = make(o);
  Outcome connected = client.connect(5s);
  EXPECT_TRUE(sha256_digest);
  EXPECT_EQ(connected.kind, OutcomeKind::Misconfiguration);
  EXPECT_NE(connected.message.find("user 'sink'"), std::string::npos) << connected.message;
  EXPECT_NE(connected.message.find("authentication failed"), std::string::npos);
  EXPECT_EQ(connected.message.find("s3cret-pw"), std::string::npos);
  for (const auto& e : h.events) EXPECT_EQ(e.find("s3cret-pw"), std::string::npos) << e;

  Submission s = client.invoke(1, "T.insert", {}, [](Response&&) {});
  EXPECT_EQ(s.state, Submission::State::Refused);
  EXPECT_EQ(s.refusal.kind, OutcomeKind::Misconfiguration);
  ASSERT_TRUE(client.login_rejection().has_value());

  auto until = Clock::now() + 500ms;
  while (Clock::now() < until) client.poll(20ms);
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, TooManyConnectionsIsRetried) {
  FakeServer server([](FakeConnection& c) { c.send(std::string("\x01", 1)); });
  Harness h;
  Client client = make(h.options({server.port()}));
  Outcome o = client.connect(2s);
  EXPECT_EQ(o.kind, OutcomeKind::TargetUnavailable);
  EXPECT_NE(o.message.find("too many connections"), std::string::npos) << o.message;
  EXPECT_TRUE(poll_until(client, [&] { return server.accepted() >= 3; }));
  EXPECT_FALSE(client.login_rejection().has_value());
}

TEST(Client, ResponseForUnknownHandleDropsTheConnection) {
  std::atomic<int> connection{0};
  FakeServer server([&](FakeConnection& c) {
    if (++connection > 1) return answering()(c);
    if (!test::accept_login(c)) return;
    if (auto req = c.read_frame()) {
      c.send(test::response(test::parse_request(*req).handle + 1000, 1));
      c.wait_for_close(5s);
    }
  });
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  std::optional<Response> r;
  ASSERT_TRUE(client.invoke(1, "T.insert", {}, [&](Response&& x) { r = std::move(x); }).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return r.has_value(); }));
  EXPECT_EQ(r->status, status_code::kConnectionLost);
  EXPECT_NE(r->message().find("unknown client handle"), std::string::npos) << r->message();
  ASSERT_TRUE(poll_until(client, [&] { return client.live_connections() == 1; }));
  EXPECT_TRUE(client.call("T.insert", {}).outcome.ok());
}

TEST(Client, GarbageFromTheServerDropsTheConnection) {
  for (const char* garbage : {"7f ff ff ff 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10",
                              "00 00 00 05 09 01 02 03 04"}) {  // bad length; bad version
    FakeServer server([&](FakeConnection& c) {
      if (!test::accept_login(c)) return;
      if (c.read_frame()) c.send(test::unhex(garbage));
      c.wait_for_close(5s);
    });
    Harness h;
    Client client = make(h.options({server.port()}));
    ASSERT_TRUE(client.connect(5s).ok());
    std::optional<Response> r;
    ASSERT_TRUE(
        client.invoke(1, "T.insert", {}, [&](Response&& x) { r = std::move(x); }).accepted());
    ASSERT_TRUE(poll_until(client, [&] { return r.has_value(); }));
    EXPECT_EQ(r->status, status_code::kConnectionLost) << garbage;
    client.close();
  }
}

TEST(Client, KeysStayOnOneConnectionAndMoveWhenItDies) {
  std::optional<FakeServer> a(std::in_place, answering("A"));
  FakeServer b(answering("B"));
  Harness h;
  Client client = make(h.options({a->port(), b.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  ASSERT_EQ(client.live_connections(), 2u);

  std::map<uint64_t, std::set<std::string>> served_by;
  int done = 0;
  for (int round = 0; round < 3; ++round)
    for (uint64_t key = 0; key < 6; ++key)
      ASSERT_TRUE(client
                      .invoke(key, "T.insert", {},
                              [&, key](Response&& r) {
                                served_by[key].insert(*r.status_string);
                                ++done;
                              })
                      .accepted());
  ASSERT_TRUE(poll_until(client, [&] { return done == 18; }));
  for (uint64_t key = 0; key < 6; ++key)
    EXPECT_EQ(served_by[key], (std::set<std::string>{key % 2 ? "B" : "A"})) << key;

  a.reset();  // server A goes away
  ASSERT_TRUE(poll_until(client, [&] { return client.live_connections() == 1; }));
  served_by.clear();
  done = 0;
  for (uint64_t key = 0; key < 6; ++key)
    ASSERT_TRUE(client
                    .invoke(key, "T.insert", {},
                            [&, key](Response&& r) {
                              served_by[key].insert(r.status_string.value_or("lost"));
                              ++done;
                            })
                    .accepted());
  ASSERT_TRUE(poll_until(client, [&] { return done == 6; }));
  for (uint64_t key = 0; key < 6; ++key) EXPECT_EQ(served_by[key], (std::set<std::string>{"B"}));
}

TEST(Client, UnkeyedCallsUseAnyLiveConnection) {
  FakeServer a(answering("A")), b(answering("B"));
  Harness h;
  Client client = make(h.options({a.port(), b.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  std::set<std::string> seen;
  for (int i = 0; i < 4; ++i)
    seen.insert(client.call("T.insert", {}).response->status_string.value_or(""));
  EXPECT_EQ(seen, (std::set<std::string>{"A", "B"}));
}

TEST(Client, CloseCompletesOutstandingCalls) {
  FakeServer server([](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    while (c.read_frame()) {
    }
  });
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  std::vector<Response> results;
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(
        client.invoke(1, "T.insert", {}, [&](Response&& r) { results.push_back(std::move(r)); })
            .accepted());
  client.poll(0ms);
  client.close();
  ASSERT_EQ(results.size(), 2u);
  for (const Response& r : results) {
    EXPECT_EQ(r.status, status_code::kConnectionLost);
    EXPECT_NE(r.message().find("closed"), std::string::npos);
  }
  Submission s = client.invoke(1, "T.insert", {}, [](Response&&) {});
  EXPECT_EQ(s.state, Submission::State::Refused);
  EXPECT_EQ(client.live_connections(), 0u);
}

TEST(Client, KeepAlivePingsAnIdleConnection) {
  std::atomic<int> pings{0};
  FakeServer server([&](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    while (auto req = c.read_frame()) {
      test::Request r = test::parse_request(*req);
      if (r.procedure == "@Ping") ++pings;
      c.send(test::response(r.handle, 1));
    }
  });
  Harness h;
  ClientOptions o = h.options({server.port()});
  // A ping after 200 ms of silence; the connection is dropped only if its answer takes 400 ms
  // more, which leaves room for a loaded machine (300 ms was once too tight in CI).
  o.connection_response_timeout = 600ms;
  Client client = make(o);
  ASSERT_TRUE(client.connect(5s).ok());
  auto until = Clock::now() + 1500ms;
  while (Clock::now() < until) EXPECT_EQ(client.poll(50ms), 0u);  // pings fire no callbacks
  EXPECT_GE(pings, 3);
  EXPECT_EQ(client.live_connections(), 1u);
  EXPECT_EQ(server.accepted(), 1);
}

TEST(Client, SilentServerIsDroppedByKeepAlive) {
  FakeServer server([](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    while (c.read_frame()) {
    }
  });
  Harness h;
  ClientOptions o = h.options({server.port()});
  o.connection_response_timeout = 300ms;
  Client client = make(o);
  ASSERT_TRUE(client.connect(5s).ok());
  EXPECT_TRUE(poll_until(client, [&] { return h.saw_event("not even an answer to @Ping"); }));
}

TEST(Client, TooManyUnansweredTimedOutCallsDropTheConnection) {
  FakeServer server([](FakeConnection& c) {
    if (!test::accept_login(c)) return;
    while (c.read_frame()) {
    }
  });
  Harness h;
  ClientOptions o = h.options({server.port()});
  o.call_timeout = 50ms;
  o.max_in_flight = 2;
  Client client = make(o);
  ASSERT_TRUE(client.connect(5s).ok());
  int timed_out = 0;
  auto count = [&](Response&& r) {
    EXPECT_EQ(r.status, status_code::kConnectionTimeout);
    ++timed_out;
  };
  ASSERT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  ASSERT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return timed_out == 2; }));
  // Two unanswered calls are within the limit: the connection stays.
  EXPECT_EQ(client.live_connections(), 1u);
  EXPECT_FALSE(h.saw_event("lost"));
  ASSERT_TRUE(client.invoke(1, "T.insert", {}, count).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return timed_out == 3; }));
  EXPECT_TRUE(h.saw_event("3 timed-out calls are still unanswered"));
}

TEST(Client, InvalidRequestIsRefusedAsRecordError) {
  FakeServer server(answering());
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  Submission s = client.invoke(1, "", {}, [](Response&&) {});
  EXPECT_EQ(s.state, Submission::State::Refused);
  EXPECT_EQ(s.refusal.kind, OutcomeKind::RecordError);
  std::vector<Param> bad = {Param::null_of(Type::Boolean)};
  CallResult r = client.call("T.insert", bad);
  EXPECT_EQ(r.outcome.kind, OutcomeKind::RecordError);
  EXPECT_FALSE(r.response.has_value());
  EXPECT_EQ(client.in_flight(), 0u);
  EXPECT_TRUE(client.call("T.insert", {}).outcome.ok());  // the connection is unharmed
}

TEST(Client, CallbacksMayInvoke) {
  FakeServer server(answering());
  Harness h;
  Client client = make(h.options({server.port()}));
  ASSERT_TRUE(client.connect(5s).ok());
  int done = 0;
  std::function<void(Response &&)> chain = [&](Response&& r) {
    EXPECT_TRUE(r.success());
    if (++done < 5) {
      EXPECT_TRUE(client.invoke(9, "T.insert", {}, chain).accepted());
    }
  };
  ASSERT_TRUE(client.invoke(9, "T.insert", {}, chain).accepted());
  ASSERT_TRUE(poll_until(client, [&] { return done == 5; }));
}

}  // namespace
}  // namespace ksink::voltdb
