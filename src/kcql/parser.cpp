#include "kcql/parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "kcql/diagnostic.h"
#include "kcql/keywords.h"
#include "kcql/lexer.h"

namespace ksink::kcql {

namespace {

// Which keywords a name position refuses. Where a clause may start (the topic, PK and IGNORE
// lists) every keyword is taken as the keyword; in the column list only the words that shape the
// statement are, so `SELECT ttl FROM t` reads as a column named ttl.
enum class Reserved { Structural, All };

constexpr std::string_view kStarLast = "'*' may only come last in a path, as in a.b.*";
constexpr std::array<std::string_view, 7> kFormats = {"AVRO", "PROTOBUF", "TEXT", "BINARY",
                                                      "JSON", "OBJECT",   "MAP"};

// User text quoted into a message: on one line, and short enough to read.
std::string clip(std::string_view s) {
  constexpr size_t kMax = 48;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (out.size() >= kMax && (c & 0xC0) != 0x80) return out + "...";
    out += c < 0x20 || c == 0x7F ? ' ' : s[i];
  }
  return out;
}

std::string quoted(std::string_view s) { return "'" + clip(s) + "'"; }

// How a message names what the user wrote where something else was expected.
std::string describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::End:
      return "end of statement";
    case TokenKind::Word:
      return is_keyword(t.text) ? to_upper(t.text) : quoted(t.text);
    case TokenKind::Backticked:
      return clip(t.text);
    case TokenKind::String:
      return "string " + clip(t.text);
    case TokenKind::Unterminated:
      return t.text.front() == '`' ? "a back-tick that is never closed"
                                   : "a quote that is never closed";
    case TokenKind::Invalid: {
      const auto c = static_cast<unsigned char>(t.text.front());
      if (c > 0x20 && c < 0x7F) return quoted(t.text);
      char hex[24];
      std::snprintf(hex, sizeof hex, "character 0x%02X", c);
      return hex;
    }
    default:
      return quoted(t.text);
  }
}

bool is_name_piece(const Token& t) {
  return t.kind == TokenKind::Word || t.kind == TokenKind::Number || t.kind == TokenKind::Dot ||
         (t.kind == TokenKind::Backticked && !t.value.empty());
}

bool is_path_part(const Token& t) { return is_name_piece(t) && t.kind != TokenKind::Dot; }

bool is_special_name(std::string_view s) {
  return s == "_key" || s == "_value" || s == "_header" || s == "_topic" || s == "_partition" ||
         s == "_offset" || s == "_timestamp";
}

struct PathPart {
  std::string name;
  bool plain;  // written bare, so it may be a special name; a back-ticked `_key` is a field
};

class StatementParser {
 public:
  StatementParser(std::string_view text, int number) : text_(text), tokens_(tokenize(text)) {
    statement_.number = number;
    statement_.text = std::string(text);
  }

  bool run();
  // The whole text as one field path (parse_path()).
  bool run_path(Path& path);
  Statement take() { return std::move(statement_); }
  size_t error_offset() const { return error_offset_; }
  const std::string& error_message() const { return error_; }

 private:
  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    last_end_ = t.end;
    return t;
  }
  bool at_keyword(std::string_view keyword) const {
    return peek().kind == TokenKind::Word && iequals(peek().text, keyword);
  }
  // True when the next token starts right where the last one ended: the pieces of one name.
  bool next_is_attached() const {
    return peek().kind != TokenKind::End && peek().begin == last_end_;
  }
  bool skip_equals() {
    if (peek().kind != TokenKind::Equals) return false;
    advance();
    return true;
  }

  bool fail_at(size_t offset, std::string message) {
    error_offset_ = offset;
    error_ = std::move(message);
    return false;
  }
  bool expected(const Token& found, std::string_view what) {
    return fail_at(found.begin, "expected " + std::string(what) + ", found " + describe(found));
  }
  static bool refuses(const Token& t, Reserved reserved) {
    if (t.kind != TokenKind::Word) return false;
    return reserved == Reserved::All ? is_keyword(t.text) : is_structural_keyword(t.text);
  }

  bool parse_columns();
  bool parse_alias(std::string& alias);
  bool parse_object_name(std::string& out, std::string_view what, Reserved reserved);
  bool parse_path(Path& path, std::string_view what, Reserved reserved);
  bool classify(std::vector<PathPart>& parts, size_t begin, Path& path);
  bool parse_path_list(std::vector<Path>& out, std::string_view keyword, bool allow_wildcard,
                       bool value_only);
  bool parse_value(std::string& out, std::string_view what, bool refuse_keywords);
  bool parse_clauses();
  bool parse_clause(const ClauseSpec& spec, const Token& keyword);
  bool parse_positive(std::optional<int64_t>& out, std::string_view keyword, std::string_view what);
  bool parse_store_as();
  bool parse_with_format();
  bool parse_key_delimiter();
  bool parse_properties();
  bool parse_assignments(std::vector<std::pair<std::string, std::string>>& out,
                         std::string_view noun, bool keys_ignore_case);
  bool parse_timestamp();
  bool parse_value_list(std::string_view keyword, bool tags);
  bool parse_buckets(std::string_view keyword);

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t last_end_ = 0;
  Statement statement_;
  // What may follow what was parsed last, for the message when something else does.
  std::string follow_;
  size_t error_offset_ = 0;
  std::string error_;
};

bool StatementParser::run() {
  const Token& first = peek();
  if (at_keyword("INSERT") || at_keyword("UPSERT")) {
    statement_.operation = at_keyword("INSERT") ? Operation::Insert : Operation::Upsert;
    const std::string verb = to_upper(first.text);
    advance();
    if (!at_keyword("INTO")) return expected(peek(), "INTO after " + verb);
    advance();
    if (!parse_object_name(statement_.target, "a target name after INTO", Reserved::Structural))
      return false;
    if (!at_keyword("SELECT"))
      return expected(peek(), "SELECT after target " + quoted(statement_.target));
  } else if (!at_keyword("SELECT")) {
    return expected(first, "INSERT, UPSERT or SELECT");
  }
  advance();
  if (!parse_columns()) return false;
  if (!parse_object_name(statement_.source, "a topic name after FROM", Reserved::All)) return false;
  follow_ = "a clause such as PK, STOREAS or TTL after source " + quoted(statement_.source);
  return parse_clauses();
}

bool StatementParser::parse_columns() {
  std::string after = "SELECT";
  for (;;) {
    const Token& t = peek();
    std::string written;
    bool may_alias = false;
    if (t.kind == TokenKind::Star) {
      advance();
      if (peek().kind == TokenKind::Dot && next_is_attached())
        return fail_at(t.begin, std::string(kStarLast));
      if (statement_.select_all) return fail_at(t.begin, "'*' is selected twice");
      statement_.select_all = true;
      written = "'*'";
    } else {
      Column column;
      if (!parse_path(column.path, "a column or '*' after " + after, Reserved::Structural))
        return false;
      // `a.*` stands for several fields, so it cannot take one name.
      if (!column.path.wildcard && at_keyword("AS")) {
        advance();
        if (!parse_alias(column.alias)) return false;
      }
      if (!column.path.wildcard) {
        const std::string name = column.name();
        for (const Column& other : statement_.columns)
          if (!other.path.wildcard && other.name() == name)
            return fail_at(t.begin,
                           "field " + quoted(name) + " is defined twice; rename one with AS");
      }
      may_alias = !column.path.wildcard && column.alias.empty();
      written = "column " + quoted(column.alias.empty() ? column.path.text : column.alias);
      statement_.columns.push_back(std::move(column));
    }
    if (peek().kind == TokenKind::Comma) {
      advance();
      after = "','";
      continue;
    }
    if (at_keyword("FROM")) {
      advance();
      return true;
    }
    return expected(peek(),
                    (may_alias ? "',', AS or FROM after " : "',' or FROM after ") + written);
  }
}

bool StatementParser::parse_alias(std::string& alias) {
  const Token& t = peek();
  if (t.kind == TokenKind::Word && !is_structural_keyword(t.text)) {
    alias = std::string(t.text);
  } else if (t.kind == TokenKind::Number) {
    alias = std::string(t.text);
  } else if ((t.kind == TokenKind::Backticked || t.kind == TokenKind::String) && !t.value.empty()) {
    alias = t.value;
  } else {
    return expected(t, "an alias after AS");
  }
  advance();
  return true;
}

// Targets and topics: name pieces written without spaces (`FX-`, `cities:`, `a.b`, `prefix.`,
// `` `my topic` ``), or a quoted string, as Stream Reactor allows both.
bool StatementParser::parse_object_name(std::string& out, std::string_view what,
                                        Reserved reserved) {
  const Token& first = peek();
  if (first.kind == TokenKind::String && !first.value.empty()) {
    out = first.value;
    advance();
    return true;
  }
  if (!is_name_piece(first) || refuses(first, reserved)) return expected(first, what);
  out.clear();
  bool has_name = false;
  advance();
  for (const Token* t = &first;;) {
    out += t->kind == TokenKind::Backticked ? std::string_view(t->value) : t->text;
    has_name = has_name || t->kind != TokenKind::Dot;
    if (!is_name_piece(peek()) || !next_is_attached()) break;
    t = &advance();
  }
  if (!has_name) return expected(first, what);
  return true;
}

bool StatementParser::parse_path(Path& path, std::string_view what, Reserved reserved) {
  const Token& first = peek();
  path = Path{};
  if (first.kind == TokenKind::String && !first.value.empty()) {
    // A quoted column is one field whatever it holds, as in Stream Reactor.
    path.parts.push_back(first.value);
    path.text = std::string(first.text);
    advance();
    return true;
  }
  if (!is_path_part(first) || refuses(first, reserved)) return expected(first, what);

  std::vector<PathPart> parts;
  auto add_part = [&](const Token& t) {
    if (t.kind == TokenKind::Backticked)
      parts.push_back({t.value, false});
    else
      parts.push_back({std::string(t.text), true});
  };
  add_part(advance());
  while (peek().kind == TokenKind::Dot && next_is_attached()) {
    advance();
    const Token& next = peek();
    if (next.kind != TokenKind::End && !next_is_attached())
      return fail_at(last_end_, "expected a field name right after '.', found a space");
    if (next.kind == TokenKind::Star) {
      advance();
      if (peek().kind == TokenKind::Dot && next_is_attached())
        return fail_at(next.begin, std::string(kStarLast));
      path.wildcard = true;
      break;
    }
    if (!is_path_part(next)) return expected(next, "a field name or '*' after '.'");
    add_part(advance());
  }
  path.text = std::string(text_.substr(first.begin, last_end_ - first.begin));
  return classify(parts, first.begin, path);
}

// Maps the special names of kcql.md (`_key.id`, `_header.trace`, `_.topic`, ...) to a source.
bool StatementParser::classify(std::vector<PathPart>& parts, size_t begin, Path& path) {
  std::string special;
  size_t rest = 0;
  if (parts[0].plain) {
    if (parts[0].name == "_" && parts.size() > 1 && parts[1].plain &&
        is_special_name("_" + parts[1].name)) {
      special = "_" + parts[1].name;
      rest = 2;
    } else if (is_special_name(parts[0].name)) {
      special = parts[0].name;
      rest = 1;
    }
  }
  auto take_rest = [&] {
    for (size_t i = rest; i < parts.size(); ++i) path.parts.push_back(std::move(parts[i].name));
  };
  const bool has_fields = rest < parts.size() || path.wildcard;
  if (special.empty() || special == "_value") {
    path.source = Source::Value;
    take_rest();
  } else if (special == "_key") {
    path.source = Source::Key;
    take_rest();
  } else if (special == "_header") {
    if (rest == parts.size() || path.wildcard)
      return fail_at(begin,
                     "expected a header name, as in _header.trace, found " + quoted(path.text));
    // Header names are free text: `_header.a.b` is the header "a.b".
    path.source = Source::Header;
    std::string name = parts[rest].name;
    for (size_t i = rest + 1; i < parts.size(); ++i) name += "." + parts[i].name;
    path.parts.push_back(std::move(name));
  } else {
    if (has_fields)
      return fail_at(begin, quoted(special) + " has no fields, found " + quoted(path.text));
    path.source = special == "_topic"       ? Source::Topic
                  : special == "_partition" ? Source::Partition
                  : special == "_offset"    ? Source::Offset
                                            : Source::Timestamp;
  }
  return true;
}

bool StatementParser::parse_path_list(std::vector<Path>& out, std::string_view keyword,
                                      bool allow_wildcard, bool value_only) {
  const std::string noun = value_only ? "a field of the value" : "a field name";
  std::string after(keyword);
  for (;;) {
    const size_t begin = peek().begin;
    Path path;
    if (!parse_path(path, noun + " after " + after, Reserved::All)) return false;
    const bool refused = (path.wildcard && !allow_wildcard) ||
                         (value_only && (path.source != Source::Value || path.parts.empty()));
    if (refused)
      return fail_at(begin,
                     "expected " + noun + " after " + after + ", found " + quoted(path.text));
    out.push_back(std::move(path));
    if (peek().kind != TokenKind::Comma) {
      follow_ = "',' or another clause after " + std::string(keyword) + " field " +
                quoted(out.back().text);
      return true;
    }
    advance();
    after = "','";
  }
}

// A clause or parameter value: a quoted string, or name pieces written without spaces (a word, a
// number such as 1.5, a dotted name).
bool StatementParser::parse_value(std::string& out, std::string_view what, bool refuse_keywords) {
  const Token& first = peek();
  if (first.kind == TokenKind::String) {
    out = first.value;
    advance();
    return true;
  }
  if (!is_name_piece(first) || (refuse_keywords && refuses(first, Reserved::All)))
    return expected(first, what);
  out.clear();
  advance();
  for (const Token* t = &first;;) {
    out += t->kind == TokenKind::Backticked ? std::string_view(t->value) : t->text;
    if (!is_name_piece(peek()) || !next_is_attached()) return true;
    t = &advance();
  }
}

bool StatementParser::parse_clauses() {
  std::vector<bool> seen(clause_count(), false);
  while (peek().kind != TokenKind::End) {
    const Token& keyword = peek();
    const ClauseSpec* spec = keyword.kind == TokenKind::Word ? find_clause(keyword.text) : nullptr;
    if (!spec) {
      if (at_keyword("SELECT") || at_keyword("INSERT") || at_keyword("UPSERT"))
        return fail_at(keyword.begin, "expected " + follow_ + ", found " + describe(keyword) +
                                          "; separate statements with ';'");
      return expected(keyword, follow_);
    }
    const size_t index = clause_index(*spec);
    if (seen[index])
      return fail_at(keyword.begin,
                     std::string(spec->keyword) + " is given twice; each clause may appear once");
    seen[index] = true;
    advance();
    if (!parse_clause(*spec, keyword)) return false;
    if (spec->foreign) statement_.foreign_clauses.emplace_back(spec->keyword);
  }
  return true;
}

bool StatementParser::parse_clause(const ClauseSpec& spec, const Token& keyword) {
  bool ok = true;
  switch (spec.shape) {
    case ClauseShape::Ignore:
      return parse_path_list(statement_.ignore, spec.keyword, false, true);
    case ClauseShape::PrimaryKey:
      return parse_path_list(statement_.primary_keys, spec.keyword, false, false);
    case ClauseShape::PathList: {
      std::vector<Path> unused;
      return parse_path_list(unused, spec.keyword, true, false);
    }
    case ClauseShape::StoreAs:
      ok = parse_store_as();
      break;
    case ClauseShape::Ttl:
      ok = parse_positive(statement_.ttl, spec.keyword, "a positive number of seconds");
      break;
    case ClauseShape::Batch:
      ok = parse_positive(statement_.batch_size, spec.keyword, "a positive batch size");
      break;
    case ClauseShape::Limit:
      ok = parse_positive(statement_.limit, spec.keyword, "a positive limit");
      break;
    case ClauseShape::WithFormat:
      ok = parse_with_format();
      break;
    case ClauseShape::KeyDelimiter:
      ok = parse_key_delimiter();
      break;
    case ClauseShape::Properties:
      ok = parse_properties();
      break;
    case ClauseShape::Flag:
      break;
    case ClauseShape::Value: {
      skip_equals();
      std::string unused;
      ok = parse_value(unused, "a value after " + std::string(spec.keyword), true);
      break;
    }
    case ClauseShape::Timestamp:
      ok = parse_timestamp();
      break;
    case ClauseShape::ValueList:
      ok = parse_value_list(spec.keyword, false);
      break;
    case ClauseShape::Tags:
      ok = parse_value_list(spec.keyword, true);
      break;
    case ClauseShape::Buckets:
      ok = parse_buckets(spec.keyword);
      break;
  }
  if (ok)
    follow_ =
        "another clause after " + clip(text_.substr(keyword.begin, last_end_ - keyword.begin));
  return ok;
}

// TTL, BATCH and LIMIT: `= n` (the `=` may be left out), n a positive integer.
bool StatementParser::parse_positive(std::optional<int64_t>& out, std::string_view keyword,
                                     std::string_view what) {
  skip_equals();
  const Token& first = peek();
  const std::string expectation = std::string(what) + " after " + std::string(keyword);
  if (first.kind != TokenKind::Number && first.kind != TokenKind::Word)
    return expected(first, expectation);
  // The whole lexeme, so that `1.5` or `-5` is reported as written rather than in pieces.
  advance();
  while (next_is_attached() && (peek().kind == TokenKind::Dot || peek().kind == TokenKind::Number ||
                                peek().kind == TokenKind::Word))
    advance();
  const std::string_view lexeme = text_.substr(first.begin, last_end_ - first.begin);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(lexeme.data(), lexeme.data() + lexeme.size(), n);
  const bool is_integer = first.kind == TokenKind::Number || lexeme.front() == '-';
  if (!is_integer || ec != std::errc() || end != lexeme.data() + lexeme.size() || n <= 0)
    return fail_at(first.begin, "expected " + expectation + ", found " + quoted(lexeme));
  out = n;
  return true;
}

bool StatementParser::parse_store_as() {
  std::string type;
  if (!parse_object_name(type, "a storage type after STOREAS", Reserved::All)) return false;
  statement_.store_as = std::move(type);
  // Stream Reactor allows several parameter groups; they read as one list.
  while (peek().kind == TokenKind::LParen) {
    advance();
    if (!parse_assignments(statement_.store_as_params, "STOREAS parameter", true)) return false;
  }
  return true;
}

bool StatementParser::parse_with_format() {
  skip_equals();
  const Token& t = peek();
  if (t.kind == TokenKind::Word) {
    for (auto format : kFormats) {
      if (iequals(format, t.text)) {
        statement_.with_format = std::string(format);
        advance();
        return true;
      }
    }
  }
  return expected(t,
                  "a format after WITHFORMAT (AVRO, PROTOBUF, TEXT, BINARY, JSON, OBJECT or MAP)");
}

bool StatementParser::parse_key_delimiter() {
  skip_equals();
  const Token& t = peek();
  if (t.kind != TokenKind::String || t.value.empty())
    return expected(t, "a quoted delimiter after KEYDELIMITER, as in KEYDELIMITER = ':'");
  statement_.key_delimiter = t.value;
  advance();
  return true;
}

bool StatementParser::parse_properties() {
  skip_equals();
  if (peek().kind != TokenKind::LParen) return expected(peek(), "'(' after PROPERTIES");
  advance();
  // An empty list is allowed, as in Stream Reactor.
  if (peek().kind == TokenKind::RParen) {
    advance();
    return true;
  }
  return parse_assignments(statement_.properties, "property", false);
}

// `name = value, ...)` after an opening parenthesis, through the closing one.
bool StatementParser::parse_assignments(std::vector<std::pair<std::string, std::string>>& out,
                                        std::string_view noun, bool keys_ignore_case) {
  std::string after = "'('";
  for (;;) {
    const Token& key_token = peek();
    std::string key;
    if (!parse_value(key, std::string("a ") + std::string(noun) + " (name = value) after " + after,
                     false))
      return false;
    for (const auto& [existing, _] : out) {
      if (keys_ignore_case ? iequals(existing, key) : existing == key)
        return fail_at(key_token.begin, std::string(noun) + " " + quoted(key) + " is given twice");
    }
    if (!skip_equals())
      return expected(peek(), "'=' after " + std::string(noun) + " " + quoted(key));
    std::string value;
    if (!parse_value(value, "a value for " + std::string(noun) + " " + quoted(key), false))
      return false;
    out.emplace_back(std::move(key), std::move(value));
    if (peek().kind == TokenKind::RParen) {
      advance();
      return true;
    }
    if (peek().kind != TokenKind::Comma)
      return expected(peek(),
                      "',' or ')' after " + std::string(noun) + " " + quoted(out.back().first));
    advance();
    after = "','";
  }
}

bool StatementParser::parse_timestamp() {
  const Token& t = peek();
  if (t.kind == TokenKind::Word && iequals(t.text, "sys_time") &&
      peek(1).kind == TokenKind::LParen && peek(2).kind == TokenKind::RParen) {
    advance();
    advance();
    advance();
    return true;
  }
  const size_t begin = t.begin;
  Path unused;
  if (!parse_path(unused, "a field or sys_time() after WITHTIMESTAMP", Reserved::All)) return false;
  if (unused.wildcard)
    return fail_at(
        begin, "expected a field or sys_time() after WITHTIMESTAMP, found " + quoted(unused.text));
  return true;
}

// WITHKEY (a, b) and WITHTAG (a, b = c, d AS e).
bool StatementParser::parse_value_list(std::string_view keyword, bool tags) {
  const std::string clause(keyword);
  if (peek().kind != TokenKind::LParen) return expected(peek(), "'(' after " + clause);
  advance();
  std::string after = "'('";
  for (;;) {
    std::string value;
    if (!parse_value(value, "a value after " + after, false)) return false;
    bool has_tag_value = false;
    if (tags && at_keyword("AS")) {
      advance();
      has_tag_value = true;
    } else if (tags) {
      has_tag_value = skip_equals();
    }
    if (has_tag_value && !parse_value(value, "a tag value after " + quoted(value), false))
      return false;
    if (peek().kind == TokenKind::RParen) {
      advance();
      return true;
    }
    if (peek().kind != TokenKind::Comma)
      return expected(peek(), "',' or ')' in the " + clause + " list");
    advance();
    after = "','";
  }
}

bool StatementParser::run_path(Path& path) {
  if (!parse_path(path, "a field name", Reserved::Structural)) return false;
  if (peek().kind != TokenKind::End) return expected(peek(), "the end of the field path");
  return true;
}

// DISTRIBUTEBY a, b INTO n BUCKETS (and CLUSTERBY), from Stream Reactor's Hive connector.
bool StatementParser::parse_buckets(std::string_view keyword) {
  std::vector<Path> unused;
  if (!parse_path_list(unused, keyword, false, false)) return false;
  if (!at_keyword("INTO"))
    return expected(peek(), "',' or INTO after the " + std::string(keyword) + " fields");
  advance();
  if (peek().kind != TokenKind::Number) return expected(peek(), "a number of buckets after INTO");
  advance();
  if (!(peek().kind == TokenKind::Word && iequals(peek().text, "BUCKETS")))
    return expected(peek(), "BUCKETS after the number of buckets");
  advance();
  return true;
}

}  // namespace

Result<std::vector<Statement>> parse(std::string_view text) {
  std::vector<Statement> statements;
  int number = 0;
  for (std::string_view piece : split_statements(text)) {
    ++number;
    StatementParser parser(piece, number);
    if (!parser.run())
      return Error{format_diagnostic(number, piece, parser.error_offset(), parser.error_message())};
    statements.push_back(parser.take());
  }
  // An empty setting would route nothing, silently.
  if (statements.empty())
    return Error{"KCQL: no statement found; expected INSERT, UPSERT or SELECT"};
  return statements;
}

Result<Path> parse_path(std::string_view text) {
  StatementParser parser(text, 0);
  Path path;
  if (!parser.run_path(path))
    return Error{"'" + std::string(text) + "' is not a field path: " + parser.error_message() +
                 " (at column " + std::to_string(parser.error_offset() + 1) + ")"};
  return path;
}

}  // namespace ksink::kcql
