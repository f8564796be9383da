#include "rest/server.h"

#include <httplib.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/background_listener.h"
#include "rest/connection.h"
#include "rest/growing_pool.h"

namespace ksink::rest {

static constexpr size_t kMaxBody = 8 << 20;

// Set by a handler that stops reading a request's body: the rest of it is still on the wire, so
// the connection cannot serve another request.
static thread_local bool t_close_connection = false;

// httplib's server with ksink's connection handling: process_request (protected) reads and
// answers one request from a Stream; the loop around it, the Stream and the pool are ksink's
// (docs/operations.md "REST listener limits").
class GuardedServer final : public httplib::Server {
 public:
  GuardedServer() {
    new_task_queue = [] { return new GrowingPool(4, kMaxConnectionThreads); };
  }
  void set_stopping() { stopping_ = true; }
  // httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's
  // library): a burst of connections overflowed it and the kernel reset some. listen() again on
  // the bound socket only changes the backlog.
  void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }

  // Connections served at once; more wait for a thread.
  static constexpr size_t kMaxConnectionThreads = 256;

 private:
  // httplib's listen loop calls this (a private virtual, which a subclass may still override) for
  // every accepted connection, on a thread of the task queue.
  bool process_and_close_socket(socket_t sock) override {
    DeadlineStream stream(sock, limits_, stopping_);
    bool drain = false;
    for (size_t served = 0; served < limits_.max_requests && !stopping_; ++served) {
      if (!stream.wait_for_request()) break;
      t_close_connection = false;
      bool closed = false;
      const bool last = served + 1 == limits_.max_requests;
      const bool ok = process_request(stream, last, closed, [](httplib::Request&) {});
      drain = t_close_connection;
      if (!ok || closed || drain) break;
    }
    if (drain) {
      close_after_draining(sock);
    } else {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
    return true;
  }

  ConnectionLimits limits_;
  std::atomic<bool> stopping_{false};
};

Result<ListenerAddress> parse_listener(const std::string& listener) {
  auto bad = [&](const std::string& why) -> Result<ListenerAddress> {
    return Error{"Invalid listeners value '" + listener + "': " + why +
                 " (expected http://HOST:PORT, e.g. http://127.0.0.1:8083)"};
  };
  std::string_view s = listener;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.starts_with("https://")) return bad("ksink serves the REST API over http only");
  if (!s.starts_with("http://")) return bad("the scheme must be http://");
  s.remove_prefix(7);
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  ListenerAddress a;
  std::string_view port_text;
  if (!s.empty() && s.front() == '[') {  // [IPv6]:port
    auto close = s.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    a.host = std::string(s.substr(1, close - 1));
    s.remove_prefix(close + 1);
    if (!s.starts_with(":")) return bad("a port is required");
    port_text = s.substr(1);
  } else {
    auto colon = s.rfind(':');
    if (colon == std::string_view::npos) return bad("a port is required");
    a.host = std::string(s.substr(0, colon));
    port_text = s.substr(colon + 1);
  }
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    return bad("the port must be a number from 0 to 65535");
  a.port = port;
  if (a.host.empty()) a.host = "127.0.0.1";  // Kafka Connect would bind every interface
  return a;
}

std::string advertised_worker_id(const std::string& advertised_host, int advertised_port,
                                 const ListenerAddress& listener, int bound_port) {
  std::string host = advertised_host;
  if (host.empty()) {
    host = listener.host;
    if (host == "0.0.0.0" || host == "::") {
      char name[256] = {};
      if (gethostname(name, sizeof name - 1) == 0 && name[0]) host = name;
    }
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return host + ":" + std::to_string(advertised_port > 0 ? advertised_port : bound_port);
}

RestServer::RestServer() : server_(std::make_unique<GuardedServer>()) {
  // httplib's default adds SO_REUSEPORT, which lets a second worker bind the same port and
  // receive half of the requests. SO_REUSEADDR alone still allows a quick restart.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

RestServer::~RestServer() { stop(); }

Result<int> RestServer::bind(const ListenerAddress& address) {
  errno = 0;
  int port = address.port;
  if (address.port == 0) {
    port = server_->bind_to_any_port(address.host);
    if (port < 0) port = 0;
  } else if (!server_->bind_to_port(address.host, address.port)) {
    port = 0;
  }
  if (port <= 0) {
    int e = errno;
    return Error{"cannot listen on http://" + address.host + ":" + std::to_string(address.port) +
                 (e ? std::string(": ") + std::strerror(e) : std::string()) +
                 "; set listeners=http://HOST:PORT in the worker properties to another port"};
  }
  static_cast<GuardedServer&>(*server_).widen_backlog();
  port_ = port;
  return port;
}

void RestServer::serve(RestApi& api) {
  auto respond = [&api](const httplib::Request& req, httplib::Response& res, std::string body) {
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);
    r.body = std::move(body);
    HttpResponse out = api.handle(r);
    res.status = out.status;
    if (!out.body.empty()) res.set_content(out.body, out.content_type);
    spdlog::debug("REST {} {} {}", req.method, req.path, out.status);
  };
  // Every path: [\s\S] because '.' does not match the newline a decoded %0A puts in a path.
  static const char* const kAnyPath = R"([\s\S]*)";
  server_->Get(kAnyPath, [respond](const httplib::Request& req, httplib::Response& res) {
    respond(req, res, req.body);
  });
  // Methods that may carry a body read it themselves: httplib would otherwise wait for one that
  // never comes when a client sends none without a Content-Length (`curl -X POST .../restart`).
  auto with_body = [respond](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
    std::string body;
    const bool has_body =
        req.has_header("Content-Length") ||
        req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
    // httplib refuses a Content-Length over the limit itself (413, the body skipped, never kept);
    // a chunked body is only bounded here, by refusing the chunk that would pass the limit.
    bool too_large = false;
    if (has_body && !reader([&](const char* data, size_t size) {
          if (body.size() + size > kMaxBody) {
            too_large = true;
            return false;
          }
          body.append(data, size);
          return true;
        })) {
      size_t declared = 0;
      const std::string length = req.get_header_value("Content-Length");
      std::from_chars(length.data(), length.data() + length.size(), declared);
      res.status = too_large || declared > kMaxBody ? 413 : 400;
      res.set_content(error_json(res.status, res.status == 413
                                                 ? fmt::format("Request body too large: the "
                                                               "limit is {} bytes",
                                                               kMaxBody)
                                                 : "Could not read the request body")
                          .dump(),
                      "application/json");
      res.set_header("Connection", "close");
      t_close_connection = true;
      return;
    }
    respond(req, res, std::move(body));
  };
  server_->Post(kAnyPath, with_body);
  server_->Put(kAnyPath, with_body);
  server_->Delete(kAnyPath, with_body);
  server_->Patch(kAnyPath, with_body);
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string body = error_json(res.status, "HTTP " + std::to_string(res.status)).dump();
    res.set_content(body, "application/json");
  });
  // Bodies are small configurations; a huge one is refused (413).
  server_->set_payload_max_length(kMaxBody);
  thread_ = listen_in_background(*server_);
}

void RestServer::stop() {
  if (!server_) return;
  static_cast<GuardedServer&>(*server_).set_stopping();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace ksink::rest
