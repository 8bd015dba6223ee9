// RenderScanHtml: the scan report as one self-contained HTML page with
// inline SVG charts. The page runs no script and fetches nothing: its CSP
// forbids every load except inline style (and data: images, unused), so
// even a string that slipped through escaping could not load anything.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "common/text.h"
#include "reports/json.h"
#include "reports/lookalike_report.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {

// Pure helpers of the lookalike cells, outside the anonymous namespace so
// scan_html_test.cc can test them as a table (it declares them itself:
// scan_view.h is shared with the other renderers).
namespace html_internal {

// Which code points an edit script from `from` to `to` touches.
struct NameDiff {
  std::vector<bool> from_changed, to_changed;
};
std::u32string CodePoints(const std::string& s);  // U+FFFD for bad bytes
NameDiff DiffCodePoints(const std::u32string& from, const std::u32string& to);
std::string CodePointName(char32_t c);  // "U+0430 CYRILLIC SMALL LETTER A"
std::string MarkedName(const std::u32string& name,
                       const std::vector<bool>& changed);

}  // namespace html_internal

namespace {

using store::LookalikeRecord;
using store::ScanRecord;

constexpr size_t kRowsShown = 200;
constexpr size_t kPagesShown = 5;
constexpr size_t kPagesToFixAddresses = 10;  // per page in "Pages to fix"
constexpr size_t kFailedShown = 100;
constexpr size_t kScansShown = 60;
constexpr size_t kErrorsShown = 20;
constexpr size_t kBarsShown = 12;
constexpr size_t kTrendScans = 60;
constexpr size_t kLabelChars = 28;
constexpr size_t kMaxNameChars = 253;

// Chart colours (the Chromium test looks for them in the screenshot).
constexpr char kFormColor[] = "#2f6db5";
constexpr char kSiteColor[] = "#2f9e6e";
constexpr char kMailColor[] = "#8a3fb5";
constexpr char kTrendAddressColor[] = "#1b4f8a";
constexpr char kTrendLookalikeColor[] = "#c0392b";

constexpr char kStyle[] =
    "body{font-family:sans-serif;color:#1a1a1a;line-height:1.4;"
    "max-width:75em;margin:1.5em auto;padding:0 1em}"
    "h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-size:.9em}"
    "th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;"
    "vertical-align:top}"
    "th{background:#f2f2f2}"
    "code{font-family:monospace}code.url{overflow-wrap:anywhere}"
    ".label{white-space:nowrap}.cp{font-size:.85em;color:#444}"
    ".mail{color:#a3001b;font-weight:bold}"
    ".action{background:#fff5e6;border-left:4px solid #d9822b;"
    "padding:.2em 1em .5em}"
    ".new,.changed{color:#a3001b;font-weight:bold}.gone{color:#666}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}"
    "figure{margin:0;border:1px solid #ddd;padding:.5em}"
    "figcaption{font-weight:bold;margin-bottom:.3em}"
    ".legend{margin:.3em 0 0;padding-left:1.2em;font-size:.85em;"
    "max-width:36em}"
    ".more{color:#555;font-style:italic}";

// HTML text and attribute escaping: markup characters become entities;
// controls, C1 controls, bytes that are not UTF-8 and the invisible
// characters that reorder or hide text (terminal_text.h) become U+FFFD.
std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      switch (s[i]) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7f) {
            out += "\xef\xbf\xbd";
          } else {
            out += s[i];
          }
      }
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    const bool c1 =
        n == 2 && b == 0xc2 && static_cast<uint8_t>(s[i + 1]) < 0xa0;
    if (n == 0 || c1 || HidesOrReordersText(s, i, n)) {
      out += "\xef\xbf\xbd";
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(s, i, n);
    i += n;
  }
  return out;
}

std::string Code(const std::string& s) { return "<code>" + Esc(s) + "</code>"; }

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
  return out;
}

// A link only to http(s) URLs with nothing a browser would strip or
// reinterpret; anything else (javascript:, data:, ...) stays text.
// URLs are the only text that may break anywhere: they are long and
// nobody reads them as words.
std::string UrlCode(const std::string& url) {
  return "<code class=\"url\">" + Esc(url) + "</code>";
}

bool Linkable(const std::string& url) {
  if (!StartsWithIgnoreCase(url, "http://") &&
      !StartsWithIgnoreCase(url, "https://")) {
    return false;
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string Url(const std::string& url) {
  if (!Linkable(url)) return UrlCode(url);
  return "<a href=\"" + Esc(url) + "\" rel=\"noopener noreferrer nofollow\">" +
         UrlCode(url) + "</a>";
}

// At most `cap` of `v`, each as `cell` renders it, one per line.
std::string Lines(const std::vector<std::string>& v, size_t cap,
                  std::string (*cell)(const std::string&)) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < cap; ++i) {
    if (i > 0) out += "<br>";
    out += cell(v[i]);
  }
  if (v.size() > cap) {
    out += "<br><span class=\"more\">+" + std::to_string(v.size() - cap) +
           " more</span>";
  }
  return out;
}

std::string Urls(const std::vector<std::string>& urls, size_t cap) {
  return Lines(urls, cap, Url);
}

std::string Texts(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += Esc(v[i]);
  }
  return out;
}

std::string Status(ItemStatus s) {
  const std::string name = ItemStatusName(s);
  return "<td class=\"" + name + "\">" + name + "</td>";
}

std::string Cells(const std::vector<std::string>& cells) {
  std::string out = "<tr>";
  for (const std::string& c : cells) {
    // A cell that starts with "<td" is already one (status cells).
    out += c.compare(0, 3, "<td") == 0 ? c : "<td>" + c + "</td>";
  }
  return out + "</tr>\n";
}

// A table of at most `cap` items (cells already escaped), then a line
// counting the rest.
template <typename T, typename F>
std::string Table(const std::vector<std::string>& head,
                  const std::vector<T>& items, F row, size_t cap = kRowsShown) {
  std::string out = "<table>\n<tr>";
  // Explicit scope: each heading names its column, also to readers that do
  // not infer it.
  for (const std::string& h : head) out += "<th scope=\"col\">" + h + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < items.size() && i < cap; ++i) {
    out += Cells(row(*items[i]));
  }
  out += "</table>\n";
  if (items.size() > cap) {
    out += "<p class=\"more\">... and " + std::to_string(items.size() - cap) +
           " more (all are in the JSON and CSV reports)</p>\n";
  }
  return out;
}

}  // namespace

// ---- Lookalike names -------------------------------------------------------
//
// A lookalike is read against its origin: the cell marks the characters
// that differ, never breaks inside a label (a label cut in two reads as two
// names), and names each unusual character, since a Cyrillic "а" looks
// exactly like the Latin one it replaces.

namespace html_internal {

std::u32string CodePoints(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const size_t n =
        static_cast<uint8_t>(s[i]) < 0x80 ? 1 : Utf8SequenceLength(s, i);
    if (n == 0) {
      out += U'\ufffd';
      ++i;
      continue;
    }
    char32_t c = n == 1 ? static_cast<uint8_t>(s[i])
                        : static_cast<uint8_t>(s[i]) & (0xff >> (n + 1));
    for (size_t k = 1; k < n; ++k) {
      c = c << 6 | (static_cast<uint8_t>(s[i + k]) & 0x3f);
    }
    out += c;
    i += n;
  }
  return out;
}

// Marks the code points of `from` and of `to` outside one longest common
// subsequence: what an edit from one to the other deletes or inserts (a
// replaced character is both). Quadratic, fine for names of at most 253.
NameDiff DiffCodePoints(const std::u32string& from, const std::u32string& to) {
  const size_t n = from.size(), m = to.size();
  // A DNS name has at most 253 characters; anything longer did not come
  // from DNS and is shown unmarked rather than costing quadratic memory.
  if (n > kMaxNameChars || m > kMaxNameChars) {
    return {std::vector<bool>(n, false), std::vector<bool>(m, false)};
  }
  // lcs[i][j]: the LCS length of from[i..] and to[j..].
  std::vector<std::vector<uint16_t>> lcs(n + 1,
                                         std::vector<uint16_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = from[i] == to[j] ? lcs[i + 1][j + 1] + 1
                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  NameDiff diff{std::vector<bool>(n, true), std::vector<bool>(m, true)};
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (from[i] == to[j]) {
      diff.from_changed[i++] = false;
      diff.to_changed[j++] = false;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return diff;
}

// Names of the non-ASCII characters the homoglyph and cyrillic fuzzers
// write (seeds/resolver/{confusables,cyrillic,homoglyphs}.txt), from
// Unicode's UnicodeData.txt; scan_html_test checks the table covers them.
constexpr std::pair<char32_t, const char*> kCharacterNames[] = {
    {0x00E0, "LATIN SMALL LETTER A WITH GRAVE"},
    {0x00E1, "LATIN SMALL LETTER A WITH ACUTE"},
    {0x00E2, "LATIN SMALL LETTER A WITH CIRCUMFLEX"},
    {0x00E3, "LATIN SMALL LETTER A WITH TILDE"},
    {0x00E4, "LATIN SMALL LETTER A WITH DIAERESIS"},
    {0x00E5, "LATIN SMALL LETTER A WITH RING ABOVE"},
    {0x00E7, "LATIN SMALL LETTER C WITH CEDILLA"},
    {0x00E8, "LATIN SMALL LETTER E WITH GRAVE"},
    {0x00E9, "LATIN SMALL LETTER E WITH ACUTE"},
    {0x00EA, "LATIN SMALL LETTER E WITH CIRCUMFLEX"},
    {0x00EB, "LATIN SMALL LETTER E WITH DIAERESIS"},
    {0x00EC, "LATIN SMALL LETTER I WITH GRAVE"},
    {0x00ED, "LATIN SMALL LETTER I WITH ACUTE"},
    {0x00EE, "LATIN SMALL LETTER I WITH CIRCUMFLEX"},
    {0x00EF, "LATIN SMALL LETTER I WITH DIAERESIS"},
    {0x00F1, "LATIN SMALL LETTER N WITH TILDE"},
    {0x00F2, "LATIN SMALL LETTER O WITH GRAVE"},
    {0x00F3, "LATIN SMALL LETTER O WITH ACUTE"},
    {0x00F4, "LATIN SMALL LETTER O WITH CIRCUMFLEX"},
    {0x00F5, "LATIN SMALL LETTER O WITH TILDE"},
    {0x00F6, "LATIN SMALL LETTER O WITH DIAERESIS"},
    {0x00F9, "LATIN SMALL LETTER U WITH GRAVE"},
    {0x00FA, "LATIN SMALL LETTER U WITH ACUTE"},
    {0x00FB, "LATIN SMALL LETTER U WITH CIRCUMFLEX"},
    {0x00FC, "LATIN SMALL LETTER U WITH DIAERESIS"},
    {0x00FD, "LATIN SMALL LETTER Y WITH ACUTE"},
    {0x00FF, "LATIN SMALL LETTER Y WITH DIAERESIS"},
    {0x0101, "LATIN SMALL LETTER A WITH MACRON"},
    {0x0103, "LATIN SMALL LETTER A WITH BREVE"},
    {0x0105, "LATIN SMALL LETTER A WITH OGONEK"},
    {0x0107, "LATIN SMALL LETTER C WITH ACUTE"},
    {0x0109, "LATIN SMALL LETTER C WITH CIRCUMFLEX"},
    {0x010B, "LATIN SMALL LETTER C WITH DOT ABOVE"},
    {0x010D, "LATIN SMALL LETTER C WITH CARON"},
    {0x010F, "LATIN SMALL LETTER D WITH CARON"},
    {0x0111, "LATIN SMALL LETTER D WITH STROKE"},
    {0x0113, "LATIN SMALL LETTER E WITH MACRON"},
    {0x0115, "LATIN SMALL LETTER E WITH BREVE"},
    {0x0117, "LATIN SMALL LETTER E WITH DOT ABOVE"},
    {0x0119, "LATIN SMALL LETTER E WITH OGONEK"},
    {0x011B, "LATIN SMALL LETTER E WITH CARON"},
    {0x011D, "LATIN SMALL LETTER G WITH CIRCUMFLEX"},
    {0x011F, "LATIN SMALL LETTER G WITH BREVE"},
    {0x0121, "LATIN SMALL LETTER G WITH DOT ABOVE"},
    {0x0123, "LATIN SMALL LETTER G WITH CEDILLA"},
    {0x0125, "LATIN SMALL LETTER H WITH CIRCUMFLEX"},
    {0x0127, "LATIN SMALL LETTER H WITH STROKE"},
    {0x0129, "LATIN SMALL LETTER I WITH TILDE"},
    {0x012B, "LATIN SMALL LETTER I WITH MACRON"},
    {0x012D, "LATIN SMALL LETTER I WITH BREVE"},
    {0x012F, "LATIN SMALL LETTER I WITH OGONEK"},
    {0x0131, "LATIN SMALL LETTER DOTLESS I"},
    {0x0135, "LATIN SMALL LETTER J WITH CIRCUMFLEX"},
    {0x0137, "LATIN SMALL LETTER K WITH CEDILLA"},
    {0x013A, "LATIN SMALL LETTER L WITH ACUTE"},
    {0x013C, "LATIN SMALL LETTER L WITH CEDILLA"},
    {0x013E, "LATIN SMALL LETTER L WITH CARON"},
    {0x0142, "LATIN SMALL LETTER L WITH STROKE"},
    {0x0144, "LATIN SMALL LETTER N WITH ACUTE"},
    {0x0146, "LATIN SMALL LETTER N WITH CEDILLA"},
    {0x0148, "LATIN SMALL LETTER N WITH CARON"},
    {0x014D, "LATIN SMALL LETTER O WITH MACRON"},
    {0x014F, "LATIN SMALL LETTER O WITH BREVE"},
    {0x0151, "LATIN SMALL LETTER O WITH DOUBLE ACUTE"},
    {0x0155, "LATIN SMALL LETTER R WITH ACUTE"},
    {0x0157, "LATIN SMALL LETTER R WITH CEDILLA"},
    {0x0159, "LATIN SMALL LETTER R WITH CARON"},
    {0x015B, "LATIN SMALL LETTER S WITH ACUTE"},
    {0x015D, "LATIN SMALL LETTER S WITH CIRCUMFLEX"},
    {0x015F, "LATIN SMALL LETTER S WITH CEDILLA"},
    {0x0161, "LATIN SMALL LETTER S WITH CARON"},
    {0x0163, "LATIN SMALL LETTER T WITH CEDILLA"},
    {0x0165, "LATIN SMALL LETTER T WITH CARON"},
    {0x0167, "LATIN SMALL LETTER T WITH STROKE"},
    {0x0169, "LATIN SMALL LETTER U WITH TILDE"},
    {0x016B, "LATIN SMALL LETTER U WITH MACRON"},
    {0x016D, "LATIN SMALL LETTER U WITH BREVE"},
    {0x016F, "LATIN SMALL LETTER U WITH RING ABOVE"},
    {0x0171, "LATIN SMALL LETTER U WITH DOUBLE ACUTE"},
    {0x0173, "LATIN SMALL LETTER U WITH OGONEK"},
    {0x0175, "LATIN SMALL LETTER W WITH CIRCUMFLEX"},
    {0x0177, "LATIN SMALL LETTER Y WITH CIRCUMFLEX"},
    {0x017A, "LATIN SMALL LETTER Z WITH ACUTE"},
    {0x017C, "LATIN SMALL LETTER Z WITH DOT ABOVE"},
    {0x017E, "LATIN SMALL LETTER Z WITH CARON"},
    {0x0180, "LATIN SMALL LETTER B WITH STROKE"},
    {0x0185, "LATIN SMALL LETTER TONE SIX"},
    {0x0188, "LATIN SMALL LETTER C WITH HOOK"},
    {0x0192, "LATIN SMALL LETTER F WITH HOOK"},
    {0x0199, "LATIN SMALL LETTER K WITH HOOK"},
    {0x019A, "LATIN SMALL LETTER L WITH BAR"},
    {0x01A1, "LATIN SMALL LETTER O WITH HORN"},
    {0x01A5, "LATIN SMALL LETTER P WITH HOOK"},
    {0x01AB, "LATIN SMALL LETTER T WITH PALATAL HOOK"},
    {0x01AD, "LATIN SMALL LETTER T WITH HOOK"},
    {0x01B0, "LATIN SMALL LETTER U WITH HORN"},
    {0x01B4, "LATIN SMALL LETTER Y WITH HOOK"},
    {0x01B6, "LATIN SMALL LETTER Z WITH STROKE"},
    {0x01BB, "LATIN LETTER TWO WITH STROKE"},
    {0x01BD, "LATIN SMALL LETTER TONE FIVE"},
    {0x01BF, "LATIN LETTER WYNN"},
    {0x01C0, "LATIN LETTER DENTAL CLICK"},
    {0x01CE, "LATIN SMALL LETTER A WITH CARON"},
    {0x01D0, "LATIN SMALL LETTER I WITH CARON"},
    {0x01D2, "LATIN SMALL LETTER O WITH CARON"},
    {0x01D4, "LATIN SMALL LETTER U WITH CARON"},
    {0x01E5, "LATIN SMALL LETTER G WITH STROKE"},
    {0x01E7, "LATIN SMALL LETTER G WITH CARON"},
    {0x01E9, "LATIN SMALL LETTER K WITH CARON"},
    {0x01EB, "LATIN SMALL LETTER O WITH OGONEK"},
    {0x01F0, "LATIN SMALL LETTER J WITH CARON"},
    {0x01F5, "LATIN SMALL LETTER G WITH ACUTE"},
    {0x01F9, "LATIN SMALL LETTER N WITH GRAVE"},
    {0x0201, "LATIN SMALL LETTER A WITH DOUBLE GRAVE"},
    {0x0203, "LATIN SMALL LETTER A WITH INVERTED BREVE"},
    {0x0205, "LATIN SMALL LETTER E WITH DOUBLE GRAVE"},
    {0x0207, "LATIN SMALL LETTER E WITH INVERTED BREVE"},
    {0x0209, "LATIN SMALL LETTER I WITH DOUBLE GRAVE"},
    {0x020B, "LATIN SMALL LETTER I WITH INVERTED BREVE"},
    {0x020D, "LATIN SMALL LETTER O WITH DOUBLE GRAVE"},
    {0x020F, "LATIN SMALL LETTER O WITH INVERTED BREVE"},
    {0x0211, "LATIN SMALL LETTER R WITH DOUBLE GRAVE"},
    {0x0213, "LATIN SMALL LETTER R WITH INVERTED BREVE"},
    {0x0215, "LATIN SMALL LETTER U WITH DOUBLE GRAVE"},
    {0x0217, "LATIN SMALL LETTER U WITH INVERTED BREVE"},
    {0x0219, "LATIN SMALL LETTER S WITH COMMA BELOW"},
    {0x021B, "LATIN SMALL LETTER T WITH COMMA BELOW"},
    {0x021F, "LATIN SMALL LETTER H WITH CARON"},
    {0x0223, "LATIN SMALL LETTER OU"},
    {0x0225, "LATIN SMALL LETTER Z WITH HOOK"},
    {0x0227, "LATIN SMALL LETTER A WITH DOT ABOVE"},
    {0x0229, "LATIN SMALL LETTER E WITH CEDILLA"},
    {0x022F, "LATIN SMALL LETTER O WITH DOT ABOVE"},
    {0x0233, "LATIN SMALL LETTER Y WITH MACRON"},
    {0x0247, "LATIN SMALL LETTER E WITH STROKE"},
    {0x0249, "LATIN SMALL LETTER J WITH STROKE"},
    {0x024D, "LATIN SMALL LETTER R WITH STROKE"},
    {0x024F, "LATIN SMALL LETTER Y WITH STROKE"},
    {0x0251, "LATIN SMALL LETTER ALPHA"},
    {0x0253, "LATIN SMALL LETTER B WITH HOOK"},
    {0x0256, "LATIN SMALL LETTER D WITH TAIL"},
    {0x0257, "LATIN SMALL LETTER D WITH HOOK"},
    {0x0259, "LATIN SMALL LETTER SCHWA"},
    {0x0260, "LATIN SMALL LETTER G WITH HOOK"},
    {0x0261, "LATIN SMALL LETTER SCRIPT G"},
    {0x0262, "LATIN LETTER SMALL CAPITAL G"},
    {0x0263, "LATIN SMALL LETTER GAMMA"},
    {0x0266, "LATIN SMALL LETTER H WITH HOOK"},
    {0x0268, "LATIN SMALL LETTER I WITH STROKE"},
    {0x0269, "LATIN SMALL LETTER IOTA"},
    {0x026A, "LATIN LETTER SMALL CAPITAL I"},
    {0x026B, "LATIN SMALL LETTER L WITH MIDDLE TILDE"},
    {0x026F, "LATIN SMALL LETTER TURNED M"},
    {0x0271, "LATIN SMALL LETTER M WITH HOOK"},
    {0x0273, "LATIN SMALL LETTER N WITH RETROFLEX HOOK"},
    {0x027C, "LATIN SMALL LETTER R WITH LONG LEG"},
    {0x027D, "LATIN SMALL LETTER R WITH TAIL"},
    {0x027E, "LATIN SMALL LETTER R WITH FISHHOOK"},
    {0x0280, "LATIN LETTER SMALL CAPITAL R"},
    {0x0282, "LATIN SMALL LETTER S WITH HOOK"},
    {0x0289, "LATIN SMALL LETTER U BAR"},
    {0x028B, "LATIN SMALL LETTER V WITH HOOK"},
    {0x028F, "LATIN LETTER SMALL CAPITAL Y"},
    {0x0290, "LATIN SMALL LETTER Z WITH RETROFLEX HOOK"},
    {0x0299, "LATIN LETTER SMALL CAPITAL B"},
    {0x029D, "LATIN SMALL LETTER J WITH CROSSED-TAIL"},
    {0x02A0, "LATIN SMALL LETTER Q WITH HOOK"},
    {0x03B1, "GREEK SMALL LETTER ALPHA"},
    {0x03B3, "GREEK SMALL LETTER GAMMA"},
    {0x03B9, "GREEK SMALL LETTER IOTA"},
    {0x03BD, "GREEK SMALL LETTER NU"},
    {0x03BF, "GREEK SMALL LETTER OMICRON"},
    {0x03C1, "GREEK SMALL LETTER RHO"},
    {0x03C5, "GREEK SMALL LETTER UPSILON"},
    {0x03F3, "GREEK LETTER YOT"},
    {0x0430, "CYRILLIC SMALL LETTER A"},
    {0x0431, "CYRILLIC SMALL LETTER BE"},
    {0x0433, "CYRILLIC SMALL LETTER GHE"},
    {0x0435, "CYRILLIC SMALL LETTER IE"},
    {0x043A, "CYRILLIC SMALL LETTER KA"},
    {0x043C, "CYRILLIC SMALL LETTER EM"},
    {0x043E, "CYRILLIC SMALL LETTER O"},
    {0x0440, "CYRILLIC SMALL LETTER ER"},
    {0x0441, "CYRILLIC SMALL LETTER ES"},
    {0x0442, "CYRILLIC SMALL LETTER TE"},
    {0x0443, "CYRILLIC SMALL LETTER U"},
    {0x0445, "CYRILLIC SMALL LETTER HA"},
    {0x044C, "CYRILLIC SMALL LETTER SOFT SIGN"},
    {0x0455, "CYRILLIC SMALL LETTER DZE"},
    {0x0456, "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"},
    {0x0458, "CYRILLIC SMALL LETTER JE"},
    {0x0461, "CYRILLIC SMALL LETTER OMEGA"},
    {0x0475, "CYRILLIC SMALL LETTER IZHITSA"},
    {0x04AF, "CYRILLIC SMALL LETTER STRAIGHT U"},
    {0x04BB, "CYRILLIC SMALL LETTER SHHA"},
    {0x04CF, "CYRILLIC SMALL LETTER PALOCHKA"},
    {0x0501, "CYRILLIC SMALL LETTER KOMI DE"},
    {0x050D, "CYRILLIC SMALL LETTER KOMI SJE"},
    {0x051B, "CYRILLIC SMALL LETTER QA"},
    {0x051D, "CYRILLIC SMALL LETTER WE"},
    {0x1D04, "LATIN LETTER SMALL CAPITAL C"},
    {0x1D0B, "LATIN LETTER SMALL CAPITAL K"},
    {0x1D0D, "LATIN LETTER SMALL CAPITAL M"},
    {0x1D0F, "LATIN LETTER SMALL CAPITAL O"},
    {0x1D1C, "LATIN LETTER SMALL CAPITAL U"},
    {0x1D20, "LATIN LETTER SMALL CAPITAL V"},
    {0x1D21, "LATIN LETTER SMALL CAPITAL W"},
    {0x1D22, "LATIN LETTER SMALL CAPITAL Z"},
    {0x1D8C, "LATIN SMALL LETTER V WITH PALATAL HOOK"},
    {0x1E01, "LATIN SMALL LETTER A WITH RING BELOW"},
    {0x1E03, "LATIN SMALL LETTER B WITH DOT ABOVE"},
    {0x1E05, "LATIN SMALL LETTER B WITH DOT BELOW"},
    {0x1E07, "LATIN SMALL LETTER B WITH LINE BELOW"},
    {0x1E0B, "LATIN SMALL LETTER D WITH DOT ABOVE"},
    {0x1E0D, "LATIN SMALL LETTER D WITH DOT BELOW"},
    {0x1E0F, "LATIN SMALL LETTER D WITH LINE BELOW"},
    {0x1E11, "LATIN SMALL LETTER D WITH CEDILLA"},
    {0x1E13, "LATIN SMALL LETTER D WITH CIRCUMFLEX BELOW"},
    {0x1E19, "LATIN SMALL LETTER E WITH CIRCUMFLEX BELOW"},
    {0x1E1B, "LATIN SMALL LETTER E WITH TILDE BELOW"},
    {0x1E1F, "LATIN SMALL LETTER F WITH DOT ABOVE"},
    {0x1E21, "LATIN SMALL LETTER G WITH MACRON"},
    {0x1E23, "LATIN SMALL LETTER H WITH DOT ABOVE"},
    {0x1E25, "LATIN SMALL LETTER H WITH DOT BELOW"},
    {0x1E27, "LATIN SMALL LETTER H WITH DIAERESIS"},
    {0x1E29, "LATIN SMALL LETTER H WITH CEDILLA"},
    {0x1E2B, "LATIN SMALL LETTER H WITH BREVE BELOW"},
    {0x1E2D, "LATIN SMALL LETTER I WITH TILDE BELOW"},
    {0x1E31, "LATIN SMALL LETTER K WITH ACUTE"},
    {0x1E33, "LATIN SMALL LETTER K WITH DOT BELOW"},
    {0x1E35, "LATIN SMALL LETTER K WITH LINE BELOW"},
    {0x1E37, "LATIN SMALL LETTER L WITH DOT BELOW"},
    {0x1E3B, "LATIN SMALL LETTER L WITH LINE BELOW"},
    {0x1E3D, "LATIN SMALL LETTER L WITH CIRCUMFLEX BELOW"},
    {0x1E3F, "LATIN SMALL LETTER M WITH ACUTE"},
    {0x1E41, "LATIN SMALL LETTER M WITH DOT ABOVE"},
    {0x1E43, "LATIN SMALL LETTER M WITH DOT BELOW"},
    {0x1E45, "LATIN SMALL LETTER N WITH DOT ABOVE"},
    {0x1E47, "LATIN SMALL LETTER N WITH DOT BELOW"},
    {0x1E49, "LATIN SMALL LETTER N WITH LINE BELOW"},
    {0x1E4B, "LATIN SMALL LETTER N WITH CIRCUMFLEX BELOW"},
    {0x1E55, "LATIN SMALL LETTER P WITH ACUTE"},
    {0x1E57, "LATIN SMALL LETTER P WITH DOT ABOVE"},
    {0x1E59, "LATIN SMALL LETTER R WITH DOT ABOVE"},
    {0x1E5B, "LATIN SMALL LETTER R WITH DOT BELOW"},
    {0x1E5F, "LATIN SMALL LETTER R WITH LINE BELOW"},
    {0x1E61, "LATIN SMALL LETTER S WITH DOT ABOVE"},
    {0x1E63, "LATIN SMALL LETTER S WITH DOT BELOW"},
    {0x1E6B, "LATIN SMALL LETTER T WITH DOT ABOVE"},
    {0x1E6D, "LATIN SMALL LETTER T WITH DOT BELOW"},
    {0x1E6F, "LATIN SMALL LETTER T WITH LINE BELOW"},
    {0x1E71, "LATIN SMALL LETTER T WITH CIRCUMFLEX BELOW"},
    {0x1E73, "LATIN SMALL LETTER U WITH DIAERESIS BELOW"},
    {0x1E75, "LATIN SMALL LETTER U WITH TILDE BELOW"},
    {0x1E77, "LATIN SMALL LETTER U WITH CIRCUMFLEX BELOW"},
    {0x1E7D, "LATIN SMALL LETTER V WITH TILDE"},
    {0x1E7F, "LATIN SMALL LETTER V WITH DOT BELOW"},
    {0x1E81, "LATIN SMALL LETTER W WITH GRAVE"},
    {0x1E83, "LATIN SMALL LETTER W WITH ACUTE"},
    {0x1E85, "LATIN SMALL LETTER W WITH DIAERESIS"},
    {0x1E87, "LATIN SMALL LETTER W WITH DOT ABOVE"},
    {0x1E89, "LATIN SMALL LETTER W WITH DOT BELOW"},
    {0x1E8B, "LATIN SMALL LETTER X WITH DOT ABOVE"},
    {0x1E8D, "LATIN SMALL LETTER X WITH DIAERESIS"},
    {0x1E8F, "LATIN SMALL LETTER Y WITH DOT ABOVE"},
    {0x1E91, "LATIN SMALL LETTER Z WITH CIRCUMFLEX"},
    {0x1E93, "LATIN SMALL LETTER Z WITH DOT BELOW"},
    {0x1E95, "LATIN SMALL LETTER Z WITH LINE BELOW"},
    {0x1E96, "LATIN SMALL LETTER H WITH LINE BELOW"},
    {0x1E97, "LATIN SMALL LETTER T WITH DIAERESIS"},
    {0x1E98, "LATIN SMALL LETTER W WITH RING ABOVE"},
    {0x1E99, "LATIN SMALL LETTER Y WITH RING ABOVE"},
    {0x1EA1, "LATIN SMALL LETTER A WITH DOT BELOW"},
    {0x1EA3, "LATIN SMALL LETTER A WITH HOOK ABOVE"},
    {0x1EB9, "LATIN SMALL LETTER E WITH DOT BELOW"},
    {0x1EBB, "LATIN SMALL LETTER E WITH HOOK ABOVE"},
    {0x1EBD, "LATIN SMALL LETTER E WITH TILDE"},
    {0x1EC9, "LATIN SMALL LETTER I WITH HOOK ABOVE"},
    {0x1ECB, "LATIN SMALL LETTER I WITH DOT BELOW"},
    {0x1ECD, "LATIN SMALL LETTER O WITH DOT BELOW"},
    {0x1ECF, "LATIN SMALL LETTER O WITH HOOK ABOVE"},
    {0x1EE5, "LATIN SMALL LETTER U WITH DOT BELOW"},
    {0x1EE7, "LATIN SMALL LETTER U WITH HOOK ABOVE"},
    {0x1EF3, "LATIN SMALL LETTER Y WITH GRAVE"},
    {0x1EF5, "LATIN SMALL LETTER Y WITH DOT BELOW"},
    {0x1EF7, "LATIN SMALL LETTER Y WITH HOOK ABOVE"},
    {0x1EF9, "LATIN SMALL LETTER Y WITH TILDE"},
    {0x1EFF, "LATIN SMALL LETTER Y WITH LOOP"},
    {0x2C68, "LATIN SMALL LETTER H WITH DESCENDER"},
    {0x2C6A, "LATIN SMALL LETTER K WITH DESCENDER"},
    {0x2C6C, "LATIN SMALL LETTER Z WITH DESCENDER"},
    {0x2C71, "LATIN SMALL LETTER V WITH RIGHT HOOK"},
    {0x2C73, "LATIN SMALL LETTER W WITH HOOK"},
    {0x2C74, "LATIN SMALL LETTER V WITH CURL"},
    {0xA647, "CYRILLIC SMALL LETTER IOTA"},
    {0xA731, "LATIN LETTER SMALL CAPITAL S"},
    {0xA791, "LATIN SMALL LETTER N WITH DESCENDER"},
};

std::string CodePointName(char32_t c) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  const auto* end = std::end(kCharacterNames);
  const auto* it = std::lower_bound(
      std::begin(kCharacterNames), end, c,
      [](const auto& entry, char32_t key) { return entry.first < key; });
  if (it == end || it->first != c) return hex;
  return std::string(hex) + " " + it->second;
}

// The name as HTML: each label in a span that never wraps, a break allowed
// after each dot, and the code points flagged in `changed` in <mark>.
std::string MarkedName(const std::u32string& name,
                       const std::vector<bool>& changed) {
  std::string out = "<span class=\"label\">";
  bool in_mark = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const bool mark = name[i] != U'.' && i < changed.size() && changed[i];
    if (in_mark && (!mark || name[i] == U'.')) out += "</mark>";
    if (name[i] == U'.') {
      out += "</span>.<wbr><span class=\"label\">";
      in_mark = false;
      continue;
    }
    if (mark && !in_mark) out += "<mark>";
    in_mark = mark;
    out += Esc(Utf8(name[i]));
  }
  return out + (in_mark ? "</mark>" : "") + "</span>";
}

}  // namespace html_internal

namespace {

using html_internal::CodePointName;
using html_internal::CodePoints;
using html_internal::DiffCodePoints;
using html_internal::MarkedName;

// The form a reader compares with the origin: the Unicode one of an IDN.
std::u32string ReadableName(const LookalikeRecord& r) {
  return CodePoints(r.unicode.empty() ? r.domain : r.unicode);
}

// The marks split the name in the markup; the title keeps it whole, as
// every format carries each name verbatim (scan_report_test), and shows it
// unmarked on hover.
std::string DomainCode(const std::u32string& name,
                       const std::vector<bool>& changed) {
  std::string plain;
  for (char32_t c : name) plain += Utf8(c);
  return "<code class=\"dn\" title=\"" + Esc(plain) + "\">" +
         MarkedName(name, changed) + "</code>";
}

// The lookalike, what differs from its origin marked; an IDN as its xn--
// form and its Unicode form, each unusual character named.
std::string Name(const LookalikeRecord& r) {
  const std::u32string name = ReadableName(r);
  const auto diff = DiffCodePoints(CodePoints(r.origin), name);
  std::string out;
  if (r.unicode.empty()) {
    out = DomainCode(name, diff.to_changed);
  } else {
    out = DomainCode(CodePoints(r.domain), {}) + " (" +
          DomainCode(name, diff.to_changed) + ")";
  }
  std::vector<char32_t> named;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] > 0x7f && diff.to_changed[i] &&
        std::find(named.begin(), named.end(), name[i]) == named.end()) {
      named.push_back(name[i]);
      out +=
          "<br><span class=\"cp\">" + Esc(CodePointName(name[i])) + "</span>";
    }
  }
  return out;
}

// The origin, with what the lookalike left out or replaced marked.
std::string Origin(const LookalikeRecord& r) {
  const std::u32string origin = CodePoints(r.origin);
  const auto diff = DiffCodePoints(origin, ReadableName(r));
  return DomainCode(origin, diff.from_changed);
}

// Our own id of the i-th institution's section: names from the config
// could hold anything, so they never become ids.
std::string SectionId(size_t i) {
  return "institution-" + std::to_string(i + 1);
}

// ---- Charts ----------------------------------------------------------------

std::string SvgOpen(int width, int height, const std::string& title) {
  const std::string w = std::to_string(width), h = std::to_string(height);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">"
         "<title>" +
         Esc(title) + "</title>";
}

std::string SvgText(int x, int y, const std::string& text,
                    const char* anchor = "start") {
  return "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
         "\" text-anchor=\"" + anchor + "\">" + Esc(text) + "</text>";
}

using Bars = std::vector<std::pair<std::string, int>>;

// Largest first; past kBarsShown, the rest share one bar.
Bars TopBars(const std::map<std::string, int>& counts) {
  Bars bars(counts.begin(), counts.end());
  std::stable_sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  if (bars.size() > kBarsShown) {
    int rest = 0;
    const size_t others = bars.size() - (kBarsShown - 1);
    for (size_t i = kBarsShown - 1; i < bars.size(); ++i)
      rest += bars[i].second;
    bars.resize(kBarsShown - 1);
    bars.push_back({"(" + std::to_string(others) + " others)", rest});
  }
  return bars;
}

// `legend`: HTML under the chart, "" for none.
std::string BarChart(const std::string& title,
                     const std::map<std::string, int>& counts,
                     const char* color, const std::string& legend = "") {
  constexpr int kWidth = 520, kLabelX = 184, kBarX = 190, kBarMax = 280,
                kRow = 22, kPad = 8;
  const Bars bars = TopBars(counts);
  std::string out = "<figure><figcaption>" + Esc(title) + "</figcaption>";
  if (bars.empty()) {
    return out + SvgOpen(kWidth, 40, title) +
           SvgText(kPad, 24, "nothing to show") + "</svg></figure>\n";
  }
  int max = 1;
  for (const auto& bar : bars) max = std::max(max, bar.second);
  const int height = 2 * kPad + static_cast<int>(bars.size()) * kRow;
  out += SvgOpen(kWidth, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = kPad + static_cast<int>(i) * kRow;
    const int w = std::max(2, static_cast<int>(static_cast<int64_t>(kBarMax) *
                                               bars[i].second / max));
    out +=
        SvgText(kLabelX, y + 15, Truncate(bars[i].first, kLabelChars), "end");
    out += "<rect x=\"" + std::to_string(kBarX) + "\" y=\"" +
           std::to_string(y + 3) + "\" width=\"" + std::to_string(w) +
           "\" height=\"16\" fill=\"" + color + "\"/>";
    out += SvgText(kBarX + w + 6, y + 15, std::to_string(bars[i].second));
  }
  return out + "</svg>" + legend + "</figure>\n";
}

std::string Series(const std::vector<std::pair<int, int>>& points,
                   const char* color) {
  std::string out;
  if (points.size() > 1) {
    out += "<polyline fill=\"none\" stroke=\"" + std::string(color) +
           "\" stroke-width=\"2\" points=\"";
    for (const auto& [x, y] : points) {
      out += std::to_string(x) + "," + std::to_string(y) + " ";
    }
    out.back() = '"';
    out += "/>";
  }
  for (const auto& [x, y] : points) {
    out += "<circle cx=\"" + std::to_string(x) + "\" cy=\"" +
           std::to_string(y) + "\" r=\"4\" fill=\"" + color + "\"/>";
  }
  return out;
}

// A round step (1, 2 or 5 times a power of ten) that cuts 0..max into at
// most four intervals: ticks a reader can read at a glance.
int TickStep(int max) {
  const double raw = std::max(1, max) / 4.0;
  for (int64_t magnitude = 1;; magnitude *= 10) {
    for (int64_t m : {1, 2, 5}) {
      if (static_cast<double>(m * magnitude) >= raw) {
        return static_cast<int>(m * magnitude);
      }
    }
  }
}

std::string SvgLine(int x1, int y1, int x2, int y2, const char* stroke) {
  return "<line x1=\"" + std::to_string(x1) + "\" y1=\"" + std::to_string(y1) +
         "\" x2=\"" + std::to_string(x2) + "\" y2=\"" + std::to_string(y2) +
         "\" stroke=\"" + stroke + "\"/>";
}

// Where each scan stands on the x axis, from `left` to `right`: by its
// start time, so a gap between scans shows as one; by order when a start
// is unknown or all scans started at once.
std::vector<int> ScanPositions(const std::vector<ScanRecord>& scans, int left,
                               int right) {
  const size_t n = scans.size();
  std::vector<int> xs(n, (left + right) / 2);
  bool by_time = scans.front().started_at < scans.back().started_at;
  for (const ScanRecord& s : scans) by_time = by_time && s.started_at > 0;
  for (size_t i = 0; i < n && n > 1; ++i) {
    const int64_t offset = by_time
                               ? scans[i].started_at - scans.front().started_at
                               : static_cast<int64_t>(i);
    const int64_t span =
        by_time ? scans.back().started_at - scans.front().started_at
                : static_cast<int64_t>(n - 1);
    xs[i] = left + static_cast<int>(offset * (right - left) / span);
  }
  return xs;
}

// Date labels under the x axis: the first scan's day, then each new day at
// least kMinGap pixels further on; the last scan's day replaces a label it
// would overlap, so the axis always ends with the latest scan.
std::string DateLabels(const ScanReport& r,
                       const std::vector<ScanRecord>& scans,
                       const std::vector<int>& xs, int y) {
  constexpr int kMinGap = 80;
  std::vector<std::pair<int, std::string>> labels;
  for (size_t i = 0; i < scans.size(); ++i) {
    const std::string day = ScanDay(r, scans[i].id);
    if (!labels.empty() && labels.back().second == day) continue;
    const bool last = i + 1 == scans.size();
    if (!labels.empty() && xs[i] - labels.back().first < kMinGap) {
      if (!last || labels.size() == 1) continue;
      labels.pop_back();
    }
    labels.push_back({xs[i], day});
  }
  std::string out;
  for (const auto& [x, day] : labels) out += SvgText(x, y, day, "middle");
  return out;
}

// Addresses and registered lookalikes of the last kTrendScans scans, over
// the days they started.
std::string TrendChart(const ScanReport& r) {
  // 40 px right of the plot: the last date label is centred on its scan.
  constexpr int kWidth = 540, kHeight = 250, kLeft = 50, kRight = 500,
                kTop = 34, kBottom = 210;
  const std::string title = "Addresses and registered lookalikes per scan";
  std::string out = "<figure><figcaption>" + Esc(title) + "</figcaption>";
  if (r.scans.empty()) {
    return out + SvgOpen(kWidth, 40, title) + SvgText(8, 24, "no scans yet") +
           "</svg></figure>\n";
  }
  const size_t first =
      r.scans.size() > kTrendScans ? r.scans.size() - kTrendScans : 0;
  const std::vector<ScanRecord> scans(r.scans.begin() + first, r.scans.end());
  int max = 1;
  for (const ScanRecord& s : scans) {
    max = std::max({max, s.addresses, s.lookalikes_registered});
  }
  const int step = TickStep(max);
  const int top = (max + step - 1) / step * step;
  auto y = [&](int v) {
    return kBottom -
           static_cast<int>(static_cast<int64_t>(v) * (kBottom - kTop) / top);
  };
  out += SvgOpen(kWidth, kHeight, title);
  out +=
      "<rect x=\"50\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
      std::string(kTrendAddressColor) + "\"/>" + SvgText(68, 16, "addresses") +
      "<rect x=\"160\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
      kTrendLookalikeColor + "\"/>" + SvgText(178, 16, "registered lookalikes");
  for (int v = 0; v <= top; v += step) {
    out += SvgLine(kLeft, y(v), kRight, y(v), "#e3e3e3") +
           SvgText(kLeft - 6, y(v) + 4, std::to_string(v), "end");
  }
  out += SvgLine(kLeft, kBottom, kRight, kBottom, "#767676") +
         SvgLine(kLeft, kTop, kLeft, kBottom, "#767676");
  const std::vector<int> xs = ScanPositions(scans, kLeft, kRight);
  out += DateLabels(r, scans, xs, kBottom + 18);
  out += SvgText((kLeft + kRight) / 2, kBottom + 36, "scan started (UTC)",
                 "middle");
  std::vector<std::pair<int, int>> addresses, lookalikes;
  for (size_t i = 0; i < scans.size(); ++i) {
    addresses.push_back({xs[i], y(scans[i].addresses)});
    lookalikes.push_back({xs[i], y(scans[i].lookalikes_registered)});
  }
  out += Series(addresses, kTrendAddressColor);
  out += Series(lookalikes, kTrendLookalikeColor);
  return out + "</svg></figure>\n";
}

// What each form and mail class means, for the charts' legends (README:
// "What domex is"). Escaped by Legend.
constexpr std::pair<const char*, const char*> kFormMeanings[] = {
    {"text", "plain text"},
    {"mailto", "a mailto: link"},
    {"entity", "HTML entity escapes (&#64; for @)"},
    {"percent", "percent escapes (%40 for @)"},
    {"at-dot", "spelled out: name [at] school [dot] in"},
    {"split", "split by tags or comments inside it"},
    {"hidden", "in a hidden decoy element"},
    {"reversed", "written backwards and turned round by CSS"},
    {"cloudflare", "Cloudflare email protection"},
    {"javascript",
     "assembled by script: only a JavaScript-capable harvester "
     "reads it"},
    {"document", "in a linked PDF document"},
};
constexpr std::pair<const char*, const char*> kMailMeanings[] = {
    {"mx", "takes mail: its MX records name hosts that accept it"},
    {"implicit",
     "takes mail: no MX, but an address, which RFC 5321 makes "
     "the mail host"},
    {"null-mx", "refuses mail (null MX, RFC 7505)"},
    {"none", "no mail host"},
    {"unknown", "DNS did not say"},
};

// A legend for the keys a chart shows: each with its meaning, if known.
template <size_t N>
std::string Legend(const std::map<std::string, int>& counts,
                   const std::pair<const char*, const char*> (&meanings)[N]) {
  std::string out;
  for (const auto& [key, meaning] : meanings) {
    if (counts.count(key) == 0) continue;
    out += "<li><code>" + Esc(key) + "</code>: " + Esc(meaning) + "</li>";
  }
  return out.empty() ? "" : "<ul class=\"legend\">" + out + "</ul>\n";
}

// Charts of the whole latest scan (gone items excluded), whatever is shown.
std::string Charts(const ScanReport& r) {
  // No chart of fuzzers: which permutation made a lookalike changes nothing
  // a reader does about it; whether it takes mail does.
  std::map<std::string, int> forms, sites, mail;
  for (const AddressItem& a : r.addresses) {
    if (a.status == ItemStatus::kGone) continue;
    for (const std::string& f : a.forms) ++forms[f];
    if (a.sites.empty()) ++sites["(site unknown)"];
    for (const std::string& s : a.sites) ++sites[s];
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (l.status == ItemStatus::kGone || !Exists(l.record)) continue;
    ++mail[l.record.mail];
  }
  return "<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n" +
         BarChart("Addresses by form", forms, kFormColor,
                  Legend(forms, kFormMeanings)) +
         BarChart("Addresses by site", sites, kSiteColor) +
         BarChart("Registered lookalikes by mail class", mail, kMailColor,
                  Legend(mail, kMailMeanings)) +
         TrendChart(r) + "</div>\n</section>\n";
}

// ---- Sections --------------------------------------------------------------

std::string Head(const ScanReport& r) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
         "<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n"
         "<title>" +
         Esc(ReportTitle(r)) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n";
}

std::string Intro(const ScanReport& r, const ScanView& v) {
  std::string out = "<h1>" + Esc(ReportTitle(r)) + "</h1>\n<p>" +
                    Esc(ReportSubject(r)) + ".</p>\n";
  const ScanRecord* latest = FindScan(r, r.latest);
  if (latest != nullptr && !latest->finished) {
    out += "<p><strong>Scan " + std::to_string(r.latest) +
           " did not finish</strong> (interrupted or still running).</p>\n";
  }
  return out + "<p><strong>Changes:</strong> " +
         Esc(ChangesSentence(v.changes)) + "</p>\n";
}

// Rows whose lookalike would receive mail say so first, in words (colour
// alone tells a screen reader nothing).
std::string MailCell(const LookalikeRecord& r) {
  if (!Exists(r)) return "";
  const std::string summary = MailSummary(r, Code);
  if (!TakesMail(r)) return summary;
  return "<strong class=\"mail\">takes mail</strong>: " + summary;
}

// ---- First screen: what must I do? ----------------------------------------
//
// The first screen answers for each institution what is exposed now, new
// or not: an address is harvested whether it appeared today or a year ago.
// Acknowledged items are accepted risks and not counted.

bool Exposed(const AddressItem& a) {
  return a.status != ItemStatus::kGone && !Acknowledged(a.acknowledged);
}

bool Exposed(const LookalikeItem& l) {
  return l.status != ItemStatus::kGone && Exists(l.record) &&
         TakesMail(l.record) && !Acknowledged(l.acknowledged);
}

struct Exposure {
  std::string institution;
  std::string section_id;  // "" when the report has no section for it
  int any_harvester = 0, js_only = 0, take_mail = 0, not_checked = 0;
};

// One row per institution: the configured ones in config order, then any
// other an item names, in the order items name them.
std::vector<Exposure> Exposures(const ScanReport& r, const ScanView& v) {
  std::vector<Exposure> rows;
  auto row = [&rows](const std::string& name) -> Exposure& {
    for (Exposure& e : rows) {
      if (e.institution == name) return e;
    }
    rows.push_back({name});
    return rows.back();
  };
  for (const InstitutionSummary& s : r.institutions) {
    row(s.name).not_checked = s.pages_failed;
  }
  for (const AddressItem& a : r.addresses) {
    if (!Exposed(a)) continue;
    ++(a.harvestable_by == "js-capable" ? row(a.institution).js_only
                                        : row(a.institution).any_harvester);
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (Exposed(l)) ++row(l.institution).take_mail;
  }
  for (size_t i = 0; i < v.institutions.size(); ++i) {
    row(v.institutions[i].name).section_id = SectionId(i);
  }
  return rows;
}

std::string CountCell(int n) {
  return n == 0 ? "<td>0</td>"
                : "<td><strong>" + std::to_string(n) + "</strong></td>";
}

std::string SummaryTable(const ScanReport& r, const ScanView& v) {
  const std::vector<Exposure> rows = Exposures(r, v);
  if (rows.empty()) return "";
  std::vector<const Exposure*> ptrs;
  for (const Exposure& e : rows) ptrs.push_back(&e);
  return "<section id=\"summary\">\n<h2>Exposed now, per institution</h2>\n" +
         Table({"institution", "addresses any harvester reads",
                "addresses only JavaScript-capable harvesters read",
                "lookalikes that take mail", "pages not checked"},
               ptrs,
               [](const Exposure& e) {
                 const std::string name = e.section_id.empty()
                                              ? Esc(e.institution)
                                              : "<a href=\"#" + e.section_id +
                                                    "\">" + Esc(e.institution) +
                                                    "</a>";
                 return std::vector<std::string>{
                     name, CountCell(e.any_harvester), CountCell(e.js_only),
                     CountCell(e.take_mail), CountCell(e.not_checked)};
               }) +
         "</section>\n";
}

std::string AddressActionTable(const std::vector<const AddressItem*>& items) {
  return Table(
      {"status", "address", "institution", "harvestable by", "forms", "pages"},
      items, [](const AddressItem& a) {
        return std::vector<std::string>{
            Status(a.status),   Code(a.address),
            Esc(a.institution), Esc(HarvestableLabel(a.harvestable_by)),
            Texts(a.forms),     Urls(a.pages, kPagesShown)};
      });
}

std::string LookalikeActionTable(
    const std::vector<const LookalikeItem*>& items) {
  return Table({"lookalike", "institution", "lookalike of", "verdict", "status",
                "mail", "changes"},
               items, [](const LookalikeItem& l) {
                 return std::vector<std::string>{
                     Name(l.record),   Esc(l.institution),
                     Origin(l.record), Esc(l.record.verdict),
                     Status(l.status), MailCell(l.record),
                     Texts(l.changes)};
               });
}

// Items of `all` still exposed that `news` does not list.
template <typename T>
std::vector<const T*> StillExposed(const std::vector<T>& all,
                                   const std::vector<const T*>& news) {
  std::vector<const T*> out;
  for (const T& item : all) {
    if (Exposed(item) &&
        std::find(news.begin(), news.end(), &item) == news.end()) {
      out.push_back(&item);
    }
  }
  return out;
}

// What is new first (every format leads with it), then what is still
// exposed from earlier scans: an old address is harvested as surely as a
// new one. With --changes-only the mail is about news, so the old exposure
// is only counted in the summary above.
std::string ActionSection(const ScanReport& r, const ScanView& v,
                          bool changes_only) {
  std::string out =
      "<section class=\"action\" id=\"needs-action\">\n"
      "<h2>Needs action</h2>\n";
  if (!v.action_addresses.empty()) {
    out += "<h3>New addresses a harvester can collect (" +
           std::to_string(v.action_addresses.size()) + ")</h3>\n" +
           AddressActionTable(v.action_addresses);
  }
  if (!v.action_lookalikes.empty()) {
    out += "<h3>New or changed lookalikes that take mail (" +
           std::to_string(v.action_lookalikes.size()) + ")</h3>\n" +
           LookalikeActionTable(v.action_lookalikes);
  }
  std::vector<const AddressItem*> old_addresses =
      StillExposed(r.addresses, v.action_addresses);
  std::vector<const LookalikeItem*> old_lookalikes =
      StillExposed(r.lookalikes, v.action_lookalikes);
  const bool news = !v.action_addresses.empty() || !v.action_lookalikes.empty();
  if (!news && old_addresses.empty() && old_lookalikes.empty()) {
    return out + "<p>Nothing needs action.</p>\n</section>\n";
  }
  if (!news) out += "<p>Nothing new since the last scan.</p>\n";
  if (changes_only) {
    if (!old_addresses.empty() || !old_lookalikes.empty()) {
      out += "<p>Exposed since earlier scans: counted above.</p>\n";
    }
    return out + "</section>\n";
  }
  // Any harvester before JavaScript-only: the wider exposure first.
  std::stable_partition(
      old_addresses.begin(), old_addresses.end(),
      [](const AddressItem* a) { return a->harvestable_by != "js-capable"; });
  if (!old_addresses.empty()) {
    out += "<h3>Addresses still exposed from earlier scans (" +
           std::to_string(old_addresses.size()) + ")</h3>\n" +
           AddressActionTable(old_addresses);
  }
  if (!old_lookalikes.empty()) {
    out += "<h3>Lookalikes that still take mail (" +
           std::to_string(old_lookalikes.size()) + ")</h3>\n" +
           LookalikeActionTable(old_lookalikes);
  }
  return out + "</section>\n";
}

std::string SummaryParagraph(const InstitutionSummary& s) {
  std::string out = "<p>";
  if (!s.sites.empty()) {
    out += "Sites: ";
    for (size_t i = 0; i < s.sites.size(); ++i) {
      out += (i > 0 ? ", " : "") + Url(s.sites[i]);
    }
    out += ". ";
  }
  if (!s.domains.empty()) {
    out += "Domains: ";
    for (size_t i = 0; i < s.domains.size(); ++i) {
      out += (i > 0 ? ", " : "") + Code(s.domains[i]);
    }
    out += ". ";
  }
  return out + Plural(s.pages_checked, "page", "pages") + " checked, " +
         std::to_string(s.pages_failed) + " not checked; " +
         Plural(s.addresses, "address", "addresses") + "; " +
         Plural(s.lookalikes_registered, "registered lookalike",
                "registered lookalikes") +
         ", " + std::to_string(s.lookalikes_take_mail) + " take mail.</p>\n";
}

std::string Records(const LookalikeRecord& r) {
  std::string out;
  for (const auto& [type, values] :
       {std::pair<const char*, const std::vector<std::string>*>{"MX", &r.mx},
        {"A", &r.a},
        {"AAAA", &r.aaaa},
        {"NS", &r.ns}}) {
    for (size_t i = 0; i < values->size() && i < 3; ++i) {
      if (!out.empty()) out += "<br>";
      out += type + std::string(" ") + Code((*values)[i]);
    }
    if (values->size() > 3) {
      out += "<br><span class=\"more\">+" + std::to_string(values->size() - 3) +
             " more " + type + "</span>";
    }
  }
  return out;
}

std::string InstitutionSection(const ScanReport& r, const InstitutionView& i,
                               const std::string& id) {
  std::string out = "<section class=\"institution\" id=\"" + id + "\">\n<h2>" +
                    Esc(i.name) + "</h2>\n";
  if (i.summary != nullptr) out += SummaryParagraph(*i.summary);
  if (!i.addresses.empty()) {
    out += "<h3>Addresses (" + std::to_string(i.addresses.size()) + ")</h3>\n";
    out += Table({"status", "address", "harvestable by", "forms", "pages",
                  "first seen", "last seen"},
                 i.addresses, [&r](const AddressItem& a) {
                   return std::vector<std::string>{
                       Status(a.status),
                       Code(a.address),
                       Esc(HarvestableLabel(a.harvestable_by)),
                       Texts(a.forms),
                       a.pages.empty() && !a.not_checked_pages.empty()
                           ? "not checked this time: " +
                                 Urls(a.not_checked_pages, kPagesShown)
                           : Urls(a.pages, kPagesShown),
                       ScanDay(r, a.first_seen),
                       ScanDay(r, a.last_seen)};
                 });
  }
  if (!i.lookalikes.empty() || i.unregistered > 0) {
    out +=
        "<h3>Lookalikes (" + std::to_string(i.lookalikes.size()) + ")</h3>\n";
    if (i.unregistered > 0) {
      out += "<p>Not listed: " +
             Plural(i.unregistered, "unregistered lookalike",
                    "unregistered lookalikes") +
             ".</p>\n";
    }
    if (!i.lookalikes.empty()) {
      out += Table({"status", "lookalike", "lookalike of", "verdict", "mail",
                    "records", "fuzzers", "changes", "first seen", "last seen"},
                   i.lookalikes, [&r](const LookalikeItem& l) {
                     const LookalikeRecord& rec = l.record;
                     return std::vector<std::string>{Status(l.status),
                                                     Name(rec),
                                                     Origin(rec),
                                                     Esc(rec.verdict),
                                                     MailCell(rec),
                                                     Records(rec),
                                                     Texts(rec.fuzzers),
                                                     Texts(l.changes),
                                                     ScanDay(r, l.first_seen),
                                                     ScanDay(r, l.last_seen)};
                   });
    }
  }
  if (!i.gone_addresses.empty() || !i.gone_lookalikes.empty()) {
    out += "<h3>Gone (not seen in this scan)</h3>\n";
    std::vector<std::vector<std::string>> rows;
    for (const AddressItem* a : i.gone_addresses) {
      rows.push_back({"address", Code(a->address), ScanDay(r, a->last_seen)});
    }
    for (const LookalikeItem* l : i.gone_lookalikes) {
      rows.push_back({"lookalike", Name(l->record), ScanDay(r, l->last_seen)});
    }
    std::vector<const std::vector<std::string>*> row_ptrs;
    for (const auto& row : rows) row_ptrs.push_back(&row);
    out += Table({"kind", "name", "last seen"}, row_ptrs,
                 [](const std::vector<std::string>& row) { return row; });
  }
  return out + "</section>\n";
}

std::string ProblemSection(const std::string& id, const std::string& title,
                           const std::string& what,
                           const std::vector<PageProblem>& problems) {
  if (problems.empty()) return "";
  std::vector<const PageProblem*> pages;
  for (const PageProblem& p : problems) pages.push_back(&p);
  return "<section id=\"" + id + "\">\n<h2>" + title + " (" +
         std::to_string(pages.size()) + ")</h2>\n<p>" + what + "</p>\n" +
         Table(
             {"page", "reason"}, pages,
             [](const PageProblem& p) {
               return std::vector<std::string>{Url(p.url), Esc(p.reason)};
             },
             kFailedShown) +
         "</section>\n";
}

// What the crawl's limits left out: how many, like what, what to raise.
std::string LeftOutSection(const ScanReport& r) {
  if (r.left_out.empty()) return "";
  std::string out =
      "<section id=\"left-out\">\n<h2>Left out by limits</h2>\n<p>Not "
      "requested, so not checked:</p>\n<ul>\n";
  for (const store::LeftOutTally& t : r.left_out) {
    out += "<li>" + Esc(LeftOutSentence(t)) + "</li>\n";
  }
  return out + "</ul>\n</section>\n";
}

std::string PageSections(const ScanReport& r) {
  return ProblemSection("not-checked", "Not checked",
                        "These pages failed: addresses on them are unknown.",
                        r.failed_pages) +
         ProblemSection("missing", "Linked but missing",
                        "These pages answered 404 or 410: what was on them "
                        "is gone (links to fix).",
                        r.missing_pages) +
         LeftOutSection(r);
}

// "contact.html: 7 addresses", the addresses, and a remedy per form.
std::string PagesToFixSection(const ScanReport& r) {
  const std::vector<PageToFix> pages = PagesToFix(r);
  if (pages.empty()) return "";
  std::vector<const PageToFix*> rows;
  for (const PageToFix& p : pages) rows.push_back(&p);
  return "<section id=\"pages-to-fix\">\n<h2>Pages to fix (" +
         std::to_string(pages.size()) +
         ")</h2>\n<p>Each page with the addresses a harvester collects "
         "there, and what to do about each form.</p>\n" +
         Table(
             {"page", "addresses", "what to do"}, rows,
             [](const PageToFix& p) {
               std::vector<std::string> addresses;
               for (const AddressItem* a : p.addresses) {
                 addresses.push_back(a->address);
               }
               std::string remedies;
               for (const std::string& form : p.forms) {
                 const std::string remedy = FormRemedy(form);
                 if (!remedy.empty()) remedies += "<p>" + Esc(remedy) + "</p>";
               }
               return std::vector<std::string>{
                   Url(p.url) + "<br>" +
                       Esc(Plural(p.addresses.size(), "address", "addresses")),
                   Lines(addresses, kPagesToFixAddresses, Code), remedies};
             }) +
         "</section>\n";
}

std::string ErrorsSection(const ScanReport& r) {
  const ScanRecord* s = FindScan(r, r.latest);
  if (s == nullptr || s->errors.empty()) return "";
  std::string out = "<section id=\"errors\">\n<h2>Errors in scan " +
                    std::to_string(r.latest) + " (" +
                    std::to_string(s->errors.size()) + ")</h2>\n<ul>\n";
  for (size_t i = 0; i < s->errors.size() && i < kErrorsShown; ++i) {
    out += "<li>" + Esc(s->errors[i]) + "</li>\n";
  }
  out += "</ul>\n";
  if (s->errors.size() > kErrorsShown) {
    out += "<p class=\"more\">... and " +
           std::to_string(s->errors.size() - kErrorsShown) +
           " more (all are in the JSON report)</p>\n";
  }
  return out + "</section>\n";
}

std::string ScansSection(const ScanReport& r) {
  if (r.scans.empty()) return "";
  std::vector<const ScanRecord*> newest_first;
  for (auto it = r.scans.rbegin(); it != r.scans.rend(); ++it) {
    newest_first.push_back(&*it);
  }
  auto time = [](int64_t t) { return t == 0 ? "" : UtcDateTime(t); };
  return "<section id=\"scans\">\n<h2>Scans (" +
         std::to_string(r.scans.size()) + ")</h2>\n" +
         Table(
             {"scan", "started", "finished", "pages checked", "not checked",
              "addresses", "registered lookalikes", "errors"},
             newest_first,
             [&](const ScanRecord& s) {
               return std::vector<std::string>{
                   std::to_string(s.id),
                   time(s.started_at),
                   s.finished ? time(s.finished_at) : "unfinished",
                   std::to_string(s.pages_checked),
                   std::to_string(s.pages_failed),
                   std::to_string(s.addresses),
                   std::to_string(s.lookalikes_registered),
                   std::to_string(s.errors.size())};
             },
             kScansShown) +
         "</section>\n";
}

std::string AcknowledgedSection(const ScanReport& r, const ScanView& v) {
  const std::vector<AckRow> rows = AcknowledgedRows(r, v);
  if (rows.empty()) return "";
  std::vector<const AckRow*> ptrs;
  for (const AckRow& row : rows) ptrs.push_back(&row);
  return "<section id=\"acknowledged\">\n<h2>Acknowledged (" +
         std::to_string(rows.size()) +
         ")</h2>\n<p>Listed in the config as known and accepted: no news "
         "while the acknowledgement stands.</p>\n" +
         Table({"kind", "name", "institution", "why"}, ptrs,
               [](const AckRow& row) {
                 return std::vector<std::string>{Esc(row.kind), Code(row.name),
                                                 Esc(row.institution),
                                                 Esc(row.why)};
               }) +
         "</section>\n";
}

}  // namespace

std::string RenderScanHtml(const ScanReport& report,
                           const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  // Landmarks (header, main, footer) let a screen reader jump past the
  // introduction to what needs action; axe-core's region rule checks that
  // no content sits outside them.
  std::string out =
      Head(report) + "<header>\n" + Intro(report, v) + "</header>\n<main>\n" +
      SummaryTable(report, v) + ActionSection(report, v, options.changes_only) +
      (options.changes_only ? "" : PagesToFixSection(report)) + Charts(report);
  for (size_t i = 0; i < v.institutions.size(); ++i) {
    out += InstitutionSection(report, v.institutions[i], SectionId(i));
  }
  out += PageSections(report) + ErrorsSection(report);
  if (!options.changes_only) {
    out += AcknowledgedSection(report, v) + ScansSection(report);
  }
  return out +
         "</main>\n<footer><p class=\"more\">Made by domex. This page runs no "
         "script "
         "and loads nothing.</p></footer>\n</body>\n</html>\n";
}

}  // namespace domex::reports
