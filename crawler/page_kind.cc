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

ContentKind Sniff(std::string_view body) {
  if (body.substr(0, 5) == "%PDF-") return ContentKind::kPdf;
  std::string_view start = SkipSpaceAndBom(body);
  if (StartsWithIgnoreCase(start, "<!doctype html") ||
      StartsWithIgnoreCase(start, "<html")) {
    return ContentKind::kHtml;
  }
  return ContentKind::kOther;
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
  if (type == "text/plain") {
    // Servers label many things text/plain; a PDF or page is still one.
    ContentKind sniffed = Sniff(body);
    return sniffed == ContentKind::kOther ? ContentKind::kText : sniffed;
  }
  if (type.empty() || type == "application/octet-stream") return Sniff(body);
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
