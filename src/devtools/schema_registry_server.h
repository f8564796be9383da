// The Schema Registry of `ksink dev-kafka --schema-registry`: the part of Confluent's REST API
// that producers and converters use, with Confluent's JSON shapes and error bodies, on a
// loopback port, so the Avro quick start runs on one machine.
//
//   POST /subjects/{subject}/versions     register {"schema": "..."} -> {"id": N}
//   POST /subjects/{subject}              look a schema up under a subject
//   GET  /schemas/ids/{id}[/schema]       a schema by id
//   GET  /schemas/types                   ["AVRO"]
//   GET  /subjects                        subject names
//   GET  /subjects/{subject}/versions     [1, 2, ...]
//   GET  /subjects/{subject}/versions/{version|latest}[/schema]
//   POST /compatibility/subjects/{subject}/versions[/{version}]
//        a stub: always compatible, and its "messages" say that nothing was checked
//   GET  /config                          {"compatibilityLevel": "NONE"}
//
// Avro only; schema references are refused. For trying ksink out, not for production: state is
// in memory and there is no authentication.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "devtools/schema_store.h"

namespace httplib {
class Server;
}

namespace ksink::devtools {

class SchemaRegistryServer {
 public:
  // A server over `store`; several servers (or one restarted) may share a store.
  explicit SchemaRegistryServer(
      std::shared_ptr<SchemaStore> store = std::make_shared<SchemaStore>());
  ~SchemaRegistryServer();
  SchemaRegistryServer(const SchemaRegistryServer&) = delete;
  SchemaRegistryServer& operator=(const SchemaRegistryServer&) = delete;

  // Listens on 127.0.0.1:`port` (0: any free port) and serves on background threads; returns
  // the port. Can be called again after stop(), e.g. with the same port.
  Result<int> start(int port = 0);
  // Stops listening and closes connections; the store keeps its schemas.
  void stop();

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::shared_ptr<SchemaStore>& store() const { return store_; }

 private:
  std::shared_ptr<SchemaStore> store_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace ksink::devtools
