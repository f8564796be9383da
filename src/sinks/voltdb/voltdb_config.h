// The VoltDB sink's settings (docs/voltdb-sink.md): canonical names, with the seed guide's
// spellings (connect.volt.connection.*, connect.volt.export.route.query, connect.volt.sink.*)
// accepted as aliases.
#pragma once

#include "config/config_def.h"
#include "core/result.h"
#include "sinks/voltdb/client/client.h"

namespace ksink::voltdb {

const ConfigDef& voltdb_config_def();

// How rows are written (docs/voltdb-sink.md "How records become procedure calls").
struct BulkSettings {
  bool enabled = true;  // connect.volt.bulk.enabled
  size_t rows = 1000;   // connect.volt.bulk.rows: most rows per load call
};
BulkSettings bulk_settings(const Config& config);

// The client settings of a validated configuration: servers, credentials, and
// connect.volt.batch.size as the limit of calls in flight. An error names the bad server entry.
Result<ClientOptions> client_options(const Config& config);

}  // namespace ksink::voltdb
