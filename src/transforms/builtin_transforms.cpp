// The transforms and predicates compiled into ksink (registry.h). A new one is a file with its
// factory and one line here.
#include "transforms/registry.h"

namespace ksink::transforms {

// Factories, one per file (the file is named after the transform).
std::unique_ptr<Transformation> make_filter(TransformSettings&, Part);
std::unique_ptr<Transformation> make_cast(TransformSettings&, Part);
std::unique_ptr<Transformation> make_extract_field(TransformSettings&, Part);
std::unique_ptr<Transformation> make_flatten(TransformSettings&, Part);
std::unique_ptr<Transformation> make_hoist_field(TransformSettings&, Part);
std::unique_ptr<Transformation> make_insert_field(TransformSettings&, Part);
std::unique_ptr<Transformation> make_mask_field(TransformSettings&, Part);
std::unique_ptr<Transformation> make_replace_field(TransformSettings&, Part);
std::unique_ptr<Transformation> make_value_to_key(TransformSettings&, Part);
std::unique_ptr<Transformation> make_extract_new_record_state(TransformSettings&, Part);
std::unique_ptr<Transformation> make_regex_router(TransformSettings&, Part);
std::unique_ptr<Transformation> make_timestamp_router(TransformSettings&, Part);
std::unique_ptr<Transformation> make_timestamp_converter(TransformSettings&, Part);
std::unique_ptr<Transformation> make_drop_headers(TransformSettings&, Part);
std::unique_ptr<Transformation> make_header_from(TransformSettings&, Part);
std::unique_ptr<Transformation> make_insert_header(TransformSettings&, Part);
std::unique_ptr<Transformation> make_set_schema_metadata(TransformSettings&, Part);
std::unique_ptr<Predicate> make_has_header_key(TransformSettings&);
std::unique_ptr<Predicate> make_record_is_tombstone(TransformSettings&);
std::unique_ptr<Predicate> make_topic_name_matches(TransformSettings&);

std::span<const TransformPlugin> builtin_transforms() {
  static const TransformPlugin plugins[] = {
      {"org.apache.kafka.connect.transforms.Filter", false, make_filter},
      {"org.apache.kafka.connect.transforms.Cast", true, make_cast},
      {"org.apache.kafka.connect.transforms.ExtractField", true, make_extract_field},
      {"org.apache.kafka.connect.transforms.Flatten", true, make_flatten},
      {"org.apache.kafka.connect.transforms.HoistField", true, make_hoist_field},
      {"org.apache.kafka.connect.transforms.InsertField", true, make_insert_field},
      {"org.apache.kafka.connect.transforms.MaskField", true, make_mask_field},
      {"org.apache.kafka.connect.transforms.ReplaceField", true, make_replace_field},
      {"org.apache.kafka.connect.transforms.ValueToKey", false, make_value_to_key},
      {"io.debezium.transforms.ExtractNewRecordState", false, make_extract_new_record_state},
      {"org.apache.kafka.connect.transforms.RegexRouter", false, make_regex_router},
      {"org.apache.kafka.connect.transforms.TimestampRouter", false, make_timestamp_router},
      {"org.apache.kafka.connect.transforms.TimestampConverter", true, make_timestamp_converter},
      {"org.apache.kafka.connect.transforms.DropHeaders", false, make_drop_headers},
      {"org.apache.kafka.connect.transforms.HeaderFrom", true, make_header_from},
      {"org.apache.kafka.connect.transforms.InsertHeader", false, make_insert_header},
      {"org.apache.kafka.connect.transforms.SetSchemaMetadata", true, make_set_schema_metadata},
  };
  return plugins;
}

std::span<const PredicatePlugin> builtin_predicates() {
  static const std::vector<PredicatePlugin> plugins = {
      {"org.apache.kafka.connect.transforms.predicates.HasHeaderKey", make_has_header_key},
      {"org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
       make_record_is_tombstone},
      {"org.apache.kafka.connect.transforms.predicates.TopicNameMatches", make_topic_name_matches},
  };
  return plugins;
}

std::vector<std::string> transform_class_names() {
  std::vector<std::string> out;
  for (const auto& p : builtin_transforms()) {
    if (p.variants) {
      out.push_back(std::string(p.class_name) + "$Key");
      out.push_back(std::string(p.class_name) + "$Value");
    } else {
      out.emplace_back(p.class_name);
    }
  }
  return out;
}

std::vector<std::string> predicate_class_names() {
  std::vector<std::string> out;
  for (const auto& p : builtin_predicates()) out.emplace_back(p.class_name);
  return out;
}

}  // namespace ksink::transforms
