// Compact JSON output of Values, as docs/converters.md fixes it: field order kept, integers as
// integers, doubles always with a decimal point, bytes as base64, decimals as numbers.
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace ksink {

void write_json(const Value& v, std::string& out);
void write_json_string(std::string_view s, std::string& out);
void write_double(double d, std::string& out);
std::string base64_encode(std::string_view bytes);
// Decodes standard base64 (padding optional); false on a character outside the alphabet.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace ksink
