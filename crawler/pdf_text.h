// Text extraction from PDF documents (poppler-cpp). Thread-compatible: call
// from one thread at a time (poppler's global state).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace domex::crawler {

// The text of every page, pages separated by "\n". Fails on bytes that are
// not a PDF, an encrypted or corrupt document. At most `max_pages` pages are
// read, so a hostile 100,000-page file cannot stall a crawl.
Result<std::string> PdfToText(std::string_view pdf, int max_pages = 1000);

}  // namespace domex::crawler
