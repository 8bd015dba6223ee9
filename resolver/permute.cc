#include "resolver/permute.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace domex::resolver {
namespace {

using Names = std::vector<std::string>;

const std::string kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
const std::string kLetters = "abcdefghijklmnopqrstuvwxyz";
const std::string kVowels = "aeiou";

// Homoglyph swaps compound; a long label of one repeated letter would give
// millions of names. Real labels give a few hundred ASCII ones; with Unicode,
// a few thousand for 5-6 letters and 110,000 for "kendriyavidyalaya" (17),
// about twice what dnstwist makes. The caps bound hostile input and trim
// the longest real labels. They are apart so that Unicode names, far more
// numerous, never crowd out ASCII ones.
constexpr size_t kMaxHomoglyphs = 20000;
constexpr size_t kMaxUnicodeHomoglyphs = 150000;

bool IsLdh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool HasNonAscii(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

// Every neighbour of `c` on any layout; duplicates are harmless because
// callers collect into sets.
std::string NeighboursOf(char c, const PermuteData& data) {
  std::string keys;
  for (const Keyboard& keyboard : data.keyboards) {
    auto it = keyboard.find(c);
    if (it != keyboard.end()) keys += it->second;
  }
  return keys;
}

std::string Replace(const std::string& s, size_t i, size_t len,
                    const std::string& with) {
  return s.substr(0, i) + with + s.substr(i + len);
}

Names Addition(const std::string& label, const PermuteData&) {
  Names out;
  for (char c : kAlnum) out.push_back(label + c);
  return out;
}

Names BitFlips(const std::string& s) {
  Names out;
  for (size_t i = 0; i < s.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      char flipped = static_cast<char>(s[i] ^ (1 << bit));
      if (IsLdh(flipped)) out.push_back(Replace(s, i, 1, {flipped}));
    }
  }
  return out;
}

Names Bitsquatting(const std::string& label, const PermuteData&) {
  return BitFlips(label);
}

Names Dictionary(const std::string& label, const PermuteData& data) {
  Names out;
  for (const std::string& word : data.dictionary) {
    if (word == label) continue;
    out.insert(out.end(), {label + word, label + "-" + word, word + label,
                           word + "-" + label});
  }
  return out;
}

// Where `from` occurs in `s`, left to right, without overlaps.
std::vector<size_t> Occurrences(const std::string& s, const std::string& from) {
  std::vector<size_t> at;
  for (size_t i = s.find(from); i != std::string::npos;
       i = s.find(from, i + from.size())) {
    at.push_back(i);
  }
  return at;
}

// Replaces occurrences first..last (indexes into `at`) of `from` by `to`:
// a look-alike run such as "delhi" -> "de11hi" is read at one glance.
std::string ReplaceRun(const std::string& s, const std::vector<size_t>& at,
                       size_t first, size_t last, const std::string& from,
                       const std::string& to) {
  std::string out = s;
  for (size_t k = last + 1; k-- > first;) {
    out = Replace(out, at[k], from.size(), to);
  }
  return out;
}

// One-way homoglyph swap: `first` may be written as `second`.
using Swap = std::pair<std::string, std::string>;
using Swaps = std::vector<Swap>;

Swaps AsciiSwaps(const PermuteData& data) {
  Swaps swaps;
  for (const HomoglyphPair& pair : data.homoglyphs) {
    swaps.emplace_back(pair.first, pair.second);
    swaps.emplace_back(pair.second, pair.first);
  }
  return swaps;
}

Swaps UnicodeSwaps(const PermuteData& data) {
  Swaps swaps;
  for (const auto& [c, glyphs] : data.confusables) {
    for (const std::string& glyph : glyphs) {
      swaps.emplace_back(std::string{c}, glyph);
    }
  }
  return swaps;
}

// Every swap on every run of occurrences, into `out` while it holds fewer
// than `cap` names. The swaps' `first` strings are ASCII, and an ASCII byte
// never occurs inside a UTF-8 sequence, so byte offsets are safe.
void SwapGlyphs(const std::string& s, const Swaps& swaps, size_t cap,
                std::set<std::string>* out) {
  for (const auto& [from, to] : swaps) {
    if (out->size() >= cap) return;
    std::vector<size_t> at = Occurrences(s, from);
    for (size_t first = 0; first < at.size(); ++first) {
      for (size_t last = first; last < at.size(); ++last) {
        if (out->size() >= cap) return;
        out->insert(ReplaceRun(s, at, first, last, from, to));
      }
    }
  }
}

// Up to two swaps, because "clelhi" (d->cl, l->1 in one name) still reads as
// "delhi", as do "dełhì" and "cłełhi". dnstwist does the same: its homoglyph
// fuzzer runs two rounds.
Names Homoglyph(const std::string& label, const PermuteData& data) {
  Swaps ascii = AsciiSwaps(data);
  Swaps unicode = UnicodeSwaps(data);
  Swaps both = ascii;
  both.insert(both.end(), unicode.begin(), unicode.end());

  std::set<std::string> ascii_once;
  SwapGlyphs(label, ascii, kMaxHomoglyphs, &ascii_once);
  std::set<std::string> all = ascii_once;
  for (const std::string& s : ascii_once) {
    SwapGlyphs(s, ascii, kMaxHomoglyphs, &all);
  }
  // Every name below holds a Unicode glyph: ASCII swaps match ASCII only.
  std::set<std::string> unicode_once;
  SwapGlyphs(label, unicode, kMaxUnicodeHomoglyphs, &unicode_once);
  std::set<std::string> unicode_all = unicode_once;
  for (const std::string& s : unicode_once) {
    SwapGlyphs(s, both, kMaxUnicodeHomoglyphs, &unicode_all);
  }
  for (const std::string& s : ascii_once) {
    SwapGlyphs(s, unicode, kMaxUnicodeHomoglyphs, &unicode_all);
  }
  all.insert(unicode_all.begin(), unicode_all.end());
  return Names(all.begin(), all.end());
}

// The whole label in Cyrillic, or nothing when a character has no twin:
// a label mixing scripts is the homoglyph fuzzer's.
Names Cyrillic(const std::string& label, const PermuteData& data) {
  std::string cyrillic;
  for (char c : label) {
    auto it = data.cyrillic.find(c);
    if (it == data.cyrillic.end()) return {};
    cyrillic += it->second;
  }
  return {cyrillic};
}

Names Hyphenation(const std::string& label, const PermuteData&) {
  Names out;
  for (size_t i = 1; i < label.size(); ++i) out.push_back(Replace(label, i, 0, "-"));
  return out;
}

Names Insertion(const std::string& label, const PermuteData& data) {
  Names out;
  for (size_t i = 0; i < label.size(); ++i) {
    for (char k : NeighboursOf(label[i], data)) {
      out.push_back(Replace(label, i, 0, {k}));
      out.push_back(Replace(label, i + 1, 0, {k}));
    }
  }
  return out;
}

Names Omission(const std::string& label, const PermuteData&) {
  Names out;
  for (size_t i = 0; i < label.size(); ++i) out.push_back(Replace(label, i, 1, ""));
  return out;
}

Names Plural(const std::string& label, const PermuteData&) {
  bool has_s = label.back() == 's';
  Names out = {label + (has_s ? "es" : "s")};
  if (has_s) out.push_back(label.substr(0, label.size() - 1));
  if (label.size() > 2 && label.compare(label.size() - 2, 2, "es") == 0) {
    out.push_back(label.substr(0, label.size() - 2));
  }
  return out;
}

Names Repetition(const std::string& label, const PermuteData&) {
  Names out;
  for (size_t i = 0; i < label.size(); ++i) {
    out.push_back(Replace(label, i, 0, {label[i]}));
  }
  return out;
}

Names KeyboardReplacements(const std::string& s, const PermuteData& data) {
  Names out;
  for (size_t i = 0; i < s.size(); ++i) {
    for (char k : NeighboursOf(s[i], data)) out.push_back(Replace(s, i, 1, {k}));
  }
  return out;
}

Names Subdomain(const std::string& label, const PermuteData&) {
  Names out;
  for (size_t i = 1; i < label.size(); ++i) out.push_back(Replace(label, i, 0, "."));
  return out;
}

Names Transpositions(const std::string& s) {
  Names out;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    out.push_back(Replace(s, i, 2, {s[i + 1], s[i]}));
  }
  return out;
}

Names Transposition(const std::string& label, const PermuteData&) {
  return Transpositions(label);
}

Names VowelSwap(const std::string& label, const PermuteData&) {
  Names out;
  for (size_t i = 0; i < label.size(); ++i) {
    if (kVowels.find(label[i]) == std::string::npos) continue;
    for (char v : kVowels) out.push_back(Replace(label, i, 1, {v}));
  }
  return out;
}

struct LabelFuzzer {
  const char* name;
  Names (*make)(const std::string& label, const PermuteData& data);
};

const LabelFuzzer kLabelFuzzers[] = {
    {"addition", Addition},         {"bitsquatting", Bitsquatting},
    {"cyrillic", Cyrillic},         {"dictionary", Dictionary},
    {"homoglyph", Homoglyph},       {"hyphenation", Hyphenation},
    {"insertion", Insertion},       {"omission", Omission},
    {"plural", Plural},             {"repetition", Repetition},
    {"replacement", KeyboardReplacements},
    {"subdomain", Subdomain},       {"transposition", Transposition},
    {"vowel-swap", VowelSwap},
};

// TLDs reserved so that no name under them is ever registered in the public
// DNS: RFC 6761 §6 (test, localhost, invalid, example, and arpa's
// infrastructure role, RFC 3172), RFC 6762 (local), RFC 7686 (onion) and
// RFC 9476 (alt). A lookalike there can never exist, and c-ares may answer
// for some of them itself without asking a server.
bool UnderSpecialUseTld(const std::string& domain) {
  static const std::set<std::string> kSpecialUse = {
      "alt",   "arpa",      "example", "invalid",
      "local", "localhost", "onion",   "test"};
  std::string tld = domain.substr(domain.rfind('.') + 1);  // npos + 1 == 0
  std::transform(tld.begin(), tld.end(), tld.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return kSpecialUse.count(tld) > 0;
}

// Gathers names, dropping invalid ones, those under a special-use TLD and
// the original; a name with a non-ASCII character is kept under its A-labels
// when it is IDNA2008, and an xn-- name that decodes (a typo of an IDN input)
// gets its Unicode form.
class Collector {
 public:
  explicit Collector(std::string original) : original_(std::move(original)) {}

  void Add(const std::string& name, const char* fuzzer) {
    if (!HasNonAscii(name)) {
      Result<std::string> unicode = name.find("xn--") == std::string::npos
                                        ? Result<std::string>(name)
                                        : FromIdnaAscii(name);
      Keep(name, unicode.ok() && *unicode != name ? *unicode : "", fuzzer);
      return;
    }
    Result<std::string> ascii = ToIdnaAscii(name);
    if (ascii.ok()) Keep(*ascii, name, fuzzer);
  }

  std::vector<Candidate> Take() {
    std::vector<Candidate> out;
    for (auto& [domain, found] : found_) {
      Names fuzzers(found.fuzzers.begin(), found.fuzzers.end());
      out.push_back({domain, std::move(fuzzers), found.unicode});
    }
    return out;
  }

 private:
  struct Found {
    std::set<std::string> fuzzers;
    std::string unicode;
  };

  void Keep(const std::string& domain, const std::string& unicode,
            const char* fuzzer) {
    if (domain == original_ || !IsValidHostName(domain) ||
        UnderSpecialUseTld(domain)) {
      return;
    }
    Found& found = found_[domain];
    found.fuzzers.insert(fuzzer);
    if (!unicode.empty()) found.unicode = unicode;
  }

  std::string original_;
  std::map<std::string, Found> found_;
};

std::string LastLabel(const std::string& suffix) {
  return suffix.substr(suffix.rfind('.') + 1);  // npos + 1 == 0
}

// Everything but the last label, with its dot: "edu." for "edu.in".
std::string SuffixHead(const std::string& suffix) {
  return suffix.substr(0, suffix.size() - LastLabel(suffix).size());
}

std::string WithoutDots(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
  return s;
}

void Various(const DomainParts& p, Collector* c) {
  std::string flat = WithoutDots(p.suffix);
  std::string last = LastLabel(p.suffix);
  if (p.suffix != "com") {
    c->Add(p.label + "-" + flat + ".com", "various");
    c->Add(p.label + flat + ".com", "various");
  }
  if (p.suffix == last) {
    c->Add(p.label + flat + "." + last, "various");
    return;
  }
  std::string head = WithoutDots(SuffixHead(p.suffix));
  c->Add(p.label + head + "." + last, "various");
  // The second-level label dropped: delhi.edu.in -> delhi.in.
  c->Add(p.label + "." + p.suffix.substr(p.suffix.find('.') + 1), "various");
}

// Typos of a TLD: omission, insertion, transposition, keyboard slips, flips.
std::set<std::string> TldTypos(const std::string& tld, const PermuteData& d) {
  Names all = BitFlips(tld);
  for (const Names& more : {Omission(tld, d), Transpositions(tld),
                            KeyboardReplacements(tld, d)}) {
    all.insert(all.end(), more.begin(), more.end());
  }
  for (size_t i = 0; i <= tld.size(); ++i) {
    for (char c : kLetters) all.push_back(Replace(tld, i, 0, {c}));
  }
  return std::set<std::string>(all.begin(), all.end());
}

void TldTypo(const DomainParts& p, const PermuteData& data, Collector* c) {
  std::string last = LastLabel(p.suffix);
  for (const std::string& typo : TldTypos(last, data)) {
    if (typo != last && data.tlds.count(typo)) {
      c->Add(p.label + "." + SuffixHead(p.suffix) + typo, "tld-typo");
    }
  }
}

void SuffixSwap(const DomainParts& p, const PermuteData& data, Collector* c) {
  auto it = data.suffix_swaps.find(p.suffix);
  if (it != data.suffix_swaps.end()) {
    for (const std::string& s : it->second) c->Add(p.label + "." + s, "suffix-swap");
  }
  for (const std::string& tld : data.abused_tlds) {
    c->Add(p.label + "." + tld, "suffix-swap");
  }
}

}  // namespace

std::vector<Candidate> Permute(const DomainParts& parts,
                               const PermuteData& data) {
  if (parts.label.empty() || parts.suffix.empty()) return {};
  Collector collector(parts.label + "." + parts.suffix);
  for (const LabelFuzzer& fuzzer : kLabelFuzzers) {
    for (const std::string& label : fuzzer.make(parts.label, data)) {
      collector.Add(label + "." + parts.suffix, fuzzer.name);
    }
  }
  Various(parts, &collector);
  TldTypo(parts, data, &collector);
  SuffixSwap(parts, data, &collector);
  return collector.Take();
}

}  // namespace domex::resolver
