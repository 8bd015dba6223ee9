// The tables the lookalike generator draws on, and their parsers.
//
// Everything lives in plain text files under seeds/resolver/ (README.md
// there names each source). Parsers take the text and are pure; only
// LoadPermuteData touches the disk. In all files '#' starts a comment and
// blank lines are ignored.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace domex::resolver {

// Key -> the keys around it on one keyboard layout.
using Keyboard = std::map<char, std::string>;
// Two strings that look alike; each may stand for the other.
using HomoglyphPair = std::pair<std::string, std::string>;
// ASCII letter or digit -> Unicode look-alikes that may stand for it, one
// code point (UTF-8) each; swaps go one way, ASCII to Unicode.
using Confusables = std::map<char, std::vector<std::string>>;
// Latin letter -> the Cyrillic letter (UTF-8) that passes for it.
using CyrillicTwins = std::map<char, std::string>;
// Public suffix -> suffixes a reader could take it for.
using SuffixSwaps = std::map<std::string, std::vector<std::string>>;

struct PermuteData {
  std::set<std::string> tlds;  // delegated TLDs, lowercase ASCII
  std::vector<Keyboard> keyboards;
  std::vector<HomoglyphPair> homoglyphs;
  Confusables confusables;
  CyrillicTwins cyrillic;
  SuffixSwaps suffix_swaps;
  std::vector<std::string> abused_tlds;
  std::vector<std::string> dictionary;  // words for the dictionary fuzzer
};

// One lowercase LDH word ([a-z0-9-], dots allowed when `allow_dots`) a line.
Result<std::vector<std::string>> ParseWordList(std::string_view text,
                                               bool allow_dots = false);
// Rows of keys, top row first, one row a line without spaces. Each row is
// taken to sit half a key right of the row above (the usual stagger), so the
// key at column c touches columns c and c+1 above and c-1 and c below.
Result<Keyboard> ParseKeyboard(std::string_view text);
// "a b" a line: two different [a-z0-9] strings.
Result<std::vector<HomoglyphPair>> ParseHomoglyphs(std::string_view text);
// "c x y ..." a line: one [a-z0-9] character, then one or more look-alikes,
// each a single non-ASCII code point in UTF-8. Lines for one character
// merge; a look-alike listed twice for the same character is an error.
Result<Confusables> ParseConfusables(std::string_view text);
// "a а" a line: a letter a-z and one Cyrillic code point (U+0400-U+052F);
// each letter at most once.
Result<CyrillicTwins> ParseCyrillicTwins(std::string_view text);
// "from: to to ..." a line; every name is a lowercase dotted LDH suffix.
Result<SuffixSwaps> ParseSuffixSwaps(std::string_view text);

// Reads `path` (a word list as ParseWordList takes it); errors name the
// file, and its line when the content is at fault.
Result<std::vector<std::string>> LoadWordList(const std::string& path,
                                              bool allow_dots = false);

// Reads tlds.txt, keyboards/{qwerty,qwertz,azerty}.txt, homoglyphs.txt,
// confusables.txt, cyrillic.txt, suffix_swaps.txt, abused_tlds.txt and
// dictionary.txt from `seeds_dir`
// (normally <repo>/seeds/resolver). Errors name the file and line.
Result<PermuteData> LoadPermuteData(const std::string& seeds_dir);

}  // namespace domex::resolver
