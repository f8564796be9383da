// java.util.regex patterns (RegexRouter's `regex`, TopicNameMatches' `pattern`) run on std::regex's
// ECMAScript grammar, and Matcher.replaceFirst's replacement text ($1, \$).
//
// The two grammars agree on what topic patterns use (classes, groups, alternation, greedy and lazy
// quantifiers, lookahead, backreferences, \d \w \s \b). Java-only forms are translated where
// ECMAScript has an equivalent (\Q...\E quoting, a leading (?i), \A, \z, \Z, \a, \e, octal \0nn)
// and rejected with a reason otherwise, rather than silently meaning something else: possessive
// quantifiers (a*+), atomic groups (?>...), lookbehind (?<=...), named groups (?<name>...), inline
// flags other than a leading (?i), class unions and intersections ([a-z&&[^e]]), \p{...}, \h, \v,
// \R, \X, \G, \x{...}. Java's rejections keep their meaning but not their wording (the reason is
// std::regex's).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace ksink::transforms {

// The pattern compiled, or nullopt with `error` saying why (for "Invalid regex: <why>").
std::optional<std::regex> compile_java_regex(std::string_view pattern, std::string& error);

// Matcher's replacement expansion for one match: `$n` is group n (the longest number naming an
// existing group), `\c` is c, anything else is itself. nullopt with `error` set to Java's
// exception text when the replacement is malformed ("Illegal group reference", "No group 3").
std::optional<std::string> expand_java_replacement(std::string_view replacement,
                                                   const std::smatch& match, std::string& error);

}  // namespace ksink::transforms
