#include "crawler/css_hiding.h"

#include <algorithm>
#include <optional>

#include "common/text.h"

namespace domex::crawler::internal {
namespace {

constexpr auto npos = std::string_view::npos;
// Bounds against hostile stylesheets; real pages stay far below them.
constexpr size_t kMaxRules = 4096;
constexpr size_t kMaxRulesPerKey = 128;
constexpr size_t kMaxClassesPerElement = 64;

// Declaration parts that hide only together (see DeclarationBits).
enum : uint8_t { kTinyBox = 8, kOverflowHidden = 16 };

std::string CompactLower(std::string_view s) {
  std::string out;
  for (char c : AsciiLower(s)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      out.push_back(c);
    }
  }
  return out;
}

// "0", "0px", "0.0em", "0%": zero in any unit.
bool IsZero(std::string_view v) {
  size_t end = v.size();
  while (end > 0 &&
         ((v[end - 1] >= 'a' && v[end - 1] <= 'z') || v[end - 1] == '%')) {
    --end;
  }
  std::string_view number = v.substr(0, end);
  return number.find('0') != npos && number.find_first_not_of("0.") == npos;
}

bool IsTinyLength(std::string_view v) { return IsZero(v) || v == "1px"; }

// One declaration, compacted and lowercased, "!important" removed.
uint8_t OneDeclarationBits(std::string_view d) {
  size_t colon = d.find(':');
  if (colon == npos) return 0;
  std::string_view prop = d.substr(0, colon);
  std::string_view value = d.substr(colon + 1);
  if (prop == "display") return value == "none" ? kHide : 0;
  if (prop == "visibility") {
    return value == "hidden" || value == "collapse" ? kHide : 0;
  }
  if (prop == "content-visibility") return value == "hidden" ? kHide : 0;
  if (prop == "opacity" || prop == "font-size")
    return IsZero(value) ? kHide : 0;
  if (prop == "font")
    return IsZero(value.substr(0, value.find('/'))) ? kHide : 0;
  if (prop == "transform") return value == "scale(0)" ? kHide : 0;
  if (prop == "width" || prop == "height" || prop == "max-width" ||
      prop == "max-height") {
    return IsTinyLength(value) ? kTinyBox : 0;
  }
  if (prop == "overflow") {
    return value == "hidden" || value == "clip" ? kOverflowHidden : 0;
  }
  if (prop == "unicode-bidi")
    return value == "bidi-override" ? kBidiOverride : 0;
  if (prop == "direction") return value == "rtl" ? kRtl : 0;
  return 0;
}

// ---- selectors ----

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '\\' ||
         static_cast<unsigned char>(c) >= 0x80;
}

size_t IdentEnd(std::string_view s, size_t i) {
  while (i < s.size() && IsIdentChar(s[i])) i += s[i] == '\\' ? 2 : 1;
  return std::min(i, s.size());
}

// Index of the bracket closing the '(' or '[' at `open` (quotes and nesting
// respected), or s.size() when unclosed.
size_t CloseOf(std::string_view s, size_t open) {
  const char o = s[open];
  const char c = o == '(' ? ')' : ']';
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (quote != 0) {
      if (s[i] == '\\')
        ++i;
      else if (s[i] == quote)
        quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == o) {
      ++depth;
    } else if (s[i] == c && --depth == 0) {
      return i;
    }
  }
  return s.size();
}

// The next of `chars` at `i` or after, outside brackets and parentheses.
size_t FindTopLevel(std::string_view s, size_t i, std::string_view chars) {
  while (i < s.size()) {
    if (s[i] == '(' || s[i] == '[') {
      i = CloseOf(s, i) + 1;
    } else if (chars.find(s[i]) != npos) {
      return i;
    } else {
      ++i;
    }
  }
  return npos;
}

// "a, :is(b, c)" -> "a", ":is(b, c)".
std::vector<std::string_view> SplitTopLevel(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t stop = FindTopLevel(s, i, std::string_view(&sep, 1));
    out.push_back(Trim(s.substr(i, stop == npos ? npos : stop - i)));
    if (stop == npos) return out;
    i = stop + 1;
  }
}

// One compound of a complex selector and the combinator before it (' ',
// '>', '+', '~'; 0 for the first).
struct Part {
  std::string_view text;
  char combinator;
};

std::vector<Part> SplitCompounds(std::string_view selector) {
  std::vector<Part> parts;
  char pending = 0;
  size_t i = 0;
  while (i < selector.size()) {
    size_t stop = FindTopLevel(selector, i, " \t\n\r\f>+~");
    size_t end = stop == npos ? selector.size() : stop;
    if (end > i) {
      parts.push_back({selector.substr(i, end - i), pending});
      pending = 0;
    }
    if (stop == npos) break;
    char c = selector[stop];
    if (c == '>' || c == '+' || c == '~') {
      pending = c;
    } else if (pending == 0 && !parts.empty()) {
      pending = ' ';
    }
    i = stop + 1;
  }
  return parts;
}

std::optional<Compound> ParseCompound(std::string_view s);

// [name], [name=v], [name~="v" i]: values compared case-insensitively
// (matching more is the safe direction).
Compound::Attribute ParseAttribute(std::string_view inner) {
  Compound::Attribute a;
  size_t eq = inner.find('=');
  size_t name_end = eq;
  if (eq != npos) {
    a.op = '=';
    if (eq > 0 && std::string_view("~|^$*").find(inner[eq - 1]) != npos) {
      a.op = inner[eq - 1];
      name_end = eq - 1;
    }
    std::string_view v = Trim(inner.substr(eq + 1));
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
      size_t q = v.find(v.front(), 1);
      v = v.substr(1, q == npos ? npos : q - 1);
    } else {
      v = v.substr(0, v.find_first_of(" \t\n\r\f"));  // drop an " i" flag
    }
    a.value = AsciiLower(v);
  }
  a.name = AsciiLower(Trim(inner.substr(0, name_end)));
  return a;
}

// :not(.a, span): each argument excludes matching elements. Arguments with
// combinators or pseudo-classes are not modelled, so such a :not is dropped
// (the rule then matches more: hiding is over-estimated, never under).
void AddNots(std::string_view args, Compound* c) {
  std::vector<Compound> nots;
  for (std::string_view arg : SplitTopLevel(args, ',')) {
    if (arg.empty() || arg.find_first_of(" \t\n\r\f>+~:") != npos) return;
    std::optional<Compound> n = ParseCompound(arg);
    if (!n) return;
    nots.push_back(std::move(*n));
  }
  for (Compound& n : nots) c->nots.push_back(std::move(n));
}

// False when the pseudo-class makes the rule not hide the element in its
// normal state: dynamic ones (:hover...) and legacy one-colon
// pseudo-elements (:before...). Structural ones (:first-child) are taken to
// match.
bool ApplyPseudo(std::string_view name_in, std::string_view args, Compound* c) {
  const std::string name = AsciiLower(name_in);
  for (std::string_view no :
       {"hover", "focus", "focus-within", "focus-visible", "active", "target",
        "before", "after", "first-line", "first-letter"}) {
    if (name == no) return false;
  }
  if (name == "not") AddNots(args, c);
  return true;
}

// Parses one pseudo-class at `i` (just past its ':'); returns the index
// after it, or npos when the rule does not hide the element.
size_t ParsePseudo(std::string_view s, size_t i, Compound* c) {
  if (i < s.size() && s[i] == ':') return npos;  // a ::pseudo-element
  size_t end = IdentEnd(s, i);
  std::string_view name = s.substr(i, end - i);
  std::string_view args;
  if (end < s.size() && s[end] == '(') {
    size_t close = CloseOf(s, end);
    args = s.substr(end + 1, close - end - 1);
    end = std::min(close + 1, s.size());
  }
  return ApplyPseudo(name, args, c) ? end : npos;
}

// "span.a.b#id[data-x]:first-child" -> its tests; nullopt when the rule
// never hides the element itself (pseudo-elements, :hover...).
std::optional<Compound> ParseCompound(std::string_view s) {
  Compound c;
  size_t i = 0;
  while (i < s.size()) {
    const char ch = s[i];
    if (ch == '#' || ch == '.') {
      size_t end = IdentEnd(s, i + 1);
      std::string name = AsciiLower(s.substr(i + 1, end - i - 1));
      if (ch == '#')
        c.id = std::move(name);
      else if (!name.empty())
        c.classes.push_back(std::move(name));
      i = std::max(end, i + 1);
    } else if (ch == '[') {
      size_t close = CloseOf(s, i);
      c.attributes.push_back(
          ParseAttribute(Trim(s.substr(i + 1, close - i - 1))));
      i = close + 1;
    } else if (ch == ':') {
      i = ParsePseudo(s, i + 1, &c);
      if (i == npos) return std::nullopt;
    } else if (i == 0 && IsIdentChar(ch)) {
      i = IdentEnd(s, 0);
      c.tag = AsciiLower(s.substr(0, i));
    } else {
      ++i;  // '*', namespaces, nesting '&': no test
    }
  }
  return c;
}

bool IsUniversal(const Compound& c) {
  return c.tag.empty() && c.id.empty() && c.classes.empty() &&
         c.attributes.empty();
}

// The compound a rule is matched on: the last one, except that "X *" and
// "X > *" hide everything under X, so X is taken instead (also hiding text
// directly inside X: an over-estimate).
std::optional<Compound> Subject(std::string_view selector) {
  std::vector<Part> parts = SplitCompounds(selector);
  if (parts.empty()) return std::nullopt;
  size_t k = parts.size() - 1;
  std::optional<Compound> subject = ParseCompound(parts[k].text);
  while (subject && IsUniversal(*subject) && k > 0 &&
         (parts[k].combinator == ' ' || parts[k].combinator == '>')) {
    subject = ParseCompound(parts[--k].text);
  }
  return subject;
}

std::string IndexKey(const Compound& c) {
  if (!c.id.empty()) return "#" + c.id;
  if (!c.classes.empty()) return "." + c.classes.front();
  return c.tag;
}

// Lowercase whitespace-separated words, at most `max`.
std::vector<std::string> Words(std::string_view list, size_t max) {
  std::vector<std::string> out;
  size_t i = 0;
  while (out.size() < max) {
    i = list.find_first_not_of(" \t\n\r\f", i);
    if (i == npos) break;
    size_t end = std::min(list.find_first_of(" \t\n\r\f", i), list.size());
    out.push_back(AsciiLower(list.substr(i, end - i)));
    i = end;
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool AttributeMatches(const Compound::Attribute& a, std::string_view raw) {
  const std::string v = AsciiLower(raw);
  const std::string& want = a.value;
  switch (a.op) {
    case 0:
      return true;
    case '=':
      return v == want;
    case '~':
      return Has(Words(v, v.size()), want);
    case '|':
      return v == want || StartsWithIgnoreCase(v, want + "-");
    case '^':
      return !want.empty() && StartsWithIgnoreCase(v, want);
    case '$':
      return !want.empty() && EndsWith(v, want);
    case '*':
      return !want.empty() && v.find(want) != npos;
    default:
      return true;
  }
}

bool HasAttribute(const ElementFacts& el, const Compound::Attribute& a) {
  for (const auto& [name, value] : el.attributes) {
    if (name == a.name) return AttributeMatches(a, value);
  }
  return false;
}

// `classes`: the element's, lowercased. Ancestors are not checked.
bool Matches(const Compound& c, const ElementFacts& el,
             const std::vector<std::string>& classes) {
  if (!c.tag.empty() && c.tag != el.tag) return false;
  if (!c.id.empty() && !EqualsIgnoreCase(c.id, el.id)) return false;
  for (const std::string& cls : c.classes) {
    if (!Has(classes, cls)) return false;
  }
  for (const Compound::Attribute& a : c.attributes) {
    if (!HasAttribute(el, a)) return false;
  }
  for (const Compound& n : c.nots) {
    if (Matches(n, el, classes)) return false;
  }
  return true;
}

std::string StripCssComments(std::string_view css) {
  std::string out;
  size_t i = 0;
  while (i < css.size()) {
    size_t open = css.find("/*", i);
    out.append(css.substr(i, open == npos ? open : open - i));
    if (open == npos) break;
    size_t close = css.find("*/", open + 2);
    i = close == npos ? css.size() : close + 2;
  }
  return out;
}

// Index just past the '}' closing the block whose '{' is at `open`.
size_t SkipBlock(std::string_view css, size_t open) {
  int depth = 0;
  for (size_t i = open; i < css.size(); ++i) {
    if (css[i] == '{') ++depth;
    if (css[i] == '}' && --depth == 0) return i + 1;
  }
  return css.size();
}

// Conditional group rules whose contents are parsed as rules.
bool IsGroupRule(std::string_view prelude) {
  for (std::string_view at : {"@media", "@supports", "@layer", "@container"}) {
    if (StartsWithIgnoreCase(prelude, at)) return true;
  }
  return false;
}

}  // namespace

uint8_t DeclarationBits(std::string_view declarations) {
  uint8_t bits = 0;
  for (std::string_view decl : Split(declarations, ';')) {
    std::string d = CompactLower(decl);
    size_t bang = d.find('!');
    if (bang != std::string::npos) d.resize(bang);  // "!important"
    bits |= OneDeclarationBits(d);
  }
  if ((bits & kTinyBox) && (bits & kOverflowHidden)) bits |= kHide;
  return bits & (kHide | kBidiOverride | kRtl);
}

void StyleSheet::Parse(std::string_view css_in) {
  const std::string css = StripCssComments(css_in);
  size_t i = 0;
  while (i < css.size()) {
    // '}' closes a group rule; ';' ends a statement ("@import url(x);").
    size_t open = css.find_first_of("{};", i);
    if (open == std::string::npos) break;
    if (css[open] != '{') {
      i = open + 1;
      continue;
    }
    std::string_view prelude = Trim(std::string_view(css).substr(i, open - i));
    if (!prelude.empty() && prelude.front() == '@') {
      i = IsGroupRule(prelude) ? open + 1 : SkipBlock(css, open);
      continue;
    }
    size_t close = std::min(css.find('}', open), css.size());
    uint8_t bits = DeclarationBits(
        std::string_view(css).substr(open + 1, close - open - 1));
    if (bits != 0) AddRule(prelude, bits);
    i = close + 1;
  }
}

void StyleSheet::AddRule(std::string_view selectors, uint8_t bits) {
  for (std::string_view selector : SplitTopLevel(selectors, ',')) {
    std::optional<Compound> subject = Subject(selector);
    if (!subject || rules_.size() >= kMaxRules) continue;
    std::vector<size_t>& bucket = index_[IndexKey(*subject)];
    if (bucket.size() >= kMaxRulesPerKey) continue;
    bucket.push_back(rules_.size());
    rules_.emplace_back(std::move(*subject), bits);
  }
}

void StyleSheet::Lookup(const std::string& key, const ElementFacts& el,
                        const std::vector<std::string>& classes,
                        uint8_t* bits) const {
  auto it = index_.find(key);
  if (it == index_.end()) return;
  for (size_t r : it->second) {
    if (Matches(rules_[r].first, el, classes)) *bits |= rules_[r].second;
  }
}

uint8_t StyleSheet::Bits(const ElementFacts& el) const {
  if (rules_.empty()) return 0;
  const std::vector<std::string> classes =
      Words(el.class_list, kMaxClassesPerElement);
  uint8_t bits = 0;
  Lookup("", el, classes, &bits);
  if (!el.tag.empty()) Lookup(std::string(el.tag), el, classes, &bits);
  if (!el.id.empty()) Lookup("#" + AsciiLower(el.id), el, classes, &bits);
  for (const std::string& cls : classes) Lookup("." + cls, el, classes, &bits);
  return bits;
}

}  // namespace domex::crawler::internal
