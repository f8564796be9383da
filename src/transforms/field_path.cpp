#include "transforms/field_path.h"

#include "transforms/object_fields.h"
#include "transforms/transform.h"

namespace ksink::transforms {

namespace {

std::string incomplete_backticks(std::string_view path, size_t backtick_at) {
  return "Incomplete backtick pair in path: [" + std::string(path) +
         "], consider adding a backslash before backtick at position " +
         std::to_string(backtick_at) + " to escape it";
}

// SingleFieldPath.buildFieldPathV2, step for step: a step is either plain text up to the next
// dot, or starts with a backtick and runs to a backtick followed by a dot or ending the path;
// an escaped backtick (after a backslash) followed by a dot stays in the name without its
// backslash. A path ending with a dot has a last, empty step.
bool parse_v2(std::string_view path, std::vector<std::string>& steps, std::string& error) {
  constexpr auto npos = std::string_view::npos;
  size_t idx = 0;
  bool more = true;
  while (more && idx < path.size()) {
    if (path[idx] != '`') {
      size_t dot = path.find('.', idx);
      if (dot == npos) {
        steps.emplace_back(path.substr(idx));
        more = false;
      } else {
        steps.emplace_back(path.substr(idx, dot - idx));
        idx = dot + 1;
      }
      continue;
    }
    size_t backtick_at = idx;
    ++idx;
    size_t start = idx;
    std::string field;
    for (;;) {
      idx = path.find('`', idx);
      if (idx == npos) {
        error = incomplete_backticks(path, backtick_at);
        return false;
      }
      bool escaped = path[idx - 1] == '\\';
      if (idx + 1 >= path.size()) {  // the backtick ends the path
        if (escaped) {
          error = incomplete_backticks(path, backtick_at);
          return false;
        }
        field.append(path.substr(start, idx - start));
        steps.push_back(std::move(field));
        ++idx;
        break;
      }
      if (path[idx + 1] != '.') {  // part of the name; keep looking
        ++idx;
        continue;
      }
      if (escaped) {
        field.append(path.substr(start, idx - 1 - start));
        field += '`';
        ++idx;
        start = idx;
        continue;
      }
      field.append(path.substr(start, idx - start));
      steps.push_back(std::move(field));
      idx += 2;
      break;
    }
  }
  if (!path.empty() && path.back() == '.') steps.emplace_back();
  return true;
}

}  // namespace

FieldSyntaxVersion read_field_syntax_version(TransformSettings& settings) {
  return settings.choice("field.syntax.version", "V1", {"V1", "V2"}) == "V2"
             ? FieldSyntaxVersion::V2
             : FieldSyntaxVersion::V1;
}

std::optional<SingleFieldPath> SingleFieldPath::parse(std::string_view text,
                                                      FieldSyntaxVersion version,
                                                      std::string& error) {
  std::vector<std::string> steps;
  if (version == FieldSyntaxVersion::V1) {
    steps.emplace_back(text);
  } else if (!parse_v2(text, steps, error)) {
    return std::nullopt;
  }
  // Kafka's V2 parse of an empty path has no step at all and fails on first use; one empty step
  // (the field named "") is what V1 makes of it and never matches anything surprising.
  if (steps.empty()) steps.emplace_back();
  return SingleFieldPath(std::move(steps));
}

const Value* SingleFieldPath::value_from(const Object& object) const {
  const Object* current = &object;
  for (size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Value* v = find_field(*current, steps_[i]);
    if (v == nullptr || v->is_null()) return nullptr;
    current = &require_object(*v, "nested field access");
  }
  return find_field(*current, steps_.back());
}

}  // namespace ksink::transforms
