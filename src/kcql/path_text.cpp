#include "kcql/path_text.h"

#include <string>
#include <vector>

namespace ksink::kcql {

Path path_from_text(std::string_view text) {
  Path p;
  p.text = std::string(text);
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = text.find('.', start);
    parts.emplace_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // `_.topic` is Stream Reactor's spelling of `_topic`.
  if (parts.size() >= 2 && parts[0] == "_") {
    parts[1] = "_" + parts[1];
    parts.erase(parts.begin());
  }
  static const struct {
    const char* name;
    Source source;
  } kSpecial[] = {{"_key", Source::Key},         {"_value", Source::Value},
                  {"_header", Source::Header},   {"_topic", Source::Topic},
                  {"_partition", Source::Partition}, {"_offset", Source::Offset},
                  {"_timestamp", Source::Timestamp}};
  for (const auto& s : kSpecial) {
    if (parts[0] == s.name) {
      p.source = s.source;
      parts.erase(parts.begin());
      break;
    }
  }
  if (!parts.empty() && parts.back() == "*") {
    p.wildcard = true;
    parts.pop_back();
  }
  p.parts = std::move(parts);
  return p;
}

}  // namespace ksink::kcql
