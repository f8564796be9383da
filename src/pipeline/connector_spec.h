// A connector configuration checked against the worker's defaults and its sink
// (control/connector_config.h builds it): everything its tasks need to run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "kcql/statement.h"
#include "pipeline/error_policy.h"
#include "pipeline/sink.h"
#include "transforms/chain.h"

namespace ksink {

struct ConnectorSpec {
  std::string name;
  const SinkPlugin* plugin = nullptr;
  Config config;                       // connector keys + sink keys, validated
  std::vector<kcql::Statement> statements;
  std::vector<std::string> topics;     // topics= (empty with topics.regex)
  std::string topics_regex;
  int tasks_max = 1;
  // Kafka Connect's errors.* keys.
  struct Errors {
    bool tolerance_all = false;  // errors.tolerance=all: conversion and transform errors skip
    bool log_enable = true;      // errors.log.enable
    bool log_include_messages = false;  // errors.log.include.messages
    std::string dlq_topic;               // errors.deadletterqueue.topic.name; empty: none
    bool dlq_context_headers = false;    // errors.deadletterqueue.context.headers.enable
  } errors;
  // connect.progress.*: the records written per topic, logged at an interval.
  bool progress_enabled = false;
  int64_t progress_interval_ms = 60000;
  ErrorPolicy policy = ErrorPolicy::Throw;
  int max_retries = 20;
  int64_t retry_interval_ms = 60000;
  size_t batch_size = 1000;
  // The connector's Single Message Transforms; empty when it has none. Shared by its tasks.
  std::shared_ptr<const transforms::TransformChain> transforms;
  std::string key_converter, value_converter;
  ConfigMap key_converter_settings, value_converter_settings;
};

}  // namespace ksink
