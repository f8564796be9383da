#include "convert/avro_decoder.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include "convert/decimal_text.h"

namespace ksink::avro {

namespace {

// Bounds against hostile or corrupt data: a recursive schema could otherwise nest until the
// stack overflows, and a block count of items that take no bytes (nulls) could loop for ever.
constexpr int kMaxDepth = 500;
constexpr uint64_t kMaxItems = 10'000'000;

class Decoder {
 public:
  explicit Decoder(std::string_view data)
      : begin_(reinterpret_cast<const uint8_t*>(data.data())),
        p_(begin_),
        end_(begin_ + data.size()) {}

  bool value(const Node& n, Value& out, int depth) {
    switch (n.type) {
      case Type::Null:
        out = Value();
        return true;
      case Type::Boolean: {
        if (!need(1, n)) return false;
        uint8_t b = *p_++;
        if (b > 1)
          return fail_at(p_ - 1,
                         "invalid boolean: byte " + std::to_string(b) + " (0 or 1 expected)");
        out = Value(b == 1);
        return true;
      }
      case Type::Int: {
        int64_t v;
        if (!read_int(v, n)) return false;
        out = Value(v);
        return true;
      }
      case Type::Long: {
        int64_t v;
        if (!read_long(v, n)) return false;
        if (n.logical == Logical::TimestampMicros) {  // to epoch milliseconds, see the header
          int64_t ms = v / 1000;
          if (v % 1000 < 0) --ms;
          v = ms;
        }
        out = Value(v);
        return true;
      }
      case Type::Float: {
        if (!need(4, n)) return false;
        uint32_t bits = 0;
        for (int i = 3; i >= 0; --i) bits = (bits << 8) | p_[i];
        p_ += 4;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        out = Value(widen(f));
        return true;
      }
      case Type::Double: {
        if (!need(8, n)) return false;
        uint64_t bits = 0;
        for (int i = 7; i >= 0; --i) bits = (bits << 8) | p_[i];
        p_ += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        out = Value(d);
        return true;
      }
      case Type::Bytes: {
        std::string_view bytes;
        if (!read_sized(bytes, n)) return false;
        return bytes_value(n, bytes, out);
      }
      case Type::Fixed: {
        if (!need(static_cast<uint64_t>(n.size), n)) return false;
        std::string_view bytes(reinterpret_cast<const char*>(p_), static_cast<size_t>(n.size));
        p_ += n.size;
        return bytes_value(n, bytes, out);
      }
      case Type::String: {
        // Not checked for UTF-8, as Avro's own readers do not check it.
        std::string_view text;
        if (!read_sized(text, n)) return false;
        out = Value(text);
        return true;
      }
      case Type::Enum: {
        const uint8_t* at = p_;
        int64_t index;
        if (!read_int(index, n)) return false;
        if (index < 0 || static_cast<uint64_t>(index) >= n.names.size())
          return fail_at(at, "invalid enum index " + std::to_string(index) + " for " + describe(n) +
                                 ", which has " + std::to_string(n.names.size()) + " symbols");
        out = Value(n.names[static_cast<size_t>(index)]);
        return true;
      }
      case Type::Record: {
        if (++depth > kMaxDepth) return too_deep();
        Object fields;
        fields.reserve(n.children.size());
        for (size_t i = 0; i < n.children.size(); ++i) {
          fields.emplace_back(std::piecewise_construct, std::forward_as_tuple(n.names[i]),
                              std::forward_as_tuple());
          if (!value(*n.children[i], fields.back().second, depth)) {
            where_.push_back("." + n.names[i]);
            return false;
          }
        }
        out = Value(std::move(fields));
        return true;
      }
      case Type::Array: {
        if (++depth > kMaxDepth) return too_deep();
        Array items;
        uint64_t count = 0;
        for (;;) {
          uint64_t block;
          if (!read_block(block, n, count)) return false;
          if (block == 0) break;
          items.reserve(items.size() + std::min<uint64_t>(block, static_cast<uint64_t>(end_ - p_)));
          for (uint64_t i = 0; i < block; ++i, ++count) {
            if (!value(*n.children[0], items.emplace_back(), depth)) {
              where_.push_back("[" + std::to_string(count) + "]");
              return false;
            }
          }
        }
        out = Value(std::move(items));
        return true;
      }
      case Type::Map: {
        if (++depth > kMaxDepth) return too_deep();
        Object entries;
        uint64_t count = 0;
        for (;;) {
          uint64_t block;
          if (!read_block(block, n, count)) return false;
          if (block == 0) break;
          entries.reserve(entries.size() +
                          std::min<uint64_t>(block, static_cast<uint64_t>(end_ - p_)));
          for (uint64_t i = 0; i < block; ++i, ++count) {
            std::string_view key;
            // Map keys are data: a message names the entry by its position only.
            if (!read_sized(key, n) ||
                !value(*n.children[0], entries.emplace_back(key, Value()).second, depth)) {
              where_.push_back("[entry " + std::to_string(count) + "]");
              return false;
            }
          }
        }
        out = Value(std::move(entries));
        return true;
      }
      case Type::Union: {
        if (++depth > kMaxDepth) return too_deep();
        const uint8_t* at = p_;
        int64_t index;
        if (!read_long(index, n)) return false;
        if (index < 0 || static_cast<uint64_t>(index) >= n.children.size())
          return fail_at(at, "invalid union branch " + std::to_string(index) + " (the union has " +
                                 std::to_string(n.children.size()) + " branches)");
        return value(*n.children[static_cast<size_t>(index)], out, depth);
      }
    }
    return fail_at(p_, "unsupported schema type");
  }

  std::string message() const {
    std::string m = problem_;
    if (!where_.empty()) {
      m += " (in field ";
      // A deep recursive structure would make a long path: the outermost steps locate it.
      constexpr size_t kShown = 12;
      std::string path;
      size_t shown = 0;
      for (auto it = where_.rbegin(); it != where_.rend() && shown < kShown; ++it, ++shown)
        path += *it;
      if (where_.size() > kShown) path += "...";
      if (!path.empty() && path[0] == '.') path.erase(0, 1);
      m += path.empty() ? "<root>" : path;
      m += ")";
    }
    return m;
  }

 private:
  bool fail_at(const uint8_t* at, std::string problem) {
    problem_ = std::move(problem);
    problem_ += " at byte " + std::to_string(at - begin_) + " of the Avro data";
    return false;
  }

  bool truncated(const Node& n) {
    problem_ = "truncated data: the " + std::to_string(end_ - begin_) +
               " bytes of Avro data end inside a value of type " + describe(n);
    return false;
  }

  bool too_deep() {
    problem_ = "the data nests deeper than " + std::to_string(kMaxDepth) + " levels";
    return false;
  }

  bool need(uint64_t bytes, const Node& n) {
    return static_cast<uint64_t>(end_ - p_) >= bytes || truncated(n);
  }

  bool read_long(int64_t& v, const Node& n) {
    const uint8_t* at = p_;
    uint64_t acc = 0;
    for (int shift = 0;; shift += 7) {
      if (p_ == end_) return truncated(n);
      uint8_t b = *p_++;
      if (shift == 63 && b > 1) return fail_at(at, "invalid varint: longer than 64 bits");
      acc |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      if (shift == 63) return fail_at(at, "invalid varint: longer than 10 bytes");
    }
    v = static_cast<int64_t>((acc >> 1) ^ (~(acc & 1) + 1));  // zig-zag
    return true;
  }

  bool read_int(int64_t& v, const Node& n) {
    const uint8_t* at = p_;
    if (!read_long(v, n)) return false;
    if (v < INT32_MIN || v > INT32_MAX)
      return fail_at(at, "invalid int: " + std::to_string(v) + " is outside the 32-bit range");
    return true;
  }

  bool read_sized(std::string_view& out, const Node& n) {
    const uint8_t* at = p_;
    int64_t len;
    if (!read_long(len, n)) return false;
    if (len < 0) return fail_at(at, "invalid length " + std::to_string(len));
    if (!need(static_cast<uint64_t>(len), n)) return false;
    out = std::string_view(reinterpret_cast<const char*>(p_), static_cast<size_t>(len));
    p_ += len;
    return true;
  }

  // One block header of an array or map: its item count (0 ends the list). A negative count is
  // followed by the block's byte size, which we do not need.
  bool read_block(uint64_t& block, const Node& n, uint64_t so_far) {
    const uint8_t* at = p_;
    int64_t count;
    if (!read_long(count, n)) return false;
    if (count < 0) {
      if (count == INT64_MIN) return fail_at(at, "invalid block count");
      count = -count;
      int64_t size;
      if (!read_long(size, n)) return false;
    }
    block = static_cast<uint64_t>(count);
    if (block > kMaxItems || so_far + block > kMaxItems)
      return fail_at(at, "more than " + std::to_string(kMaxItems) + " items in one " +
                             std::string(type_name(n.type)));
    return true;
  }

  bool bytes_value(const Node& n, std::string_view bytes, Value& out) {
    if (n.logical != Logical::Decimal) {
      out = Value(Bytes{std::string(bytes)});
      return true;
    }
    if (bytes.empty()) {
      problem_ = "invalid decimal: no bytes for the unscaled value";
      return false;
    }
    if (bytes.size() > kMaxDecimalBytes) {
      problem_ = "invalid decimal: the unscaled value is longer than " +
                 std::to_string(kMaxDecimalBytes) + " bytes";
      return false;
    }
    out = Value(Decimal{decimal_from_unscaled(bytes, n.scale)});
    return true;
  }

  // A float as the double with the same shortest decimal text, so 0.1f is 0.1 as Java prints
  // it, not 0.10000000149011612.
  static double widen(float f) {
    if (!std::isfinite(f)) return static_cast<double>(f);
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
    double d = static_cast<double>(f);
    if (ec == std::errc()) std::from_chars(buf, end, d);
    return d;
  }

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  std::string problem_;
  std::vector<std::string> where_;  // innermost first
};

}  // namespace

bool decode(const Schema& schema, std::string_view data, Value& out, std::string& error) {
  Decoder d(data);
  if (d.value(schema.root(), out, 0)) return true;
  error = d.message();
  return false;
}

}  // namespace ksink::avro
