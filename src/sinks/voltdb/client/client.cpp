#include "sinks/voltdb/client/client.h"

#include <poll.h>

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "sinks/voltdb/client/connection.h"
#include "sinks/voltdb/client/invocation.h"
#include "sinks/voltdb/client/pending_calls.h"

namespace ksink::voltdb {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

enum class ServerState { Waiting, Connecting, LoggingIn, Ready, Rejected, Closed };

struct Server {
  explicit Server(Endpoint ep, milliseconds initial_backoff)
      : conn(std::move(ep)), backoff(initial_backoff) {}

  std::string name() const { return conn.endpoint().to_string(); }

  Connection conn;
  ServerState state = ServerState::Waiting;
  Clock::time_point next_attempt{};      // Waiting: when to try again
  Clock::time_point attempt_deadline{};  // Connecting, LoggingIn: when the attempt has failed
  milliseconds backoff;                  // the wait after the next failure
  Clock::time_point last_received{};     // Ready: for keep-alive
  bool ping_outstanding = false;
  // Timed-out calls the server has not answered yet. More than max_in_flight of them and the
  // connection is dropped: a server that swallows requests while still answering @Ping must not
  // make the client remember them forever.
  size_t expired_unanswered = 0;
  uint64_t failed_attempts = 0;
  std::string last_error;
};

struct Pending {
  size_t server = 0;
  Callback done;
  uint32_t procedure = 0;  // index into Impl::procedures: a call copies no name
  std::optional<uint64_t> key;
  // Timed out: the caller has its CONNECTION_TIMEOUT, but the server may still answer, so the
  // handle stays known (a late answer is not a protocol error) and the key stays pinned (a
  // later call of the key must not overtake it on another connection).
  bool expired = false;
  bool ping = false;  // our keep-alive, invisible to the caller
  ResultTables tables = ResultTables::Decode;
};

struct Completion {
  Callback done;
  Response response;
};

// A request buffer this large is freed after use rather than kept for the next call.
constexpr size_t kKeptFrameBytes = size_t{1} << 20;

struct Timer {
  Clock::time_point at;  // unset until the next poll() stamps it
  int64_t handle;
};

struct Pin {
  size_t server;
  size_t outstanding;
};

Response made_up_response(int64_t handle, int8_t status, std::string message) {
  Response r;
  r.client_handle = handle;
  r.status = status;
  r.status_string = std::move(message);
  return r;
}

std::string ms_text(milliseconds d) { return std::to_string(d.count()) + " ms"; }

int wait_ms(Clock::time_point now, Clock::time_point wake) {
  if (wake <= now) return 0;
  auto d = std::chrono::ceil<milliseconds>(wake - now).count();
  return static_cast<int>(std::min<decltype(d)>(d, 60'000));
}

// The refusal of a call that cannot be encoded: a property of the call, so retrying cannot help.
Submission unsendable(std::string message) {
  Submission sub;
  sub.state = Submission::State::Refused;
  sub.refusal.kind = OutcomeKind::RecordError;
  sub.refusal.status = 0;
  sub.refusal.message = std::move(message);
  return sub;
}

}  // namespace

struct Client::Impl {
  ClientOptions options;  // the password cleared
  std::string login_request;
  std::vector<std::unique_ptr<Server>> servers;
  PendingCalls<Pending> pending;
  // The procedure names called so far, for messages about their calls.
  std::vector<std::string> procedures;
  // Call deadlines in invocation order; the timeout is the same for all, so the order is also
  // deadline order and only the front needs checking.
  std::deque<Timer> timeouts;
  // Where invoke() encodes a request before it joins its connection's send buffer, and the
  // parameters of a call given as Params.
  ByteWriter frame;
  ByteWriter param_set;
  std::unordered_map<uint64_t, Pin> pins;
  size_t in_flight = 0;
  size_t round_robin = 0;
  std::vector<Completion> completions;
  // fire()'s working copy, kept so that its memory is reused from poll to poll rather than
  // allocated and freed (and faulted in again) for every batch of answers.
  std::vector<Completion> firing;
  std::optional<Outcome> rejection;
  bool closed = false;

  void event(const std::string& text) {
    if (options.on_event) options.on_event(text);
  }

  // --- connection life cycle ---

  void start_due_connects(Clock::time_point now) {
    if (closed) return;
    for (size_t i = 0; i < servers.size(); ++i)
      if (servers[i]->state == ServerState::Waiting && now >= servers[i]->next_attempt)
        start_attempt(i, now);
  }

  void start_attempt(size_t i, Clock::time_point now) {
    Server& s = *servers[i];
    s.attempt_deadline = now + options.connect_timeout;
    switch (s.conn.start_connect()) {
      case Connection::Progress::Connected:
        begin_login(s);
        break;
      case Connection::Progress::InProgress:
        s.state = ServerState::Connecting;
        break;
      case Connection::Progress::Failed:
        attempt_failed(i, s.conn.connect_error(), now);
        break;
    }
  }

  void begin_login(Server& s) {
    s.conn.send_buffer().append(login_request);
    s.state = ServerState::LoggingIn;
  }

  void schedule_reconnect(Server& s, Clock::time_point now) {
    s.state = ServerState::Waiting;
    s.next_attempt = now + s.backoff;
    s.backoff = std::min(s.backoff * 2, options.reconnect_max_backoff);
  }

  // A connect or login attempt failed in a way that may pass: try again after the backoff.
  void attempt_failed(size_t i, const std::string& reason, Clock::time_point now) {
    Server& s = *servers[i];
    s.conn.close();
    ++s.failed_attempts;
    s.last_error = reason;
    milliseconds wait = s.backoff;
    schedule_reconnect(s, now);
    event("cannot connect to VoltDB server " + s.name() + ": " + reason + "; retrying in " +
          ms_text(wait));
  }

  // A ready connection broke: its calls complete with CONNECTION_LOST, then reconnect.
  void lose(size_t i, const std::string& reason, Clock::time_point now) {
    Server& s = *servers[i];
    s.conn.close();
    s.ping_outstanding = false;
    s.expired_unanswered = 0;
    s.last_error = reason;
    fail_outstanding(i, "connection to VoltDB server " + s.name() + " lost (" + reason + ")");
    milliseconds wait = s.backoff;
    schedule_reconnect(s, now);
    event("connection to VoltDB server " + s.name() + " lost: " + reason + "; reconnecting in " +
          ms_text(wait));
  }

  void fail_outstanding(size_t i, const std::string& reason) {
    // In invocation order: callers see the failures in the order they called.
    for (int64_t h : pending.handles_where([i](const Pending& p) { return p.server == i; })) {
      Pending p = pending.take(h);
      release_pin(p);
      if (p.ping || p.expired) continue;
      --in_flight;
      completions.push_back(
          {std::move(p.done),
           made_up_response(h, status_code::kConnectionLost,
                            procedures[p.procedure] + ": " + reason +
                                " with the call outstanding; it may or may not have run")});
    }
  }

  void release_pin(const Pending& p) {
    if (!p.key) return;
    auto it = pins.find(*p.key);
    if (it != pins.end() && --it->second.outstanding == 0) pins.erase(it);
  }

  // --- receiving ---

  void handle_events(size_t i, short revents, Clock::time_point now) {
    Server& s = *servers[i];
    if (s.state == ServerState::Connecting) {
      if (!(revents & (POLLOUT | POLLERR | POLLHUP))) return;
      switch (s.conn.finish_connect()) {
        case Connection::Progress::Connected:
          begin_login(s);
          break;
        case Connection::Progress::InProgress:
          break;
        case Connection::Progress::Failed:
          attempt_failed(i, s.conn.connect_error(), now);
          break;
      }
      return;
    }
    if (!(revents & (POLLIN | POLLERR | POLLHUP))) return;
    bool eof = false;
    Status read = s.conn.receive(eof);
    // Frames that arrived before a close still count: a login failure is followed by one.
    process_frames(i, now);
    if (!s.conn.is_open() || (read && !eof)) return;
    std::string reason = read ? "the server closed the connection" : read.error().message;
    if (s.state == ServerState::LoggingIn) {
      // A server at its connection limit answers with one unframed byte 01, then closes.
      if (s.conn.frames().pending() == std::string_view("\x01", 1))
        reason = "the server refused the connection: too many connections";
      else
        reason += " during login";
      attempt_failed(i, reason, now);
    } else {
      lose(i, reason, now);
    }
  }

  void process_frames(size_t i, Clock::time_point now) {
    Server& s = *servers[i];
    std::string_view payload;
    while (s.conn.is_open()) {
      FrameDecoder::Next next = s.conn.frames().next(payload);
      if (next == FrameDecoder::Next::NeedMore) break;
      if (next == FrameDecoder::Next::Error) {
        std::string reason = "protocol error: " + s.conn.frames().error();
        if (s.state == ServerState::LoggingIn)
          attempt_failed(i, reason, now);
        else
          lose(i, reason, now);
        break;
      }
      s.last_received = now;
      if (s.state == ServerState::LoggingIn)
        handle_login(i, payload, now);
      else
        handle_response(i, payload, now);
    }
  }

  void handle_login(size_t i, std::string_view payload, Clock::time_point now) {
    Server& s = *servers[i];
    Result<LoginResponse> r = decode_login_response(payload);
    if (!r) return attempt_failed(i, "invalid login response: " + r.error().message, now);
    if (r->success()) {
      s.state = ServerState::Ready;
      s.backoff = options.reconnect_initial_backoff;
      s.last_received = now;
      s.ping_outstanding = false;
      s.last_error.clear();
      event("connected to VoltDB server " + s.name() + " (host id " + std::to_string(r->host_id) +
            ", connection id " + std::to_string(r->connection_id) + ", version " + r->build + ")");
      return;
    }
    std::string why = describe_login_failure(*r);
    if (login_failure_is_transient(*r)) return attempt_failed(i, why, now);
    s.conn.close();
    s.state = ServerState::Rejected;
    s.last_error = why;
    std::string user = options.username.empty() ? "" : " of user '" + options.username + "'";
    Outcome o;
    o.kind = OutcomeKind::Misconfiguration;
    o.status = 0;
    o.message = "VoltDB server " + s.name() + " rejected the login" + user + ": " + why;
    event(o.message + "; not retrying");
    if (!rejection) rejection = std::move(o);
  }

  void handle_response(size_t i, std::string_view payload, Clock::time_point now) {
    // The handle comes first in the payload: the call it answers says how much to decode.
    std::optional<int64_t> handle = peek_client_handle(payload);
    Pending* call = handle ? pending.find(*handle) : nullptr;
    // Decoded where the callback will find it; taken back off unless a caller is waiting for it.
    Response& r = completions.emplace_back().response;
    std::string problem;
    if (Status st = decode_response_into(payload, call ? call->tables : ResultTables::Decode, r);
        !st) {
      problem = "invalid response: " + st.error().message;
    } else if (!call || call->server != i) {
      // Also how the server answers a request it could not parse (with the connection id as
      // handle): either way the stream can no longer be trusted.
      problem = "protocol error: response for unknown client handle " +
                std::to_string(r.client_handle) + " (" + std::string(status_name(r.status)) +
                ": " + r.message().substr(0, 200) + ")";
    }
    if (!problem.empty()) {
      completions.pop_back();  // before lose(), which completes the connection's calls
      return lose(i, problem, now);
    }
    Pending p = pending.take(*handle);
    release_pin(p);
    if (p.ping || p.expired) {
      completions.pop_back();
      if (p.ping)
        servers[i]->ping_outstanding = false;
      else  // the caller already got CONNECTION_TIMEOUT
        --servers[i]->expired_unanswered;
      return;
    }
    --in_flight;
    completions.back().done = std::move(p.done);
  }

  // --- sending ---

  void flush_all(Clock::time_point now) {
    for (size_t i = 0; i < servers.size(); ++i) {
      Server& s = *servers[i];
      if (s.state != ServerState::Ready && s.state != ServerState::LoggingIn) continue;
      if (!s.conn.wants_write()) continue;
      if (Status st = s.conn.flush(); !st) {
        if (s.state == ServerState::LoggingIn)
          attempt_failed(i, st.error().message, now);
        else
          lose(i, st.error().message, now);
      }
    }
  }

  void send_ping(size_t i) {
    Pending p;
    p.server = i;
    p.procedure = procedure_index("@Ping");
    p.ping = true;
    int64_t h = pending.add(std::move(p));
    frame.clear();
    if (!encode_invocation(frame, "@Ping", h, {})) {
      pending.take(h);
      return;
    }
    servers[i]->conn.send_buffer().append(frame.view());
    servers[i]->ping_outstanding = true;
  }

  uint32_t procedure_index(std::string_view name) {
    // Few names (one per statement, @Ping, @SystemCatalog): the last one matches nearly always.
    for (size_t k = procedures.size(); k-- > 0;)
      if (procedures[k] == name) return static_cast<uint32_t>(k);
    procedures.emplace_back(name);
    return static_cast<uint32_t>(procedures.size() - 1);
  }

  // --- timers ---

  milliseconds ping_interval() const { return options.connection_response_timeout / 3; }

  void run_timers(Clock::time_point now) {
    while (!timeouts.empty()) {
      int64_t h = timeouts.front().handle;
      Pending* call = pending.find(h);
      // Entries of answered calls go as soon as they reach the front, so at a high call rate
      // the queue holds about the calls in flight rather than all calls of the last timeout.
      if (call && !call->expired && timeouts.front().at > now) break;
      timeouts.pop_front();
      if (!call || call->expired) continue;
      Pending& p = *call;
      p.expired = true;
      --in_flight;
      completions.push_back(
          {std::move(p.done),
           made_up_response(h, status_code::kConnectionTimeout,
                            procedures[p.procedure] + ": no response from VoltDB server " +
                                servers[p.server]->name() + " within " +
                                ms_text(options.call_timeout) + "; it may or may not have run")});
      Server& s = *servers[p.server];
      if (++s.expired_unanswered > options.max_in_flight)
        lose(p.server,
             std::to_string(s.expired_unanswered) + " timed-out calls are still unanswered", now);
    }
    for (size_t i = 0; i < servers.size(); ++i) {
      Server& s = *servers[i];
      if ((s.state == ServerState::Connecting || s.state == ServerState::LoggingIn) &&
          now >= s.attempt_deadline) {
        attempt_failed(i,
                       std::string(s.state == ServerState::Connecting ? "connecting" : "login") +
                           " took longer than " + ms_text(options.connect_timeout),
                       now);
      } else if (s.state == ServerState::Ready) {
        if (s.ping_outstanding && now - s.last_received >= options.connection_response_timeout)
          lose(i,
               "nothing received for " + ms_text(options.connection_response_timeout) +
                   ", not even an answer to @Ping",
               now);
        else if (!s.ping_outstanding && now - s.last_received >= ping_interval())
          send_ping(i);
      }
    }
  }

  Clock::time_point next_wake(Clock::time_point now, Clock::time_point limit) const {
    Clock::time_point wake = completions.empty() ? limit : now;
    if (!timeouts.empty()) wake = std::min(wake, timeouts.front().at);
    for (const auto& s : servers) {
      switch (s->state) {
        case ServerState::Waiting:
          if (!closed) wake = std::min(wake, s->next_attempt);
          break;
        case ServerState::Connecting:
        case ServerState::LoggingIn:
          wake = std::min(wake, s->attempt_deadline);
          break;
        case ServerState::Ready:
          wake = std::min(
              wake, s->last_received + (s->ping_outstanding ? options.connection_response_timeout
                                                            : ping_interval()));
          break;
        default:
          break;
      }
    }
    return wake;
  }

  // --- the loop ---

  size_t poll(milliseconds timeout) {
    Clock::time_point now = Clock::now();
    for (auto t = timeouts.rbegin(); t != timeouts.rend() && t->at == Clock::time_point{}; ++t)
      t->at = now + options.call_timeout;
    start_due_connects(now);
    flush_all(now);

    std::vector<pollfd> fds;
    std::vector<size_t> owners;
    for (size_t i = 0; i < servers.size(); ++i) {
      const Server& s = *servers[i];
      if (!s.conn.is_open()) continue;
      short events = s.state == ServerState::Connecting ? POLLOUT : POLLIN;
      if (s.state != ServerState::Connecting && s.conn.wants_write()) events |= POLLOUT;
      fds.push_back(pollfd{s.conn.fd(), events, 0});
      owners.push_back(i);
    }
    int wait = wait_ms(now, next_wake(now, now + timeout));
    int ready = ::poll(fds.data(), fds.size(), wait);  // EINTR: nothing ready, timers still run
    now = Clock::now();
    if (ready > 0)
      for (size_t k = 0; k < fds.size(); ++k)
        if (fds[k].revents) handle_events(owners[k], fds[k].revents, now);
    run_timers(now);
    start_due_connects(now);
    flush_all(now);
    return fire();
  }

  size_t fire() {
    size_t count = 0;
    // Borrows the kept buffer (a callback that calls close() re-enters here and finds none).
    std::vector<Completion> batch;
    batch.swap(firing);
    while (!completions.empty()) {
      batch.swap(completions);
      for (size_t k = 0; k < batch.size(); ++k) {
        try {
          if (batch[k].done) batch[k].done(std::move(batch[k].response));
        } catch (...) {
          // Keep the completions after the throwing one for the next poll(): none may vanish.
          completions.insert(completions.begin(), std::make_move_iterator(batch.begin() + k + 1),
                             std::make_move_iterator(batch.end()));
          throw;
        }
        ++count;
      }
      batch.clear();
    }
    firing.swap(batch);
    return count;
  }

  // --- routing ---

  std::optional<size_t> route_key(uint64_t key) const {
    // Pinned keys have calls outstanding, which exist only on ready connections (a lost
    // connection completes its calls at once), so the pin is live.
    if (auto it = pins.find(key); it != pins.end()) return it->second.server;
    size_t n = servers.size();
    for (size_t k = 0; k < n; ++k) {
      size_t idx = static_cast<size_t>((key % n + k) % n);
      if (servers[idx]->state == ServerState::Ready) return idx;
    }
    return std::nullopt;
  }

  std::optional<size_t> route_any() {
    size_t n = servers.size();
    for (size_t k = 0; k < n; ++k) {
      size_t idx = (round_robin + k) % n;
      if (servers[idx]->state == ServerState::Ready) {
        round_robin = idx + 1;
        return idx;
      }
    }
    return std::nullopt;
  }

  Outcome no_connection() const {
    if (rejection) return *rejection;
    Outcome o;
    o.kind = OutcomeKind::TargetUnavailable;
    o.status = 0;
    o.message = "no connection to any VoltDB server";
    std::string details;
    for (const auto& s : servers) {
      if (s->last_error.empty()) continue;
      details += (details.empty() ? "" : "; ") + s->name() + ": " + s->last_error;
    }
    if (!details.empty()) o.message += " (" + details + ")";
    return o;
  }

  Submission invoke(std::optional<uint64_t> key, std::string_view procedure,
                    std::span<const Param> params, Callback done, ResultTables tables) {
    param_set.clear();
    if (Status st = encode_parameter_set(param_set, params); !st)
      return unsendable(std::string(procedure) + ": " + st.error().message);
    Submission sub = invoke(key, procedure, param_set.view(), std::move(done), tables);
    if (param_set.size() > kKeptFrameBytes) param_set = ByteWriter();
    return sub;
  }

  Submission invoke(std::optional<uint64_t> key, std::string_view procedure,
                    std::string_view parameter_set, Callback done, ResultTables tables) {
    Submission sub;
    auto refuse = [&](Outcome o) {
      sub.state = Submission::State::Refused;
      sub.refusal = std::move(o);
      return sub;
    };
    if (closed) {
      Outcome o;
      o.kind = OutcomeKind::TargetUnavailable;
      o.status = 0;
      o.message = "the VoltDB client is closed";
      return refuse(std::move(o));
    }
    if (in_flight >= options.max_in_flight) {
      sub.state = Submission::State::Busy;
      return sub;
    }
    std::optional<size_t> target = key ? route_key(*key) : route_any();
    if (!target) return refuse(no_connection());
    Pending p;
    p.server = *target;
    p.done = std::move(done);
    p.procedure = procedure_index(procedure);
    p.key = key;
    p.tables = tables;
    const int64_t h = pending.add(std::move(p));
    frame.clear();
    if (Status st = frame_invocation(frame, procedure, h, parameter_set); !st) {
      pending.take(h);  // never sent: no callback
      return unsendable(st.error().message);
    }
    servers[*target]->conn.send_buffer().append(frame.view());
    if (frame.size() > kKeptFrameBytes) frame = ByteWriter();  // a rare huge call: let it go
    // The deadline is set by the next poll(), which is also what sends the call: reading the
    // clock once per poll rather than once per call.
    timeouts.push_back({Clock::time_point{}, h});
    if (key) {
      auto [it, inserted] = pins.try_emplace(*key, Pin{*target, 0});
      ++it->second.outstanding;
    }
    ++in_flight;
    sub.handle = h;
    return sub;
  }

  void close() {
    closed = true;
    for (size_t i = 0; i < servers.size(); ++i) {
      fail_outstanding(i, "the VoltDB client was closed");
      servers[i]->conn.close();
      servers[i]->state = ServerState::Closed;
    }
    timeouts.clear();
    pins.clear();
    fire();
  }

  size_t live() const {
    return static_cast<size_t>(std::count_if(servers.begin(), servers.end(), [](const auto& s) {
      return s->state == ServerState::Ready;
    }));
  }
};

Result<Client> Client::create(ClientOptions options) {
  if (options.servers.empty()) return Error{"no VoltDB server given"};
  if (options.max_in_flight == 0) return Error{"the limit of calls in flight must be at least 1"};
  // Calls in flight, plus per server as many timed-out ones still owed an answer and a @Ping.
  if ((options.max_in_flight + 2) * (options.servers.size() + 1) >
      PendingCalls<Pending>::kMaxSlots)
    return Error{"too many calls in flight (" + std::to_string(options.max_in_flight) + ") for " +
                 std::to_string(options.servers.size()) + " servers"};
  if (options.call_timeout <= milliseconds::zero() ||
      options.connect_timeout <= milliseconds::zero() ||
      options.connection_response_timeout <= milliseconds::zero() ||
      options.reconnect_initial_backoff <= milliseconds::zero() ||
      options.reconnect_max_backoff < options.reconnect_initial_backoff)
    return Error{
        "VoltDB client timeouts and backoffs must be positive (and the maximum backoff "
        "at least the initial one)"};
  Result<std::string> login =
      encode_login_request(options.username, options.password, options.login_scheme);
  if (!login) return login.error();
  // Only the digest is needed from here on; the password is not kept.
  std::fill(options.password.begin(), options.password.end(), '\0');
  options.password.clear();

  auto impl = std::make_unique<Impl>();
  impl->login_request = std::move(*login);
  for (const Endpoint& ep : options.servers)
    impl->servers.push_back(std::make_unique<Server>(ep, options.reconnect_initial_backoff));
  impl->options = std::move(options);
  return Client(std::move(impl));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Outcome Client::connect(milliseconds timeout) {
  Impl& im = *impl_;
  Clock::time_point deadline = Clock::now() + timeout;
  std::vector<uint64_t> failures_before;
  for (const auto& s : im.servers) failures_before.push_back(s->failed_attempts);
  auto settled = [&] {
    for (size_t i = 0; i < im.servers.size(); ++i) {
      const Server& s = *im.servers[i];
      if (s.state != ServerState::Ready && s.state != ServerState::Rejected &&
          s.state != ServerState::Closed && s.failed_attempts == failures_before[i])
        return false;
    }
    return true;
  };
  while (!settled()) {
    Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    im.poll(std::chrono::ceil<milliseconds>(deadline - now));
  }
  if (im.rejection) return *im.rejection;
  if (im.live() == 0) return im.no_connection();
  Outcome o;
  o.message = "connected to " + std::to_string(im.live()) + " of " +
              std::to_string(im.servers.size()) + " VoltDB servers";
  return o;
}

Submission Client::invoke(uint64_t key, std::string_view procedure, std::span<const Param> params,
                          Callback done, ResultTables tables) {
  return impl_->invoke(key, procedure, params, std::move(done), tables);
}

Submission Client::invoke_encoded(uint64_t key, std::string_view procedure,
                                  std::string_view parameter_set, Callback done,
                                  ResultTables tables) {
  return impl_->invoke(key, procedure, parameter_set, std::move(done), tables);
}

Submission Client::invoke(std::string_view procedure, std::span<const Param> params,
                          Callback done, ResultTables tables) {
  return impl_->invoke(std::nullopt, procedure, params, std::move(done), tables);
}

size_t Client::poll(milliseconds timeout) { return impl_->poll(timeout); }

CallResult Client::call(std::string_view procedure, std::span<const Param> params) {
  Impl& im = *impl_;
  // Shared, not on this stack frame: if another callback throws out of poll(), this call is
  // still outstanding and its callback will run later.
  auto result = std::make_shared<std::optional<Response>>();
  Clock::time_point give_up = Clock::now() + im.options.call_timeout;
  Submission sub;
  while (true) {
    sub = im.invoke(std::nullopt, procedure, params,
                    [result](Response&& r) { *result = std::move(r); }, ResultTables::Decode);
    if (sub.state != Submission::State::Busy) break;
    if (Clock::now() >= give_up) {
      Outcome o;
      o.kind = OutcomeKind::TargetUnavailable;
      o.status = 0;
      o.message = std::string(procedure) + ": " + std::to_string(im.options.max_in_flight) +
                  " calls stayed in flight for " + ms_text(im.options.call_timeout);
      return {std::move(o), std::nullopt};
    }
    im.poll(milliseconds(10));
  }
  if (!sub.accepted()) return {sub.refusal, std::nullopt};
  // Terminates: the call completes at the latest when its timeout expires.
  while (!*result) im.poll(im.options.call_timeout);
  Outcome o = classify(**result);
  return {std::move(o), std::move(*result)};
}

void Client::close() { impl_->close(); }
size_t Client::in_flight() const { return impl_->in_flight; }
size_t Client::max_in_flight() const { return impl_->options.max_in_flight; }
size_t Client::live_connections() const { return impl_->live(); }
std::optional<Outcome> Client::login_rejection() const { return impl_->rejection; }

}  // namespace ksink::voltdb
