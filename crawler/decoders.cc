#include "crawler/decoders.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"

namespace domex::crawler {
namespace {

constexpr size_t kMaxTokens = kMaxScriptTokens;
constexpr size_t kMaxStrings = 10000;
constexpr size_t kMaxStringBytes = 64 * 1024;
constexpr size_t kMaxTotalBytes = 8 * 1024 * 1024;  // all strings together
constexpr int kMaxDepth = 32;  // nested parentheses evaluated

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// ---- tokenizer ----

enum class Kind { kString, kIdent, kNumber, kPunct, kOpaque };

struct Token {
  Kind kind;
  std::string text;  // decoded value for strings; spelling otherwise
};

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view src) : s_(src) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (out.size() < kMaxTokens && SkipSpaceAndComments()) {
      char c = s_[i_];
      if (c == '\'' || c == '"' || c == '`') {
        out.push_back(ReadString(c));
      } else if (IsIdentStart(c)) {
        size_t b = i_;
        while (i_ < s_.size() && IsIdentChar(s_[i_])) ++i_;
        out.push_back({Kind::kIdent, std::string(s_.substr(b, i_ - b))});
      } else if (c >= '0' && c <= '9') {
        size_t b = i_;
        while (i_ < s_.size() && (IsIdentChar(s_[i_]) || s_[i_] == '.')) ++i_;
        out.push_back({Kind::kNumber, std::string(s_.substr(b, i_ - b))});
      } else if (c == '/' && RegexAllowed(out)) {
        SkipRegex();
        out.push_back({Kind::kOpaque, ""});
      } else {
        out.push_back({Kind::kPunct, ReadPunct()});
      }
    }
    return out;
  }

 private:
  // Returns false at the end of input.
  bool SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
          c == '\v') {
        ++i_;
      } else if (s_.substr(i_, 2) == "//" || s_.substr(i_, 4) == "<!--") {
        SkipToLineEnd();
      } else if (s_.substr(i_, 2) == "/*") {
        size_t end = s_.find("*/", i_ + 2);
        i_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else {
        return true;
      }
    }
    return false;
  }

  void SkipToLineEnd() {
    size_t end = s_.find('\n', i_);
    i_ = end == std::string_view::npos ? s_.size() : end;
  }

  // A '/' starts a regex literal unless it follows a value (then: division).
  static bool RegexAllowed(const std::vector<Token>& out) {
    if (out.empty()) return true;
    const Token& t = out.back();
    if (t.kind == Kind::kString || t.kind == Kind::kNumber ||
        t.kind == Kind::kOpaque) {
      return false;
    }
    if (t.kind == Kind::kIdent) {
      static const std::unordered_set<std::string> kKeywords = {
          "return", "typeof", "case", "do", "else", "in", "of",
          "new",    "delete", "void", "throw"};
      return kKeywords.count(t.text) > 0;
    }
    return t.text != ")" && t.text != "]" && t.text != "}";
  }

  void SkipRegex() {
    bool in_class = false;
    for (++i_; i_ < s_.size() && s_[i_] != '\n'; ++i_) {
      char c = s_[i_];
      if (c == '\\') {
        ++i_;
      } else if (c == '[') {
        in_class = true;
      } else if (c == ']') {
        in_class = false;
      } else if (c == '/' && !in_class) {
        ++i_;
        break;
      }
    }
    while (i_ < s_.size() && IsIdentChar(s_[i_])) ++i_;  // flags
  }

  std::string ReadPunct() {
    char c = s_[i_++];
    std::string p(1, c);
    if (i_ < s_.size()) {
      char n = s_[i_];
      if ((c == '+' && (n == '+' || n == '=')) || (c == '=' && n == '>')) {
        p.push_back(n);
        ++i_;
      } else if ((c == '=' || c == '!') && n == '=') {
        while (i_ < s_.size() && s_[i_] == '=') p.push_back(s_[i_++]);
      }
    }
    return p;
  }

  // Reads hex digits for \x / \u escapes; -1 when malformed.
  long ReadHex(size_t count) {
    if (i_ + count > s_.size()) return -1;
    long v = 0;
    for (size_t k = 0; k < count; ++k) {
      int h = HexDigitValue(s_[i_ + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    i_ += count;
    return v;
  }

  void ReadEscape(std::string* out) {
    char e = s_[i_++];
    long cp = -1;
    switch (e) {
      case 'n': out->push_back('\n'); return;
      case 't': out->push_back('\t'); return;
      case 'r': out->push_back('\r'); return;
      case 'b': out->push_back('\b'); return;
      case 'f': out->push_back('\f'); return;
      case 'v': out->push_back('\v'); return;
      case '0': out->push_back('\0'); return;
      case '\r':
      case '\n': return;  // line continuation
      case 'x': cp = ReadHex(2); break;
      case 'u':
        if (i_ < s_.size() && s_[i_] == '{') {
          size_t close = s_.find('}', i_);
          if (close != std::string_view::npos && close - i_ <= 7) {
            ++i_;
            cp = ReadHex(close - i_);
            ++i_;
          }
        } else {
          cp = ReadHex(4);
        }
        break;
      default: out->push_back(e); return;
    }
    if (cp < 0) {
      out->push_back(e);  // malformed escape: keep the letter, like JS
    } else {
      AppendUtf8(static_cast<uint32_t>(cp), out);
    }
  }

  // A quoted literal. A template with ${...} is opaque: its value depends on
  // run time.
  Token ReadString(char quote) {
    std::string value;
    bool dynamic = false;
    for (++i_; i_ < s_.size();) {
      char c = s_[i_];
      if (c == quote) {
        ++i_;
        break;
      }
      if (quote != '`' && c == '\n') break;  // unterminated
      ++i_;
      if (c == '\\' && i_ < s_.size()) {
        ReadEscape(&value);
      } else {
        if (quote == '`' && c == '$' && i_ < s_.size() && s_[i_] == '{') {
          dynamic = true;
        }
        if (value.size() < kMaxStringBytes) value.push_back(c);
      }
    }
    if (value.size() > kMaxStringBytes) value.resize(kMaxStringBytes);
    if (dynamic) return {Kind::kOpaque, ""};
    return {Kind::kString, std::move(value)};
  }

  std::string_view s_;
  size_t i_ = 0;
};

// ---- "unCrypt mailto" shifts ----

// Shifts `c` by `d` inside [lo, hi] with wrap-around; other bytes unchanged.
char ShiftIn(char c, int d, char lo, char hi) {
  if (c < lo || c > hi) return c;
  int size = hi - lo + 1;
  int v = ((c - lo + d) % size + size) % size;
  return static_cast<char>(lo + v);
}

// TYPO3's scheme shifts three ranges: '+'..':', '@'..'Z' and 'a'..'z'.
char ShiftTypo3(char c, int d) {
  return ShiftIn(ShiftIn(ShiftIn(c, d, '+', ':'), d, '@', 'Z'), d, 'a', 'z');
}
// Caesar/ROT-n over letters only.
char ShiftLetters(char c, int d) {
  return ShiftIn(ShiftIn(c, d, 'A', 'Z'), d, 'a', 'z');
}

template <typename Shift>
std::optional<std::string> TryUnshift(std::string_view s, Shift shift) {
  static constexpr std::string_view kPrefix = "mailto:";
  if (s.size() <= kPrefix.size() || s[0] < 'a' || s[0] > 'z') {
    return std::nullopt;
  }
  // Only shifts that turn s[0] into 'm' can work: one per letter alphabet
  // wrap (the other ranges of TYPO3's scheme wrap at different sizes).
  const int base = 'm' - s[0];
  for (int d : {base, base - 26, base + 26}) {
    if (d == 0 || d < -30 || d > 30) continue;  // d == 0: already plain
    bool match = true;
    for (size_t k = 0; k < kPrefix.size() && match; ++k) {
      match = shift(s[k], d) == kPrefix[k];
    }
    if (!match) continue;
    std::string out(s);
    for (char& c : out) c = shift(c, d);
    return out;
  }
  return std::nullopt;
}

// ---- evaluator ----

// A value being built; `known` is false once an unknown piece joins it.
struct Value {
  std::string s;
  bool known = false;
};

class Evaluator {
 public:
  explicit Evaluator(std::vector<Token> toks) : t_(std::move(toks)) {}

  std::vector<std::string> Run() {
    size_t i = 0;
    while (i < t_.size() && out_.size() < kMaxStrings && !Spent()) {
      size_t next = Statement(i);
      i = next > i ? next : i + 1;
    }
    return std::move(out_);
  }
  size_t bytes() const { return bytes_; }

 private:
  // A hostile script can make every token copy a 64 KiB string (x+x+x...,
  // x+='b' on a long x): past the work budget, evaluation stops where it is.
  bool Spent() const { return bytes_ > kMaxScriptWorkBytes; }

  bool IsPunct(size_t i, std::string_view p) const {
    return i < t_.size() && t_[i].kind == Kind::kPunct && t_[i].text == p;
  }
  bool IsIdent(size_t i, std::string_view name) const {
    return i < t_.size() && t_[i].kind == Kind::kIdent && t_[i].text == name;
  }
  bool IsEmptyString(size_t i) const {
    return i < t_.size() && t_[i].kind == Kind::kString && t_[i].text.empty();
  }

  void Emit(const std::string& s) {
    if (s.empty()) return;
    bytes_ += s.size();
    std::string v = s.substr(0, kMaxStringBytes);
    auto typo3 = TryUnshift(v, ShiftTypo3);
    auto letters = TryUnshift(v, ShiftLetters);
    // Ciphertext is replaced by its decoding: "znvygb:vasb@fpubby.va" (ROT13)
    // looks like an address under the real .va TLD but is not one.
    if (!typo3 && !letters) Push(std::move(v));
    if (typo3) Push(std::move(*typo3));
    if (letters) Push(std::move(*letters));
  }

  void Push(std::string v) {
    if (out_.size() >= kMaxStrings || total_ + v.size() > kMaxTotalBytes) {
      return;
    }
    if (!seen_.insert(v).second) return;
    total_ += v.size();
    out_.push_back(std::move(v));
  }

  // Assignments update variables; anything else is evaluated for strings.
  size_t Statement(size_t i) {
    if (t_[i].kind == Kind::kIdent && (IsPunct(i + 1, "=") ||
                                       IsPunct(i + 1, "+="))) {
      const std::string& name = t_[i].text;
      bool append = IsPunct(i + 1, "+=");
      Value v;
      size_t next = Expression(i + 2, 0, &v);
      Assign(name, append, v);
      return next;
    }
    Value v;
    return Expression(i, 0, &v);
  }

  void Assign(const std::string& name, bool append, const Value& v) {
    auto it = vars_.find(name);
    if (!v.known || (append && it == vars_.end())) {
      if (it != vars_.end()) vars_.erase(it);
      return;
    }
    std::string value = append ? it->second + v.s : v.s;
    bytes_ += value.size();
    if (value.size() > kMaxStringBytes || vars_.size() >= kMaxStrings) return;
    if (append) Emit(value);
    vars_[name] = std::move(value);
  }

  // primary ('+' primary)*; emits the result when it joined several pieces.
  size_t Expression(size_t i, int depth, Value* v) {
    size_t next = Primary(i, depth, v);
    if (next == i) return i;
    int pieces = 1;
    while (IsPunct(next, "+")) {
      Value rhs;
      size_t after = Primary(next + 1, depth, &rhs);
      if (after == next + 1) break;
      v->known = v->known && rhs.known;
      if (v->known && v->s.size() + rhs.s.size() <= kMaxStringBytes) {
        bytes_ += rhs.s.size();
        v->s += rhs.s;
      } else {
        v->known = false;
      }
      ++pieces;
      next = after;
    }
    if (pieces > 1 && v->known) Emit(v->s);
    return next;
  }

  size_t Primary(size_t i, int depth, Value* v) {
    if (i >= t_.size() || Spent()) return i;
    const Token& t = t_[i];
    size_t next = i + 1;
    if (t.kind == Kind::kString) {
      *v = {t.text, true};
      Emit(v->s);
    } else if (t.kind == Kind::kNumber) {
      *v = {t.text, true};
    } else if (t.kind == Kind::kIdent) {
      next = Identifier(i, depth, v);
    } else if (IsPunct(i, "(") && depth < kMaxDepth) {
      next = Expression(i + 1, depth + 1, v);
      if (IsPunct(next, ")")) ++next;
    } else {
      return i;
    }
    return Postfix(next, v);
  }

  // atob(...), unescape(...), String.fromCharCode(...), or a variable.
  size_t Identifier(size_t i, int depth, Value* v) {
    const std::string& name = t_[i].text;
    if ((name == "atob" || name == "unescape" ||
         name == "decodeURIComponent") &&
        IsPunct(i + 1, "(") && depth < kMaxDepth) {
      Value arg;
      size_t next = Expression(i + 2, depth + 1, &arg);
      if (IsPunct(next, ")")) ++next;
      *v = {};
      if (arg.known) {
        bytes_ += arg.s.size();
        if (name == "atob") {
          auto decoded = DecodeBase64(arg.s);
          if (decoded) *v = {std::move(*decoded), true};
        } else {
          *v = {PercentDecode(arg.s), true};
        }
        if (v->known) Emit(v->s);
      }
      return next;
    }
    if (name == "String" && IsPunct(i + 1, ".") &&
        IsIdent(i + 2, "fromCharCode") && IsPunct(i + 3, "(")) {
      return FromCharCode(i + 4, v);
    }
    auto it = vars_.find(name);
    *v = it == vars_.end() ? Value{} : Value{it->second, true};
    bytes_ += v->s.size();
    return i + 1;
  }

  // Numeric arguments up to ')'; `i` is just past '('.
  size_t FromCharCode(size_t i, Value* v) {
    *v = {"", true};
    while (i < t_.size() && !IsPunct(i, ")")) {
      long long code = 0;
      if (t_[i].kind == Kind::kNumber && ParseNonNegative(t_[i].text, &code) &&
          code <= 0x10FFFF) {
        AppendUtf8(static_cast<uint32_t>(code), &v->s);
      } else if (!IsPunct(i, ",")) {
        v->known = false;
      }
      ++i;
    }
    if (v->known) Emit(v->s);
    return i < t_.size() ? i + 1 : i;
  }

  // .split('').reverse().join('') reverses; other calls make it unknown.
  size_t Postfix(size_t i, Value* v) {
    if (!IsPunct(i, ".")) return i;
    if (IsIdent(i + 1, "split") && IsPunct(i + 2, "(") && IsEmptyString(i + 3) &&
        IsPunct(i + 4, ")") && IsPunct(i + 5, ".") &&
        IsIdent(i + 6, "reverse") && IsPunct(i + 7, "(") &&
        IsPunct(i + 8, ")") && IsPunct(i + 9, ".") && IsIdent(i + 10, "join") &&
        IsPunct(i + 11, "(") && IsEmptyString(i + 12) && IsPunct(i + 13, ")")) {
      bytes_ += v->s.size();
      std::reverse(v->s.begin(), v->s.end());
      if (v->known) Emit(v->s);
      return i + 14;
    }
    v->known = false;
    return i;
  }

  std::vector<Token> t_;
  std::unordered_map<std::string, std::string> vars_;
  std::vector<std::string> out_;
  std::unordered_set<std::string> seen_;
  size_t total_ = 0;
  size_t bytes_ = 0;  // work done, see ScriptWork
};

}  // namespace

std::optional<std::string> DecodeCloudflareEmail(std::string_view encoded) {
  size_t hash = encoded.find('#');
  if (hash != std::string_view::npos) {
    encoded.remove_prefix(hash + 1);
  } else if (encoded.find("email-protection") != std::string_view::npos) {
    return std::nullopt;
  }
  size_t n = 0;
  while (n < encoded.size() && HexDigitValue(encoded[n]) >= 0) ++n;
  // Key byte plus at least one byte; an odd digit count is malformed.
  if (n < 4 || n % 2 != 0) return std::nullopt;
  auto byte_at = [&](size_t k) {
    return HexDigitValue(encoded[2 * k]) * 16 + HexDigitValue(encoded[2 * k + 1]);
  };
  const int key = byte_at(0);
  std::string out;
  for (size_t k = 1; k < n / 2; ++k) {
    out.push_back(static_cast<char>(byte_at(k) ^ key));
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view b64) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t digits = 0;
  size_t padding = 0;
  for (char c : b64) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    int v = Base64Value(c);
    if (v < 0 || padding > 0) return std::nullopt;  // bad char or data after =
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    ++digits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (digits % 4 == 1 || padding > 2) return std::nullopt;
  if (padding > 0 && (digits + padding) % 4 != 0) return std::nullopt;
  return out;
}

std::vector<std::string> ScriptStrings(std::string_view script,
                                       ScriptWork* work) {
  std::vector<Token> tokens = Tokenizer(script).Run();
  const size_t token_count = tokens.size();
  Evaluator evaluator(std::move(tokens));
  std::vector<std::string> strings = evaluator.Run();
  if (work != nullptr) *work = {token_count, evaluator.bytes()};
  return strings;
}

}  // namespace domex::crawler
