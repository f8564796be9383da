// The HTTP side of the REST API: cpp-httplib serving a RestApi on one listener.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "rest/api.h"

namespace httplib {
class Server;
}

namespace ksink::rest {

struct ListenerAddress {
  std::string host;  // to bind: 127.0.0.1 when the listener leaves it empty
  int port = 8083;   // 0: any free port
};

// The first of Kafka Connect's `listeners` ("http://:8083", "http://0.0.0.0:8083",
// "http://[::1]:8083"); only http is served. The error says what the value should look like.
Result<ListenerAddress> parse_listener(const std::string& listener);

// host:port that other workers and statuses use for this worker: rest.advertised.host.name /
// rest.advertised.port when set, else the listener's (the machine's host name when it binds to
// every interface).
std::string advertised_worker_id(const std::string& advertised_host, int advertised_port,
                                 const ListenerAddress& listener, int bound_port);

class RestServer {
 public:
  RestServer();
  ~RestServer();
  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  // Binds the listening socket; the port bound (useful with port 0).
  Result<int> bind(const ListenerAddress& address);
  // Serves `api` on its own threads until stop(); `api` must outlive the server.
  void serve(RestApi& api);
  void stop();
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ksink::rest
