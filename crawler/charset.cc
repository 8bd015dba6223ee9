#include "crawler/charset.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "common/text.h"

namespace domex::crawler {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kSniffBytes = 1024;

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid (RFC 3629:
// no overlongs, no surrogates, nothing past U+10FFFF).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) len = 3, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC) len = 3;
  else if (c == 0xED) len = 3, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF) len = 3;
  else if (c == 0xF0) len = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else if (c == 0xF4) len = 4, hi = 0x8F;
  else return 0;
  if (i + len > s.size()) return 0;
  unsigned char second = static_cast<unsigned char>(s[i + 1]);
  if (second < lo || second > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if (cc < 0x80 || cc > 0xBF) return 0;
  }
  return len;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// Each invalid byte becomes one U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// WHATWG Encoding Standard label mapping where glibc's names or semantics
// differ: browsers decode latin1 and ASCII labels as windows-1252, and
// several legacy CJK labels as their Microsoft supersets. "" means UTF-8.
std::string IconvName(std::string_view label) {
  struct Alias {
    const char* label;
    const char* iconv;
  };
  static const Alias kAliases[] = {
      {"utf-8", ""}, {"utf8", ""}, {"unicode-1-1-utf-8", ""},
      {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
      {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
      {"iso_8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
      {"l1", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"},
      {"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
      {"x-cp1252", "WINDOWS-1252"}, {"ansi_x3.4-1968", "WINDOWS-1252"},
      {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"},
      {"tis-620", "WINDOWS-874"}, {"iso-8859-11", "WINDOWS-874"},
      {"gb2312", "GBK"}, {"x-gbk", "GBK"}, {"gbk", "GBK"},
      {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"},
      {"shift_jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
      {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"},
      {"utf-16be", "UTF-16BE"},
  };
  std::string lower = AsciiLower(Trim(label));
  for (const Alias& alias : kAliases) {
    if (lower == alias.label) return alias.iconv;
  }
  // Other labels go to iconv as they are, but only plain ones: glibc would
  // otherwise honour suffixes like "//TRANSLIT" from a hostile page.
  if (lower.empty() || lower.size() > 40) return "";
  for (char c : lower) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.' && c != ':') {
      return "";
    }
  }
  std::string upper = lower;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

// Converts with iconv, one U+FFFD per undecodable unit; nullopt-like false
// when iconv does not know the charset.
bool Convert(std::string_view in, const std::string& from, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  size_t unit = from.rfind("UTF-16", 0) == 0 ? 2 : 1;
  std::vector<char> buf(16384);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  while (src_left > 0) {
    char* dst = buf.data();
    size_t dst_left = buf.size();
    size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out->append(buf.data(), buf.size() - dst_left);
    if (rc != static_cast<size_t>(-1) || errno == E2BIG) continue;
    // EILSEQ (bad bytes) or EINVAL (truncated at the end): replace and skip.
    *out += kReplacement;
    size_t skip = std::min(unit, src_left);
    src += skip;
    src_left -= skip;
  }
  iconv_close(cd);
  return true;
}

// Attributes of one lowercased tag body ("charset=x http-equiv='y'"), in
// order. Unquoted values end at whitespace; a missing value is "".
std::vector<std::pair<std::string_view, std::string_view>> Attributes(
    std::string_view tag) {
  std::vector<std::pair<std::string_view, std::string_view>> attrs;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < tag.size() && (std::isspace(static_cast<unsigned char>(tag[i])) ||
                              tag[i] == '/')) {
      ++i;
    }
  };
  while (attrs.size() < 64) {
    skip_space();
    if (i >= tag.size()) break;
    size_t name_start = i;
    while (i < tag.size() && tag[i] != '=' && tag[i] != '/' &&
           !std::isspace(static_cast<unsigned char>(tag[i]))) {
      ++i;
    }
    std::string_view name = tag.substr(name_start, i - name_start);
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string_view value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
      char quote = i < tag.size() && (tag[i] == '"' || tag[i] == '\'') ? tag[i++] : 0;
      size_t value_start = i;
      while (i < tag.size() && (quote ? tag[i] != quote
                                      : !std::isspace(static_cast<unsigned char>(tag[i])))) {
        ++i;
      }
      value = tag.substr(value_start, i - value_start);
      if (quote && i < tag.size()) ++i;
    }
    if (!name.empty()) attrs.emplace_back(name, value);
  }
  return attrs;
}

// Charset declared by one lowercased <meta ...> tag body, or "" (the
// HTML §13.2.3.2 prescan, simplified).
std::string MetaCharset(std::string_view tag) {
  bool is_content_type = false;
  std::string_view content;
  for (const auto& [name, value] : Attributes(tag)) {
    if (name == "charset") {
      // "<meta charset=x/>": no label contains '/', so it is the tag's end.
      std::string_view v = Trim(value.substr(0, value.find('/')));
      if (!v.empty()) return std::string(v);
    } else if (name == "http-equiv") {
      is_content_type = Trim(value) == "content-type";
    } else if (name == "content") {
      content = value;
    }
  }
  return is_content_type ? CharsetFromContentType(content) : "";
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  for (std::string_view param : Split(content_type, ';')) {
    param = Trim(param);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(Trim(param.substr(0, eq)), "charset")) continue;
    std::string_view value = Trim(param.substr(eq + 1));
    if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'') &&
        value.back() == value[0]) {
      value = Trim(value.substr(1, value.size() - 2));
    }
    return AsciiLower(value);
  }
  return "";
}

std::string SniffHtmlCharset(std::string_view html) {
  if (html.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (html.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  if (html.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  std::string head = AsciiLower(html.substr(0, kSniffBytes));
  for (size_t pos = head.find("<meta"); pos != std::string::npos;
       pos = head.find("<meta", pos + 5)) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string charset = MetaCharset(std::string_view(head).substr(pos + 5, end - pos - 5));
    if (charset.empty()) continue;
    // A page readable as ASCII to find this tag cannot really be UTF-16
    // (HTML §13.2.3.2 makes the same correction).
    if (charset.rfind("utf-16", 0) == 0) return "utf-8";
    return charset;
  }
  return "";
}

std::string ToUtf8(std::string_view body, std::string_view charset) {
  std::string from;
  if (Trim(charset).empty()) {
    if (IsValidUtf8(body)) return std::string(body);
    from = "WINDOWS-1252";  // WHATWG default for undeclared legacy pages
  } else {
    from = IconvName(charset);
  }
  if (from.rfind("UTF-16", 0) == 0) {
    // A BOM overrides the label's byte order and is not content.
    if (body.substr(0, 2) == "\xFF\xFE") from = "UTF-16LE", body.remove_prefix(2);
    else if (body.substr(0, 2) == "\xFE\xFF") from = "UTF-16BE", body.remove_prefix(2);
  }
  std::string out;
  // "" (UTF-8) or a label iconv does not know: read as UTF-8, repairing.
  if (from.empty() || !Convert(body, from, &out)) {
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    return ReplaceInvalidUtf8(body);
  }
  // iconv output should already be valid; the check makes it a guarantee.
  return IsValidUtf8(out) ? out : ReplaceInvalidUtf8(out);
}

}  // namespace domex::crawler
