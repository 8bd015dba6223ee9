// What a fetched body is, and which links are not worth fetching at all.
// Pure; thread-safe.
#pragma once

#include <string_view>

#include "crawler/url.h"

namespace domex::crawler {

// kText: any text/*, JSON or XML type, scanned for plain addresses. kMedia:
// images, audio, video, fonts (nothing to read). kOther: everything else
// (office documents, archives...), which domex cannot examine.
enum class ContentKind { kHtml, kPdf, kText, kMedia, kOther };

// Classifies a response by its Content-Type, falling back to sniffing the
// first bytes when the type is missing or generic (application/octet-stream):
// "%PDF-" is a PDF, a leading "<!doctype html" or "<html" is HTML, and a
// first KiB without control bytes is text.
ContentKind ClassifyContent(std::string_view content_type,
                            std::string_view body);

// True for links that are not pages of the site: assets that cannot hold a
// readable address for a harvester (images, fonts, stylesheets, scripts,
// media, archives), judged by the path's extension, and Cloudflare's own
// endpoints under /cdn-cgi/ (the email-protection link is decoded from the
// page itself). Such links are not fetched, which keeps the crawl polite.
// PDFs and extension-less paths are always worth fetching.
bool IsLikelyAsset(const Url& url);

}  // namespace domex::crawler
