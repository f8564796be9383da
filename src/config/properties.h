// Java .properties files, read exactly as java.util.Properties reads them: `#`/`!` comments,
// `=`, `:` or white space between key and value, backslash escapes (\t \n \r \f \uXXXX, and any
// other escaped character standing for itself), and lines continued by a trailing backslash.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ksink {

// Keys to values; a key given twice keeps its last value, as in Java.
using ConfigMap = std::map<std::string, std::string>;

// Never fails on content (Java accepts any text); only a malformed \u escape is an error, which
// names the line.
Result<ConfigMap> parse_properties(std::string_view text);

// Reads and parses a file; the error names the file (and line) and why it could not be used.
Result<ConfigMap> read_properties_file(const std::string& path);
// The same, with the file's role for the error ("cannot read worker file 'w.properties': ...");
// the overload above calls it a "connector file".
Result<ConfigMap> read_properties_file(const std::string& path, std::string_view what);

}  // namespace ksink
