// docs/configuration.md is generated: the rendering must be exact and stable, or every build
// would rewrite the file.
#include <gtest/gtest.h>

#include "config/config_def.h"
#include "unit/config/test_defs.h"

namespace ksink {
namespace {

using testing_defs::key;

TEST(ConfigDocs, OneSectionAndTablePerGroupInDefinitionOrder) {
  ConfigDef sink("Redis sink");
  auto host =
      key("connect.redis.host", ConfigType::String, std::nullopt, Importance::High, "host name");
  host.aliases = {"connect.redis.connection.host"};
  sink.define(host);
  auto port = key("connect.redis.port", ConfigType::Int, "6379", Importance::Medium, "port");
  port.aliases = {"connect.redis.connection.port"};
  port.min = 1;
  port.max = 65535;
  sink.define(port);
  auto policy = key("connect.redis.error.policy", ConfigType::String, "THROW", Importance::Medium,
                    "THROW | NOOP | RETRY:\nwhat to do");
  policy.allowed = {"THROW", "NOOP", "RETRY"};
  sink.define(policy);
  sink.define(key("connect.redis.password", ConfigType::Password, "", Importance::Low, "AUTH"));

  ConfigDef connector("Connector");
  auto tasks = key("tasks.max", ConfigType::Int, "1", Importance::High, "tasks");
  tasks.min = 1;
  connector.define(tasks);
  auto ttl = key("ttl", ConfigType::Long, "", Importance::Low, "seconds");
  ttl.max = 3600;
  connector.define(ttl);

  EXPECT_EQ(render_config_docs({&sink, &connector}),
            "## Redis sink\n"
            "\n"
            "| Key | Aliases | Type | Default | Valid values | Importance | Description |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `connect.redis.host` | `connect.redis.connection.host` | string | (required) |  | "
            "high | host name |\n"
            "| `connect.redis.port` | `connect.redis.connection.port` | int | `6379` | "
            "[1,...,65535] | medium | port |\n"
            "| `connect.redis.error.policy` |  | string | `THROW` | `THROW`, `NOOP`, `RETRY` | "
            "medium | THROW \\| NOOP \\| RETRY:<br>what to do |\n"
            "| `connect.redis.password` |  | password | \"\" |  | low | AUTH |\n"
            "\n"
            "## Connector\n"
            "\n"
            "| Key | Aliases | Type | Default | Valid values | Importance | Description |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `tasks.max` |  | int | `1` | [1,...] | high | tasks |\n"
            "| `ttl` |  | long | (none) | [...,3600] | low | seconds |\n");
}

TEST(ConfigDocs, DefinitionsSharingAGroupShareASection) {
  ConfigDef a("Worker");
  a.define(key("a", ConfigType::String, "x", Importance::Low, "first"));
  ConfigDef b("Worker");
  b.define(key("b", ConfigType::Bool, "false", Importance::Low, "second"));
  std::string docs = render_config_docs({&a, &b});
  EXPECT_EQ(docs,
            "## Worker\n"
            "\n"
            "| Key | Aliases | Type | Default | Valid values | Importance | Description |\n"
            "|---|---|---|---|---|---|---|\n"
            "| `a` |  | string | `x` |  | low | first |\n"
            "| `b` |  | boolean | `false` |  | low | second |\n");
}

TEST(ConfigDocs, RenderingIsDeterministic) {
  auto redis = testing_defs::redis_def();
  auto connector = testing_defs::connector_def();
  EXPECT_EQ(render_config_docs({&connector, &redis}), render_config_docs({&connector, &redis}));
}

}  // namespace
}  // namespace ksink
