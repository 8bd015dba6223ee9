#include "crawler/charset.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <map>
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

// The Encoding Standard's encodings (§4.2, "Names and labels"): its name,
// the glibc iconv name that decodes it ("" for those decoded here), and
// every label, space-separated, exactly as the standard's table lists them.
// Where glibc's namesake differs from the standard's decoder, the iconv name
// is the superset browsers really use (Shift_JIS is windows-31j, EUC-KR is
// windows-949, Big5 is Big5-HKSCS, KOI8-U is KOI8-RU).
struct Encoding {
  const char* name;
  const char* iconv;
  const char* labels;
};

constexpr Encoding kEncodings[] = {
    {"UTF-8", "",
     "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 "
     "x-unicode20utf8"},
    {"IBM866", "IBM866", "866 cp866 csibm866 ibm866"},
    {"ISO-8859-2", "ISO-8859-2",
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
     "iso_8859-2:1987 l2 latin2"},
    {"ISO-8859-3", "ISO-8859-3",
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
     "iso_8859-3:1988 l3 latin3"},
    {"ISO-8859-4", "ISO-8859-4",
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
     "iso_8859-4:1988 l4 latin4"},
    {"ISO-8859-5", "ISO-8859-5",
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
     "iso_8859-5 iso_8859-5:1988"},
    {"ISO-8859-6", "ISO-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 "
     "iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 "
     "iso_8859-6 iso_8859-6:1987"},
    {"ISO-8859-7", "ISO-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
     "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {"ISO-8859-8", "ISO-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e "
     "iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual"},
    {"ISO-8859-8-I", "ISO-8859-8", "csiso88598i iso-8859-8-i logical"},
    {"ISO-8859-10", "ISO-8859-10",
     "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {"ISO-8859-13", "ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {"ISO-8859-14", "ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {"ISO-8859-15", "ISO-8859-15",
     "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {"ISO-8859-16", "ISO-8859-16", "iso-8859-16"},
    {"KOI8-R", "KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {"KOI8-U", "KOI8-RU", "koi8-ru koi8-u"},
    {"macintosh", "MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {"windows-874", "WINDOWS-874",
     "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {"windows-1250", "WINDOWS-1250", "cp1250 windows-1250 x-cp1250"},
    {"windows-1251", "WINDOWS-1251", "cp1251 windows-1251 x-cp1251"},
    {"windows-1252", "WINDOWS-1252",
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 "
     "iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 "
     "us-ascii windows-1252 x-cp1252"},
    {"windows-1253", "WINDOWS-1253", "cp1253 windows-1253 x-cp1253"},
    {"windows-1254", "WINDOWS-1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 "
     "iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254"},
    {"windows-1255", "WINDOWS-1255", "cp1255 windows-1255 x-cp1255"},
    {"windows-1256", "WINDOWS-1256", "cp1256 windows-1256 x-cp1256"},
    {"windows-1257", "WINDOWS-1257", "cp1257 windows-1257 x-cp1257"},
    {"windows-1258", "WINDOWS-1258", "cp1258 windows-1258 x-cp1258"},
    {"x-mac-cyrillic", "MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    {"GBK", "GBK",
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk "
     "iso-ir-58 x-gbk"},
    {"gb18030", "GB18030", "gb18030"},
    {"Big5", "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {"EUC-JP", "EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {"ISO-2022-JP", "ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {"Shift_JIS", "CP932",
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {"EUC-KR", "CP949",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 "
     "ks_c_5601-1989 ksc5601 ksc_5601 windows-949"},
    // Encodings that could smuggle ASCII past filters (§4.2: "replacement"):
    // browsers decode the whole page to one U+FFFD.
    {"replacement", "",
     "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr "
     "replacement"},
    {"UTF-16BE", "UTF-16BE", "unicodefffe utf-16be"},
    {"UTF-16LE", "UTF-16LE",
     "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    {"x-user-defined", "", "x-user-defined"},
};

// The standard's ASCII whitespace (not \v, unlike domex::Trim).
bool IsAsciiWhitespace(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

std::string_view TrimAsciiWhitespace(std::string_view s) {
  while (!s.empty() && IsAsciiWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

const Encoding* FindEncoding(std::string_view label) {
  std::string key = AsciiLower(TrimAsciiWhitespace(label));
  if (key.empty() || key.find(' ') != std::string::npos) return nullptr;
  for (const Encoding& e : kEncodings) {
    for (std::string_view l : Split(e.labels, ' ')) {
      if (l == key) return &e;
    }
  }
  return nullptr;
}

const Encoding& ByName(std::string_view name) {
  for (const Encoding& e : kEncodings) {
    if (name == e.name) return e;
  }
  return kEncodings[0];  // unreachable for the names used here
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

// x-user-defined (Encoding Standard §14.5): ASCII stays, each byte 0x80-0xFF
// is U+F780 + (byte - 0x80), a private-use code point.
std::string DecodeXUserDefined(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b < 0x80) out.push_back(c);
    else AppendUtf8(0xF780 + (b - 0x80), &out);
  }
  return out;
}

// Decodes `body` (its BOM already removed) from the named encoding; false
// when iconv cannot (the encoding is missing from this glibc).
bool DecodeAs(std::string_view body, const Encoding& e, std::string* out) {
  std::string_view name = e.name;
  if (name == "UTF-8") {
    *out = ReplaceInvalidUtf8(body);
  } else if (name == "x-user-defined") {
    *out = DecodeXUserDefined(body);
  } else if (name == "replacement") {
    *out = body.empty() ? "" : kReplacement;
  } else {
    if (!Convert(body, e.iconv, out)) return false;
    // iconv output should already be valid; the check makes it a guarantee.
    if (!IsValidUtf8(*out)) *out = ReplaceInvalidUtf8(*out);
  }
  return true;
}

// Encoding Standard §6 "BOM sniff": the encoding a byte order mark names,
// and the mark's length; nullptr when there is none.
const Encoding* BomSniff(std::string_view body, size_t* bom_length) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    *bom_length = 3;
    return &ByName("UTF-8");
  }
  *bom_length = 2;
  if (body.substr(0, 2) == "\xFE\xFF") return &ByName("UTF-16BE");
  if (body.substr(0, 2) == "\xFF\xFE") return &ByName("UTF-16LE");
  *bom_length = 0;
  return nullptr;
}

// The default for a page that declares nothing a browser understands.
const Encoding& DefaultEncoding(std::string_view body) {
  return ByName(IsValidUtf8(body) ? "UTF-8" : "windows-1252");
}

// ---- HTML §13.2.3.2: prescan a byte stream to determine its encoding ----

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "Get an attribute" from s[*i]: false at '>' or the end (no attribute).
// The name comes back lowercase; the value keeps its bytes as they are.
bool GetAttribute(std::string_view s, size_t* i, std::string* name,
                  std::string* value) {
  name->clear();
  value->clear();
  size_t p = *i;
  while (p < s.size() && (IsAsciiWhitespace(s[p]) || s[p] == '/')) ++p;
  if (p >= s.size() || s[p] == '>') {
    *i = p;
    return false;
  }
  // The name: up to '=', whitespace, '/' or '>' (a leading '=' is a name).
  do {
    name->push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[p]))));
    ++p;
  } while (p < s.size() && s[p] != '=' && s[p] != '/' && s[p] != '>' &&
           !IsAsciiWhitespace(s[p]));
  while (p < s.size() && IsAsciiWhitespace(s[p])) ++p;
  if (p >= s.size() || s[p] != '=') {
    *i = p;  // an attribute without a value
    return true;
  }
  ++p;
  while (p < s.size() && IsAsciiWhitespace(s[p])) ++p;
  if (p < s.size() && (s[p] == '"' || s[p] == '\'')) {
    char quote = s[p++];
    size_t end = s.find(quote, p);
    if (end == std::string_view::npos) end = s.size();
    *value = std::string(s.substr(p, end - p));
    *i = std::min(end + 1, s.size());
    return true;
  }
  while (p < s.size() && s[p] != '>' && !IsAsciiWhitespace(s[p])) {
    value->push_back(s[p++]);
  }
  *i = p;
  return true;
}

// "Extracting a character encoding from a meta element": the label after
// "charset" and "=" in a content attribute, quoted or up to ';' or space.
const Encoding* EncodingFromContent(std::string_view content) {
  std::string lower = AsciiLower(content);
  for (size_t pos = lower.find("charset"); pos != std::string::npos;
       pos = lower.find("charset", pos)) {
    pos += 7;
    size_t p = pos;
    while (p < lower.size() && IsAsciiWhitespace(lower[p])) ++p;
    if (p >= lower.size() || lower[p] != '=') continue;
    ++p;
    while (p < lower.size() && IsAsciiWhitespace(lower[p])) ++p;
    if (p >= lower.size()) return nullptr;
    if (lower[p] == '"' || lower[p] == '\'') {
      size_t end = lower.find(lower[p], p + 1);
      if (end == std::string::npos) return nullptr;
      return FindEncoding(content.substr(p + 1, end - p - 1));
    }
    size_t end = p;
    while (end < lower.size() && lower[end] != ';' &&
           !IsAsciiWhitespace(lower[end])) {
      ++end;
    }
    return FindEncoding(content.substr(p, end - p));
  }
  return nullptr;
}

// The attributes of one <meta> tag from s[*i] (just past "<meta"): the
// encoding it declares, or nullptr.
const Encoding* MetaEncoding(std::string_view s, size_t* i) {
  std::vector<std::string> seen;
  bool got_pragma = false;
  enum { kNull, kFalse, kTrue } need_pragma = kNull;
  const Encoding* charset = nullptr;
  bool charset_set = false;  // the spec's "charset" is no longer null
  std::string name, value;
  while (GetAttribute(s, i, &name, &value)) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    if (name == "http-equiv") {
      if (AsciiLower(value) == "content-type") got_pragma = true;
    } else if (name == "content") {
      const Encoding* e = EncodingFromContent(value);
      if (e != nullptr && !charset_set) {
        charset = e;
        charset_set = true;
        need_pragma = kTrue;
      }
    } else if (name == "charset") {
      charset = FindEncoding(value);  // nullptr here is the spec's failure
      charset_set = true;
      need_pragma = kFalse;
    }
  }
  if (need_pragma == kNull || (need_pragma == kTrue && !got_pragma) ||
      charset == nullptr) {
    return nullptr;
  }
  std::string_view n = charset->name;
  if (n == "UTF-16BE" || n == "UTF-16LE") return &ByName("UTF-8");
  if (n == "x-user-defined") return &ByName("windows-1252");
  return charset;
}

const Encoding* Prescan(std::string_view html) {
  std::string_view s = html.substr(0, kSniffBytes);
  size_t i = 0;
  std::string name, value;
  while (i < s.size()) {
    std::string_view rest = s.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      size_t end = s.find("-->", i + 2);
      if (end == std::string_view::npos) return nullptr;
      i = end + 3;
    } else if (rest.size() > 5 && StartsWithIgnoreCase(rest, "<meta") &&
               (IsAsciiWhitespace(rest[5]) || rest[5] == '/')) {
      i += 5;
      if (const Encoding* e = MetaEncoding(s, &i)) return e;
    } else if (rest.size() > 1 &&
               (IsAsciiAlpha(rest[1]) ||
                (rest[1] == '/' && rest.size() > 2 && IsAsciiAlpha(rest[2]))) &&
               rest[0] == '<') {
      // Another tag: skip its name and its attributes (which may hold '>').
      while (i < s.size() && !IsAsciiWhitespace(s[i]) && s[i] != '>') ++i;
      while (GetAttribute(s, &i, &name, &value)) {
      }
      ++i;
    } else if (rest.substr(0, 2) == "<!" || rest.substr(0, 2) == "</" ||
               rest.substr(0, 2) == "<?") {
      size_t end = s.find('>', i);
      if (end == std::string_view::npos) return nullptr;
      i = end + 1;
    } else {
      ++i;
    }
  }
  return nullptr;
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

std::string_view EncodingForLabel(std::string_view label) {
  const Encoding* e = FindEncoding(label);
  return e != nullptr ? e->name : "";
}

std::string SniffHtmlCharset(std::string_view html) {
  size_t bom = 0;
  if (const Encoding* e = BomSniff(html, &bom)) return e->name;
  const Encoding* e = Prescan(html);
  return e != nullptr ? e->name : "";
}

Result<std::string> DecodeBody(std::string_view body,
                               std::string_view content_type, bool html) {
  size_t bom = 0;
  const Encoding* e = BomSniff(body, &bom);
  body.remove_prefix(bom);
  if (e == nullptr) e = FindEncoding(CharsetFromContentType(content_type));
  if (e == nullptr && html) e = Prescan(body);
  if (e == nullptr) e = &DefaultEncoding(body);
  if (std::string_view(e->name) == "replacement" && !body.empty()) {
    return Status::InvalidArgument(
        "undecodable: its charset is one browsers replace with a single "
        "U+FFFD (ISO-2022-KR, ISO-2022-CN, HZ-GB-2312)");
  }
  std::string out;
  if (!DecodeAs(body, *e, &out)) {
    return Status::InvalidArgument(std::string("cannot decode charset ") +
                                   e->name + ": this iconv lacks it");
  }
  return out;
}

std::string ToUtf8(std::string_view body, std::string_view charset) {
  size_t bom = 0;
  const Encoding* e = BomSniff(body, &bom);
  body.remove_prefix(bom);
  if (e == nullptr) e = FindEncoding(charset);
  if (e == nullptr) e = &DefaultEncoding(body);
  std::string out;
  if (!DecodeAs(body, *e, &out)) return ReplaceInvalidUtf8(body);
  return out;
}

}  // namespace domex::crawler
