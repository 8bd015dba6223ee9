#include "crawler/sitemap.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "common/text.h"

namespace domex::crawler {
namespace {

bool IsGzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

// "#65" or "#x41" -> code point; false when malformed or not a scalar value.
bool ParseCharRef(std::string_view ref, unsigned long* cp) {
  if (ref.size() < 2 || ref[0] != '#') return false;
  bool hex = ref[1] == 'x' || ref[1] == 'X';
  std::string_view digits = ref.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return false;
  unsigned long value = 0;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return false;
    value = value * (hex ? 16 : 10) + d;
  }
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return false;
  }
  *cp = value;
  return true;
}

// XML's five predefined entities and character references; anything else
// is kept as written.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  // An entity is at most a dozen characters: its ';' is looked for no
  // further, so a run of '&' without one stays linear.
  constexpr size_t kMaxEntity = 12;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t semi = s[i] == '&' ? s.substr(i, kMaxEntity + 1).find(';')
                              : std::string_view::npos;
    if (semi != std::string_view::npos) semi += i;
    if (semi == std::string_view::npos) {
      out.push_back(s[i]);
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    if (name == "amp") out.push_back('&');
    else if (name == "lt") out.push_back('<');
    else if (name == "gt") out.push_back('>');
    else if (name == "quot") out.push_back('"');
    else if (name == "apos") out.push_back('\'');
    else if (ParseCharRef(name, &cp)) AppendUtf8(static_cast<uint32_t>(cp), &out);
    else {
      out.push_back(s[i]);
      continue;
    }
    i = semi;
  }
  return out;
}

// The local name of the tag starting at xml[lt] ("<ns:loc attr>" -> "loc"),
// and whether it is a closing tag.
std::string_view TagName(std::string_view xml, size_t lt, bool* closing) {
  size_t pos = lt + 1;
  *closing = pos < xml.size() && xml[pos] == '/';
  if (*closing) ++pos;
  size_t end = xml.find_first_of(" \t\r\n/>", pos);
  if (end == std::string_view::npos) end = xml.size();
  std::string_view name = xml.substr(pos, end - pos);
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Text of a <loc> element from `pos` (just after its start tag) up to the
// next tag; CDATA sections are taken verbatim. Sets *next past what was read.
std::string LocText(std::string_view xml, size_t pos, size_t* next) {
  static constexpr std::string_view kCdata = "<![CDATA[";
  std::string text;
  while (pos < xml.size()) {
    if (xml.substr(pos, kCdata.size()) == kCdata) {
      size_t end = xml.find("]]>", pos + kCdata.size());
      if (end == std::string_view::npos) end = xml.size();
      text.append(xml.substr(pos + kCdata.size(), end - pos - kCdata.size()));
      pos = end + 3;
      continue;
    }
    size_t lt = xml.find('<', pos);
    if (lt == std::string_view::npos) lt = xml.size();
    text += DecodeEntities(xml.substr(pos, lt - pos));
    pos = lt;
    if (xml.substr(pos, kCdata.size()) != kCdata) break;
  }
  *next = pos;
  return std::string(Trim(text));
}

// Skips "<!-- ... -->" at `lt`; returns the position after it, or npos.
size_t SkipComment(std::string_view xml, size_t lt) {
  if (xml.substr(lt, 4) != "<!--") return std::string_view::npos;
  size_t end = xml.find("-->", lt + 4);
  return end == std::string_view::npos ? xml.size() : end + 3;
}

// A tolerant scan rather than a real XML parser: sitemaps in the wild are
// often not well-formed, and all we need is the <loc> text.
Sitemap ScanXml(std::string_view xml) {
  Sitemap map;
  bool seen_root = false;
  size_t pos = 0;
  while (map.locs.size() < kMaxSitemapUrls) {
    size_t lt = xml.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= xml.size()) break;
    if (size_t after = SkipComment(xml, lt); after != std::string_view::npos) {
      pos = after;
      continue;
    }
    pos = lt + 1;
    char first = xml[lt + 1];
    if (first == '?' || first == '!') continue;  // declaration, doctype
    bool closing = false;
    std::string_view name = TagName(xml, lt, &closing);
    if (closing) continue;
    if (!seen_root) {
      seen_root = true;
      map.is_index = EqualsIgnoreCase(name, "sitemapindex");
    }
    if (!EqualsIgnoreCase(name, "loc")) continue;
    size_t gt = xml.find('>', lt);
    if (gt == std::string_view::npos) break;
    if (xml[gt - 1] == '/') continue;  // <loc/>
    std::string loc = LocText(xml, gt + 1, &pos);
    if (!loc.empty()) map.locs.push_back(std::move(loc));
  }
  return map;
}

// One URL per line (sitemaps.org "Text file"); other lines are ignored.
Sitemap ScanText(std::string_view text) {
  Sitemap map;
  for (std::string_view line : Split(text, '\n')) {
    if (map.locs.size() >= kMaxSitemapUrls) break;
    line = Trim(line);
    if (StartsWithIgnoreCase(line, "http://") ||
        StartsWithIgnoreCase(line, "https://")) {
      map.locs.emplace_back(line);
    }
  }
  return map;
}

}  // namespace

Result<std::string> Gunzip(std::string_view gz, size_t max_bytes) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  // 16 + MAX_WBITS: expect a gzip header and trailer, not raw zlib.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Status::Unavailable("zlib init failed");
  }
  std::string out;
  char chunk[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(gz.size(), UINT32_MAX));
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof(chunk) - zs.avail_out;
    // Checked before appending: a gzip bomb never gets its memory.
    if (out.size() + produced > max_bytes) {
      inflateEnd(&zs);
      return Status::InvalidArgument("gzip inflates past " +
                                     std::to_string(max_bytes) + " bytes");
    }
    out.append(chunk, produced);
  }
  inflateEnd(&zs);
  // Z_BUF_ERROR here means the input ended mid-stream.
  if (rc != Z_STREAM_END) {
    return Status::Corruption("corrupt or truncated gzip stream");
  }
  return out;
}

Result<Sitemap> ParseSitemap(std::string_view body, size_t max_bytes) {
  std::string inflated;
  if (IsGzip(body)) {
    Result<std::string> r = Gunzip(body, max_bytes);
    if (!r.ok()) return r.status();
    inflated = std::move(r).value();
    body = inflated;
  } else if (body.size() > max_bytes) {
    return Status::InvalidArgument("sitemap larger than " +
                                   std::to_string(max_bytes) + " bytes");
  }
  const size_t bytes = body.size();
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string_view start = Trim(body.substr(0, 1024));
  Sitemap map = !start.empty() && start[0] == '<' ? ScanXml(body)
                                                  : ScanText(body);
  map.bytes = bytes;
  return map;
}

}  // namespace domex::crawler
