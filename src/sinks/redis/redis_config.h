// The Redis sink's settings (docs/redis-sink.md), canonical names with the older spellings.
#pragma once

#include "config/config_def.h"
#include "sinks/redis/cluster_writer.h"
#include "sinks/redis/connection.h"
#include "sinks/redis/slot_map.h"

namespace ksink::redis {

const ConfigDef& redis_config_def();
ConnectionSettings connection_settings(const Config& config);

enum class ClusterMode { Auto, On, Off };
struct ClusterSettings {
  ClusterMode mode = ClusterMode::Auto;
  std::vector<NodeAddress> seeds;  // connect.redis.host with connect.redis.port filled in
  ReplicaAcks acks;                // connect.redis.min.replicas.*
};
ClusterSettings cluster_settings(const Config& config);

// Everything a task's writer is built from, read once from a validated configuration.
struct RedisSinkSettings {
  std::string pk_delimiter;  // connect.redis.pk.delimiter
  size_t batch_size = 1000;  // connect.redis.batch.size
  ConnectionSettings connection;
  ClusterSettings cluster;
};
RedisSinkSettings redis_sink_settings(const Config& config);

}  // namespace ksink::redis
