#include "resolver/permute_data.h"

#include <algorithm>
#include <sstream>

#include "common/file.h"
#include "common/text.h"

namespace domex::resolver {
namespace {

// The meaningful lines of a seed file with their 1-based numbers.
std::vector<std::pair<int, std::string_view>> ContentLines(
    std::string_view text) {
  std::vector<std::pair<int, std::string_view>> lines;
  int number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++number;
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (!line.empty()) lines.emplace_back(number, line);
  }
  return lines;
}

Status LineError(int number, const std::string& what) {
  return Status::InvalidArgument("line " + std::to_string(number) + ": " +
                                 what);
}

bool IsWord(std::string_view s, bool allow_dots) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              (allow_dots && c == '.');
    if (!ok) return false;
  }
  return s.front() != '.' && s.back() != '.';
}

bool IsAlnum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// The code point `s` spells when it is exactly one well-formed UTF-8
// sequence (shortest form, no surrogate, at most U+10FFFF); -1 otherwise.
long SingleCodePoint(std::string_view s) {
  if (s.empty()) return -1;
  auto lead = static_cast<unsigned char>(s[0]);
  size_t len = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (len == 0 || len != s.size()) return -1;
  long cp = len == 1 ? lead : lead & (0x7F >> len);
  for (size_t i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  static const long kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kShortest[len] || cp > 0x10FFFF) return -1;
  if (cp >= 0xD800 && cp <= 0xDFFF) return -1;
  return cp;
}

// Splits on runs of spaces and tabs.
std::vector<std::string> Fields(std::string_view line) {
  std::vector<std::string> fields;
  std::istringstream in{std::string(line)};
  for (std::string f; in >> f;) fields.push_back(f);
  return fields;
}

// Adds the key at `col` of `row` to `keys` when there is one.
void AddKey(const std::string& row, long col, std::string* keys) {
  if (col >= 0 && col < static_cast<long>(row.size()))
    keys->push_back(row[col]);
}

std::string NeighboursOf(const std::vector<std::string>& rows, size_t r,
                         long c) {
  std::string keys;
  AddKey(rows[r], c - 1, &keys);
  AddKey(rows[r], c + 1, &keys);
  if (r > 0) {
    AddKey(rows[r - 1], c, &keys);
    AddKey(rows[r - 1], c + 1, &keys);
  }
  if (r + 1 < rows.size()) {
    AddKey(rows[r + 1], c - 1, &keys);
    AddKey(rows[r + 1], c, &keys);
  }
  return keys;
}

// Reads `path` and parses it, prefixing any error with the path.
template <typename T, typename Parser>
Status LoadInto(const std::string& path, Parser parse, T* out) {
  Result<std::string> text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  auto parsed = parse(*text);
  if (!parsed.ok()) {
    return Status::InvalidArgument(path + ": " + parsed.status().message());
  }
  *out = std::move(*parsed);
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ParseWordList(std::string_view text,
                                               bool allow_dots) {
  std::vector<std::string> words;
  for (auto [number, line] : ContentLines(text)) {
    if (!IsWord(line, allow_dots)) {
      return LineError(number,
                       "not a lowercase name: \"" + std::string(line) + "\"");
    }
    words.emplace_back(line);
  }
  return words;
}

Result<Keyboard> ParseKeyboard(std::string_view text) {
  std::vector<std::string> rows;
  for (auto [number, line] : ContentLines(text)) {
    if (!IsAlnum(line)) {
      return LineError(number, "a row holds only [a-z0-9] keys, no spaces");
    }
    rows.emplace_back(line);
  }
  if (rows.empty()) return Status::InvalidArgument("no rows of keys");
  Keyboard keyboard;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      keyboard[rows[r][c]] = NeighboursOf(rows, r, static_cast<long>(c));
    }
  }
  return keyboard;
}

Result<std::vector<HomoglyphPair>> ParseHomoglyphs(std::string_view text) {
  std::vector<HomoglyphPair> pairs;
  for (auto [number, line] : ContentLines(text)) {
    std::vector<std::string> f = Fields(line);
    if (f.size() != 2 || !IsAlnum(f[0]) || !IsAlnum(f[1]) || f[0] == f[1]) {
      return LineError(number, "expected two different [a-z0-9] strings");
    }
    pairs.emplace_back(f[0], f[1]);
  }
  return pairs;
}

Result<Confusables> ParseConfusables(std::string_view text) {
  Confusables confusables;
  for (auto [number, line] : ContentLines(text)) {
    std::vector<std::string> f = Fields(line);
    if (f.size() < 2 || f[0].size() != 1 || !IsAlnum(f[0])) {
      return LineError(number,
                       "expected an [a-z0-9] character and its look-alikes");
    }
    std::vector<std::string>& glyphs = confusables[f[0][0]];
    for (size_t i = 1; i < f.size(); ++i) {
      if (SingleCodePoint(f[i]) < 0x80) {
        return LineError(number,
                         "\"" + f[i] + "\" is not one non-ASCII code point");
      }
      if (std::find(glyphs.begin(), glyphs.end(), f[i]) != glyphs.end()) {
        return LineError(number, "\"" + f[i] + "\" listed twice for " + f[0]);
      }
      glyphs.push_back(f[i]);
    }
  }
  return confusables;
}

Result<CyrillicTwins> ParseCyrillicTwins(std::string_view text) {
  CyrillicTwins twins;
  for (auto [number, line] : ContentLines(text)) {
    std::vector<std::string> f = Fields(line);
    long cp = f.size() == 2 ? SingleCodePoint(f[1]) : -1;
    if (f.size() != 2 || f[0].size() != 1 || f[0][0] < 'a' || f[0][0] > 'z' ||
        cp < 0x400 || cp > 0x52F) {
      return LineError(number, "expected a letter a-z and one Cyrillic letter");
    }
    if (!twins.emplace(f[0][0], f[1]).second) {
      return LineError(number, "\"" + f[0] + "\" listed twice");
    }
  }
  return twins;
}

Result<SuffixSwaps> ParseSuffixSwaps(std::string_view text) {
  SuffixSwaps swaps;
  for (auto [number, line] : ContentLines(text)) {
    size_t colon = line.find(':');
    std::string from(Trim(line.substr(0, colon)));
    if (colon == std::string_view::npos || !IsWord(from, true)) {
      return LineError(number, "expected \"suffix: suffix ...\"");
    }
    std::vector<std::string> to = Fields(line.substr(colon + 1));
    for (const std::string& s : to) {
      if (!IsWord(s, true) || s == from) {
        return LineError(number, "bad replacement suffix \"" + s + "\"");
      }
    }
    if (to.empty()) return LineError(number, "no replacement suffixes");
    std::vector<std::string>& all = swaps[from];
    all.insert(all.end(), to.begin(), to.end());
  }
  return swaps;
}

Result<std::vector<std::string>> LoadWordList(const std::string& path,
                                              bool allow_dots) {
  std::vector<std::string> words;
  Status s = LoadInto(
      path,
      [allow_dots](std::string_view t) { return ParseWordList(t, allow_dots); },
      &words);
  if (!s.ok()) return s;
  return words;
}

Result<PermuteData> LoadPermuteData(const std::string& seeds_dir) {
  PermuteData data;
  auto words = [](std::string_view t) { return ParseWordList(t); };
  std::vector<std::string> tlds;
  Status s = LoadInto(seeds_dir + "/tlds.txt", words, &tlds);
  data.tlds.insert(tlds.begin(), tlds.end());
  for (const char* layout : {"qwerty", "qwertz", "azerty"}) {
    if (!s.ok()) break;
    Keyboard keyboard;
    s = LoadInto(seeds_dir + "/keyboards/" + layout + ".txt", ParseKeyboard,
                 &keyboard);
    data.keyboards.push_back(std::move(keyboard));
  }
  if (s.ok())
    s = LoadInto(seeds_dir + "/homoglyphs.txt", ParseHomoglyphs,
                 &data.homoglyphs);
  if (s.ok())
    s = LoadInto(seeds_dir + "/confusables.txt", ParseConfusables,
                 &data.confusables);
  if (s.ok())
    s = LoadInto(seeds_dir + "/cyrillic.txt", ParseCyrillicTwins,
                 &data.cyrillic);
  if (s.ok())
    s = LoadInto(seeds_dir + "/suffix_swaps.txt", ParseSuffixSwaps,
                 &data.suffix_swaps);
  if (s.ok())
    s = LoadInto(seeds_dir + "/abused_tlds.txt", words, &data.abused_tlds);
  if (s.ok())
    s = LoadInto(seeds_dir + "/dictionary.txt", words, &data.dictionary);
  if (!s.ok()) return s;
  return data;
}

}  // namespace domex::resolver
