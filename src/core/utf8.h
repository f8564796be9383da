// UTF-8 encoding and checking, for the readers of escaped text (JSON strings, Java properties).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ksink {

// Appends the UTF-8 encoding of a Unicode code point (at most U+10FFFF, not a surrogate).
void append_utf8(uint32_t code_point, std::string& out);

// Length of the valid UTF-8 sequence at s[i] (a byte >= 0x80), or 0 when it is not one: overlong
// forms, UTF-16 surrogates and anything above U+10FFFF are not valid.
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace ksink
