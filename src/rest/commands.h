// What main.cpp's verbs run on top of the REST layer: the REST API of `ksink standalone`,
// `ksink distributed`, and `ksink cli`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rest/api.h"
#include "rest/server.h"
#include "control/herder.h"

namespace ksink::rest {

// The REST API of a standalone worker, on the worker's `listeners`. Stops serving when
// destroyed, which must happen before the worker goes.
class StandaloneRest {
 public:
  // Serves `worker`; when the listener cannot be used (port taken, bad value) the error is
  // logged and null returned: the connectors run on without the API.
  static std::unique_ptr<StandaloneRest> start(Worker& worker);
  ~StandaloneRest();
  std::string worker_id() const { return herder_->worker_id(); }

 private:
  StandaloneRest() = default;
  std::unique_ptr<RestServer> server_;
  std::unique_ptr<StandaloneHerder> herder_;
  std::unique_ptr<KafkaHealth> health_;
  std::unique_ptr<RestApi> api_;
};

// `ksink distributed WORKER.properties`: joins the cluster of the worker's group.id, serves the
// REST API on `listeners` until `wait_for_stop` returns, then leaves. Exit code: 0 after a clean
// stop, 1 when the worker cannot start (the reason is logged).
int run_distributed(const ConfigMap& worker_properties, const std::function<void()>& wait_for_stop);

// `ksink cli ARGS...` with the process's stdin/stdout/stderr and KAFKA_CONNECT_REST.
int run_cli_command(const std::vector<std::string>& args);

}  // namespace ksink::rest
