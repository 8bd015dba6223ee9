#include "crawler/address.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "common/public_suffix.h"
#include "common/text.h"
#include "crawler/address_scan.h"

namespace domex::crawler {
namespace {

constexpr std::array<std::string_view, kFormCount> kFormNames = {
    "text",   "mailto",   "entity",     "percent",    "at-dot",  "split",
    "hidden", "reversed", "cloudflare", "javascript", "document",
};

constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxLabel = 63;
constexpr size_t kMaxAddress = 254;

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}
// Conservative local-part alphabet: what harvesters' regexes take, minus the
// quote characters that would glue a JS/HTML quote onto the address.
bool IsLocalChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-';
}
bool IsDomainChar(char c) { return IsAlnum(c) || c == '.' || c == '-'; }

bool ValidLocal(std::string_view local) {
  if (local.empty() || local.size() > kMaxLocal) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  return std::all_of(local.begin(), local.end(), IsLocalChar);
}

bool ValidLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabel) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return IsAlnum(c) || c == '-'; });
}

// "2x", "3x": the density suffix of retina image names ("logo@2x.png").
// Checked on its own because some file extensions are real TLDs (.zip, .mov).
bool IsRetinaLabel(std::string_view label) {
  if (label.size() < 2 || (label.back() != 'x' && label.back() != 'X')) {
    return false;
  }
  return std::all_of(label.begin(), label.end() - 1,
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool ValidDomain(std::string_view domain) {
  if (domain.empty()) return false;
  bool first = true;
  for (std::string_view label : Split(domain, '.')) {
    if (!ValidLabel(label)) return false;
    if (first && IsRetinaLabel(label)) return false;
    first = false;
  }
  return HasRegistrableDomain(domain);
}

// ---- non-ASCII neighbours ----

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Decodes the UTF-8 sequence at the start of `s` (loosely: overlongs and
// surrogates are not checked, this only classifies). False if malformed.
bool DecodeUtf8(std::string_view s, uint32_t* cp, size_t* len) {
  const auto b = static_cast<unsigned char>(s[0]);
  size_t n = 0;  // sequence length; 0 for a continuation or invalid lead
  if (b >= 0xC2) n = b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
  if (n == 0 || s.size() < n) return false;
  uint32_t v = b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if (!IsContinuation(s[k])) return false;
    v = (v << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  }
  *cp = v;
  *len = n;
  return true;
}

// The code point at `i` / ending just before `i`. A byte that is not valid
// UTF-8 is read as Latin-1: the likeliest cause is a mislabelled page.
uint32_t CodePointAt(std::string_view t, size_t i) {
  uint32_t cp = 0;
  size_t len = 0;
  if (DecodeUtf8(t.substr(i), &cp, &len)) return cp;
  return static_cast<unsigned char>(t[i]);
}
uint32_t CodePointBefore(std::string_view t, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && IsContinuation(t[j])) --j;
  uint32_t cp = 0;
  size_t len = 0;
  if (DecodeUtf8(t.substr(j, i - j), &cp, &len) && len == i - j) return cp;
  return static_cast<unsigned char>(t[i - 1]);
}

// Non-ASCII code points that end a word: Latin-1 punctuation and symbols
// (nbsp, « », ©, ×, ÷), General Punctuation through Misc Symbols and Arrows
// (spaces, dashes, quotes, …, ✉), CJK and fullwidth punctuation, the BOM,
// emoji (📧). Every other non-ASCII code point counts as a letter.
bool IsSeparatorCodePoint(uint32_t cp) {
  return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 ||
         (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF ||
         (cp >= 0x1F000 && cp <= 0x1FAFF);
}

// A non-ASCII letter touching a candidate means the address was cut out of
// a longer word ("émile@", "@school.indië"): ASCII letters and digits never
// get here, the local and domain runs would have taken them.
bool LetterBefore(std::string_view t, size_t i) {
  return i > 0 && static_cast<unsigned char>(t[i - 1]) >= 0x80 &&
         !IsSeparatorCodePoint(CodePointBefore(t, i));
}
bool LetterAt(std::string_view t, size_t i) {
  return i < t.size() && static_cast<unsigned char>(t[i]) >= 0x80 &&
         !IsSeparatorCodePoint(CodePointAt(t, i));
}

// A plain match in scanned text; `at` is the offset of its '@'.
struct RawMatch {
  std::string address;
  size_t begin, at, end;
};

// Finds every local@domain around each '@'. Linear: the local run scanned
// backwards from an '@' stops at the previous '@' at the latest, the domain
// run forwards at the next one, so each byte is visited at most twice by
// the runs, and their trimming and checking revisit only those bytes.
// `*steps` grows by the bytes visited, counted loop by loop.
std::vector<RawMatch> ScanCore(std::string_view text, size_t* steps) {
  std::vector<RawMatch> out;
  const size_t n = text.size();
  *steps += n;  // the finds of each next '@'
  for (size_t at = text.find('@'); at != std::string_view::npos;
       at = text.find('@', at + 1)) {
    size_t run_begin = at;
    while (run_begin > 0 && IsLocalChar(text[run_begin - 1])) --run_begin;
    size_t run_end = at + 1;
    while (run_end < n && IsDomainChar(text[run_end])) ++run_end;
    *steps += run_end - run_begin;
    // "a@b.in@c.in" is neither a@b.in nor b.in@c.in: skip chained '@'.
    if (run_begin > 0 && text[run_begin - 1] == '@') continue;
    if (run_end < n && text[run_end] == '@') continue;
    // Not a truncated "mile@school.in" out of "émile@school.in".
    if (LetterBefore(text, run_begin) || LetterAt(text, run_end)) continue;
    size_t begin = run_begin;
    while (begin < at && text[begin] == '.') ++begin;  // "...info@"
    size_t end = run_end;
    // Sentence punctuation after the domain: "mail info@school.in."
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) {
      --end;
    }
    *steps += (begin - run_begin) + (run_end - end);
    if (at - begin > kMaxLocal || end - begin > kMaxAddress) continue;
    *steps += end - begin;  // CanonicalAddress reads it once or twice
    auto canonical = CanonicalAddress(text.substr(begin, at - begin),
                                      text.substr(at + 1, end - at - 1));
    if (canonical) out.push_back({std::move(*canonical), begin, at, end});
  }
  return out;
}

// ---- spelled-out separators ----

enum TokenKind : uint8_t { kPlain, kStrongAt, kWeakAt, kDotToken };

// The text with "[at]"/" dot " etc. replaced by '@'/'.', remembering for
// each output byte where it came from and whether it was a token.
struct Normalized {
  std::string s;
  std::vector<uint8_t> kind;
  std::vector<size_t> src_begin, src_end;
  void Push(char c, uint8_t k, size_t b, size_t e) {
    s.push_back(c);
    kind.push_back(k);
    src_begin.push_back(b);
    src_end.push_back(e);
  }
  void Pop() {
    s.pop_back();
    kind.pop_back();
    src_begin.pop_back();
    src_end.pop_back();
  }
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Matches "at" or "dot" (any case) at `i`; returns its length or 0.
size_t MatchWord(std::string_view t, size_t i, bool* is_at) {
  if (StartsWithIgnoreCase(t.substr(i), "at")) {
    *is_at = true;
    return 2;
  }
  if (StartsWithIgnoreCase(t.substr(i), "dot")) {
    *is_at = false;
    return 3;
  }
  return 0;
}

size_t SkipBlanks(std::string_view t, size_t i, size_t max) {
  size_t j = i;
  while (j < t.size() && j - i < max && IsBlank(t[j])) ++j;
  return j;
}

// "[at]", "( dot )", "{AT}": returns the token length or 0.
size_t MatchBracketed(std::string_view t, size_t i, bool* is_at) {
  char open = t[i];
  char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : 0;
  if (close == 0) return 0;
  size_t j = SkipBlanks(t, i + 1, 3);
  size_t w = j < t.size() ? MatchWord(t, j, is_at) : 0;
  if (w == 0) return 0;
  j = SkipBlanks(t, j + w, 3);
  if (j >= t.size() || t[j] != close) return 0;
  return j + 1 - i;
}

// " at ", " AT ", " dot " at the start of a blank run: returns its length
// (blanks included) or 0. Sets *strong for the all-caps "AT".
size_t MatchBare(std::string_view t, size_t i, bool* is_at, bool* strong) {
  size_t j = SkipBlanks(t, i, 3);
  if (j == i || j >= t.size()) return 0;
  size_t w = MatchWord(t, j, is_at);
  if (w == 0) return 0;
  size_t k = SkipBlanks(t, j + w, 3);
  if (k == j + w || k >= t.size()) return 0;
  *strong = *is_at && t.substr(j, 2) == "AT";
  return k - i;
}

// Each position is looked at once, reading at most a bracketed token's
// few bytes ahead; `*steps` grows by one per position.
Normalized Normalize(std::string_view t, size_t* steps) {
  Normalized out;
  out.s.reserve(t.size());
  size_t i = 0;
  while (i < t.size()) {
    ++*steps;
    bool is_at = false;
    bool strong = true;
    size_t len = MatchBracketed(t, i, &is_at);
    // Bare words only at the start of a blank run keeps this linear.
    if (len == 0 && IsBlank(t[i]) && (i == 0 || !IsBlank(t[i - 1]))) {
      len = MatchBare(t, i, &is_at, &strong);
    }
    if (len == 0) {
      out.Push(t[i], kPlain, i, i + 1);
      ++i;
      continue;
    }
    while (!out.s.empty() && IsBlank(out.s.back())) out.Pop();
    uint8_t k = !is_at ? kDotToken : strong ? kStrongAt : kWeakAt;
    out.Push(is_at ? '@' : '.', k, i, i + len);
    i = SkipBlanks(t, i + len, 3);
  }
  return out;
}

// Decides whether a match in normalized text is really a spelled address.
bool AcceptSpelled(const Normalized& n, const RawMatch& m) {
  bool dot_token_in_domain = false;
  bool any_token = n.kind[m.at] != kPlain;
  for (size_t i = m.begin; i < m.end; ++i) {
    if (n.kind[i] == kDotToken) {
      any_token = true;
      if (i > m.at) dot_token_in_domain = true;
    }
  }
  if (!any_token) return false;  // a plain address: FindAddresses' job
  if (n.kind[m.at] != kWeakAt || dot_token_in_domain) return true;
  // A lowercase bare " at " before a real domain is usually English ("visit
  // us at www.school.in"); accept it only when the local part does not look
  // like a word ("john.doe at school.in").
  std::string_view local(n.s.data() + m.begin, m.at - m.begin);
  return local.find_first_of("._") != std::string_view::npos;
}

template <typename Spans>
std::vector<std::string> UniqueAddresses(const Spans& spans) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& s : spans) {
    if (seen.insert(s.address).second) out.push_back(s.address);
  }
  return out;
}

}  // namespace

namespace internal {

std::vector<AddressSpan> ScanAddresses(std::string_view text, size_t* steps) {
  size_t ignored = 0;
  std::vector<AddressSpan> out;
  for (RawMatch& m : ScanCore(text, steps != nullptr ? steps : &ignored)) {
    out.push_back({std::move(m.address), m.begin, m.end});
  }
  return out;
}

std::vector<AddressSpan> ScanAtDotAddresses(std::string_view text,
                                            size_t* steps) {
  size_t ignored = 0;
  if (steps == nullptr) steps = &ignored;
  std::vector<AddressSpan> out;
  if (text.empty()) return out;
  Normalized n = Normalize(text, steps);
  for (RawMatch& m : ScanCore(n.s, steps)) {
    if (!AcceptSpelled(n, m)) continue;
    out.push_back({std::move(m.address), n.src_begin[m.begin],
                   n.src_end[m.end - 1]});
  }
  return out;
}

}  // namespace internal

std::string_view FormName(Form form) {
  return kFormNames[static_cast<size_t>(form)];
}

std::optional<Form> FormFromName(std::string_view name) {
  for (size_t i = 0; i < kFormNames.size(); ++i) {
    if (kFormNames[i] == name) return static_cast<Form>(i);
  }
  return std::nullopt;
}

std::vector<std::string> FormNames(FormSet set) {
  std::vector<std::string> out;
  for (int i = 0; i < kFormCount; ++i) {
    if (set & FormBit(static_cast<Form>(i))) {
      out.emplace_back(kFormNames[static_cast<size_t>(i)]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> CanonicalAddress(std::string_view local,
                                            std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (local.size() + 1 + domain.size() > kMaxAddress) return std::nullopt;
  if (!ValidLocal(local) || !ValidDomain(domain)) return std::nullopt;
  std::string out(local);
  out.push_back('@');
  out += AsciiLower(domain);
  return out;
}

std::vector<std::string> FindAddresses(std::string_view text) {
  return UniqueAddresses(internal::ScanAddresses(text));
}

std::vector<std::string> FindAtDotAddresses(std::string_view text) {
  return UniqueAddresses(internal::ScanAtDotAddresses(text));
}

void MergeFindings(std::vector<Finding>* into,
                   const std::vector<Finding>& more) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < into->size(); ++i) index[(*into)[i].address] = i;
  for (const Finding& f : more) {
    auto [it, inserted] = index.emplace(f.address, into->size());
    if (inserted) {
      into->push_back(f);
    } else {
      (*into)[it->second].forms |= f.forms;
    }
  }
}

}  // namespace domex::crawler
