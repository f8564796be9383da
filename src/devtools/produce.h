// `ksink produce`: JSON lines on stdin to a Kafka topic, as kafka-avro-console-producer (with a
// value schema: registered under `<topic>-value`, values in Confluent's Avro wire format) or
// kafka-console-producer (plain JSON) do, so the quick starts need no JVM tools.
#pragma once

#include <string>
#include <vector>

namespace ksink::devtools {

// Runs the verb with the arguments after `produce` (`--help` prints its usage). Returns 0 when
// every line was produced, 1 when any line was skipped (each reported on stderr with its line
// number and why) or Kafka or the Schema Registry failed, 2 for usage errors.
int run_produce(const std::vector<std::string>& args);

}  // namespace ksink::devtools
