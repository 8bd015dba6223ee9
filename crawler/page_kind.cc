#include "crawler/page_kind.h"

#include <string>

#include "common/text.h"

namespace domex::crawler {

namespace {

std::string MediaType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  return AsciiLower(Trim(content_type.substr(0, semi)));
}

std::string_view SkipSpaceAndBom(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  while (!body.empty() && (body.front() == ' ' || body.front() == '\n' ||
                           body.front() == '\r' || body.front() == '\t')) {
    body.remove_prefix(1);
  }
  return body;
}

// Text a harvester reads with a regex: text/* (csv, vcard, calendar...),
// JSON and XML.
bool IsTextual(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type == "application/json" ||
         type == "application/xml" || EndsWith(type, "+xml") ||
         EndsWith(type, "+json") || type == "application/javascript";
}

// Images, audio, video and fonts: no address a harvester could read.
bool IsMedia(const std::string& type) {
  return type.rfind("image/", 0) == 0 || type.rfind("audio/", 0) == 0 ||
         type.rfind("video/", 0) == 0 || type.rfind("font/", 0) == 0;
}

ContentKind Sniff(std::string_view body) {
  if (body.substr(0, 5) == "%PDF-") return ContentKind::kPdf;
  std::string_view start = SkipSpaceAndBom(body);
  if (StartsWithIgnoreCase(start, "<!doctype html") ||
      StartsWithIgnoreCase(start, "<html")) {
    return ContentKind::kHtml;
  }
  // Text mislabelled as a download (a .csv served as octet-stream): no NUL
  // or other control bytes in the first KiB. Binary formats have them.
  std::string_view head = body.substr(0, 1024);
  if (head.empty()) return ContentKind::kOther;
  for (char c : head) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
      return ContentKind::kOther;
    }
  }
  return ContentKind::kText;
}

}  // namespace

ContentKind ClassifyContent(std::string_view content_type,
                            std::string_view body) {
  const std::string type = MediaType(content_type);
  if (type == "text/html" || type == "application/xhtml+xml") {
    return ContentKind::kHtml;
  }
  if (type == "application/pdf" || type == "application/x-pdf") {
    return ContentKind::kPdf;
  }
  if (IsTextual(type)) {
    // Servers label many things text/plain; a PDF or page is still one.
    ContentKind sniffed = Sniff(body);
    return sniffed == ContentKind::kOther ? ContentKind::kText : sniffed;
  }
  if (type.empty() || type == "application/octet-stream") return Sniff(body);
  if (IsMedia(type)) return ContentKind::kMedia;
  return ContentKind::kOther;
}

bool IsLikelyAsset(const Url& url) {
  static constexpr std::string_view kAssetExtensions[] = {
      ".css",  ".js",   ".mjs",  ".png", ".jpg", ".jpeg", ".gif",
      ".svg",  ".ico",  ".webp", ".bmp", ".tif", ".tiff", ".avif",
      ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",  ".mp4",
      ".m4a",  ".webm", ".ogg",  ".wav", ".avi", ".mov",  ".mkv",
      ".zip",  ".rar",  ".7z",   ".tar", ".tgz", ".exe",  ".dmg",
      ".iso",  ".apk",  ".msi",  ".bin", ".map",
  };
  std::string path = AsciiLower(url.path);
  if (path.rfind("/cdn-cgi/", 0) == 0) return true;
  for (std::string_view ext : kAssetExtensions) {
    if (EndsWith(path, ext)) return true;
  }
  return false;
}

}  // namespace domex::crawler
