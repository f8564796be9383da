#include "sinks/voltdb/voltdb_sink.h"

#include <fmt/format.h>

#include "sinks/voltdb/voltdb_config.h"
#include "sinks/voltdb/voltdb_writer.h"

namespace ksink::voltdb {
namespace {

class VoltSink : public SinkPlugin {
 public:
  std::string_view alias() const override { return "voltdb"; }
  std::vector<std::string> class_names() const override {
    return {"com.datamountaineer.streamreactor.connect.voltdb.VoltSinkConnector"};
  }
  std::string_view display_name() const override { return "VoltDB sink"; }
  const ConfigDef& config_def() const override { return voltdb_config_def(); }
  std::string_view key_prefix() const override { return "connect.volt."; }

  // Only what the configuration shows; the tables are checked against the catalog at open().
  void validate(const Config&, const std::vector<kcql::Statement>& statements,
                std::vector<ConfigProblem>& problems,
                std::vector<std::string>& warnings) const override {
    for (const auto& s : statements) {
      if (s.operation == kcql::Operation::Select || s.target.empty()) {
        problems.push_back(
            {"connect.volt.kcql",
             fmt::format("KCQL statement {}: the VoltDB sink needs a table to write to: start the "
                         "statement with INSERT INTO <table> (calls <table>.insert) or UPSERT "
                         "INTO <table> (calls <table>.upsert), e.g. INSERT INTO {} SELECT * FROM "
                         "{}\n  {}",
                         s.number, s.target.empty() ? "my_table" : s.target, s.source, s.text)});
        continue;
      }
      auto warn = [&](const std::string& what, const std::string& why = "") {
        warnings.push_back(fmt::format("KCQL statement {}: {} (ignored by the VoltDB sink{}): {}",
                                       s.number, what, why, s.text));
      };
      if (!s.primary_keys.empty()) warn("PK", "; the table's own primary key decides UPSERT");
      if (s.store_as) warn("STOREAS");
      if (s.ttl) warn("TTL");
      if (s.key_delimiter) warn("KEYDELIMITER");
      if (s.limit) warn("LIMIT");
      if (s.with_format) warn("WITHFORMAT");
      if (!s.properties.empty()) warn("PROPERTIES");
      for (const auto& c : s.foreign_clauses) warn(c);
    }
  }

  Result<std::unique_ptr<SinkWriter>> open(const Config& config,
                                           const std::vector<kcql::Statement>& statements,
                                           const SinkContext& context) const override {
    auto options = client_options(config);
    if (!options) return options.error();
    auto writer = VoltWriter::open(std::move(*options), bulk_settings(config), statements, context,
                                   std::chrono::seconds(5));
    if (!writer) return writer.error();
    return std::unique_ptr<SinkWriter>(std::move(*writer));
  }
};

}  // namespace

std::unique_ptr<SinkPlugin> make_voltdb_sink() { return std::make_unique<VoltSink>(); }

}  // namespace ksink::voltdb
