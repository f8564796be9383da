// The asynchronous VoltDB client: one connection per listed server, procedure calls pipelined on
// them, responses matched by client handle.
//
// Threading: none of its own. Everything happens on the caller's thread inside poll() (and
// connect() / call(), which loop on poll()): connecting, logging in, sending, receiving,
// timeouts, reconnecting, and running callbacks. invoke() only encodes the request into a send
// buffer; it never does I/O and never runs a callback. A Client is not thread-safe: use it from
// one thread at a time.
//
// Callbacks run at the end of poll(), after its I/O, so a callback may call invoke() (or
// close()), but not poll(), connect() or call(), and it must not destroy the Client. Every
// accepted call gets exactly one callback: the server's response, or one the client makes up —
// CONNECTION_LOST when the connection broke with the call outstanding (it may or may not have
// run), CONNECTION_TIMEOUT when no answer came within `call_timeout` (a late answer is then
// ignored). classify() (outcome.h) turns either into what the sink should do.
//
// Ordering: calls given the same key (a Kafka partition) go to the same connection for as long
// as any of them is outstanding, so the server receives them in invocation order. A key is
// routed afresh only when it has nothing outstanding (its previous connection may have died in
// the meantime), to the server `key % servers` or the next live one after it.
//
// Limits: at most `max_in_flight` calls are outstanding; invoke() beyond that returns Busy at
// once (poll, then try again). A connection that breaks or cannot be made is retried after
// 100 ms, doubling per consecutive failure up to `reconnect_max_backoff`; meanwhile its keys
// move to live connections. A login the server rejects (wrong credentials …) is not retried:
// it is a misconfiguration, reported by connect() and by invoke() once no connection is left.
// The password is hashed when the client is created and kept nowhere, and no message contains it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/endpoint.h"
#include "sinks/voltdb/client/login.h"
#include "sinks/voltdb/client/outcome.h"
#include "sinks/voltdb/client/param.h"
#include "sinks/voltdb/client/response.h"

namespace ksink::voltdb {

struct ClientOptions {
  std::vector<Endpoint> servers;
  std::string username;
  std::string password;
  LoginScheme login_scheme = LoginScheme::Sha256;
  // Most calls outstanding at once over all connections (ksink: connect.volt.batch.size).
  size_t max_in_flight = 1000;
  // A call not answered within this completes with CONNECTION_TIMEOUT. Its key stays pinned
  // until the late answer (then ignored) arrives; a connection owing more than max_in_flight
  // such answers is dropped.
  std::chrono::milliseconds call_timeout{120'000};
  // TCP connect plus login; longer counts as a failed attempt.
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds reconnect_initial_backoff{100};
  std::chrono::milliseconds reconnect_max_backoff{10'000};
  // Liveness of an idle connection, as VoltDB's Java client does it: @Ping after a third of this
  // without hearing from the server; the connection is dropped after all of it.
  std::chrono::milliseconds connection_response_timeout{120'000};
  // Connection events worth a log line (connected, lost, reconnecting, login rejected).
  std::function<void(std::string_view)> on_event;
};

using Callback = std::function<void(Response&&)>;

// What invoke() says at once. Only an Accepted call gets a callback.
struct Submission {
  enum class State {
    Accepted,
    Busy,     // max_in_flight calls outstanding: poll() and submit again
    Refused,  // see `refusal`: no live connection (TargetUnavailable), a call that cannot be
              // encoded (RecordError) or a rejected login (Misconfiguration)
  };
  State state = State::Accepted;
  int64_t handle = 0;  // the client handle, when accepted
  Outcome refusal;

  bool accepted() const { return state == State::Accepted; }
};

// The result of the blocking call(): the response (server's or synthesized) with its outcome,
// or only an outcome when the call could not be sent.
struct CallResult {
  Outcome outcome;
  std::optional<Response> response;
};

class Client {
 public:
  // Validates the options and hashes the password; does no I/O.
  static Result<Client> create(ClientOptions options);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  // Closes the sockets WITHOUT running the callbacks of outstanding calls: call close() first
  // when their completion matters.
  ~Client();

  // Connects and logs in to every server, waiting until each has succeeded or failed once (or
  // `timeout` passed). Success when at least one server is ready and none rejected the login;
  // Misconfiguration when a login was rejected; TargetUnavailable when nothing is reachable
  // (the client keeps retrying in poll()). Runs callbacks of earlier calls, like poll().
  Outcome connect(std::chrono::milliseconds timeout);

  // Sends `procedure(params)` on the connection pinned to `key`. With ResultTables::Skip the
  // callback's response carries the status only (no tables).
  Submission invoke(uint64_t key, std::string_view procedure, std::span<const Param> params,
                    Callback done, ResultTables tables = ResultTables::Decode);
  // The same with the parameters already encoded, as encode_parameter_set writes them (an i16
  // count, then each parameter's type code and value): the sink writes its columns straight
  // into such a set.
  Submission invoke_encoded(uint64_t key, std::string_view procedure,
                            std::string_view parameter_set, Callback done,
                            ResultTables tables = ResultTables::Decode);
  // Sends on any live connection (round robin): for calls with no ordering needs.
  Submission invoke(std::string_view procedure, std::span<const Param> params, Callback done,
                    ResultTables tables = ResultTables::Decode);

  // Does all pending I/O and timer work, waiting at most `timeout` for something to happen, then
  // runs the callbacks of the calls that completed. Returns how many callbacks ran.
  size_t poll(std::chrono::milliseconds timeout);

  // Invokes and polls until this call completes (waiting while Busy). For start-up queries such
  // as @SystemCatalog; other calls' callbacks run meanwhile.
  CallResult call(std::string_view procedure, std::span<const Param> params);

  // Completes every outstanding call with CONNECTION_LOST (running the callbacks), closes the
  // connections and stops reconnecting; later invokes are refused.
  void close();

  size_t in_flight() const;
  size_t max_in_flight() const;
  size_t live_connections() const;
  // The login rejection that stopped a server, if any.
  std::optional<Outcome> login_rejection() const;

  struct Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ksink::voltdb
