// The VoltDB sink's settings (docs/voltdb-sink.md): canonical names, with the seed guide's
// spellings (connect.volt.connection.*, connect.volt.export.route.query, connect.volt.sink.*)
// accepted as aliases.
#pragma once

#include "config/config_def.h"
#include "core/result.h"
#include "sinks/voltdb/client/client.h"

namespace ksink::voltdb {

const ConfigDef& voltdb_config_def();

// The client settings of a validated configuration: servers, credentials, and
// connect.volt.batch.size as the limit of calls in flight. An error names the bad server entry.
Result<ClientOptions> client_options(const Config& config);

}  // namespace ksink::voltdb
