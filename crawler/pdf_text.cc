#include "crawler/pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <memory>
#include <mutex>

namespace domex::crawler {
namespace {

// Bound on extracted text: far beyond any real document's prose, small
// enough that a pathological file cannot exhaust memory.
constexpr size_t kMaxTextBytes = 32u << 20;

// Poppler prints every syntax complaint about hostile PDFs to stderr;
// crawl output must stay readable, so its messages are dropped.
void IgnorePopplerMessage(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  });
}

bool LooksLikePdfBytes(std::string_view pdf) {
  // Readers accept the header anywhere in the first 1024 bytes.
  return pdf.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Result<std::string> ExtractText(const poppler::document& doc, int max_pages) {
  std::string text;
  int pages = std::min(doc.pages(), max_pages);
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc.create_page(i));
    if (!page) continue;  // one broken page should not lose the rest
    poppler::byte_array utf8 = page->text().to_utf8();
    if (i > 0) text.push_back('\n');
    text.append(utf8.data(), utf8.size());
    if (text.size() > kMaxTextBytes) {
      text.resize(kMaxTextBytes);
      break;
    }
  }
  return text;
}

}  // namespace

Result<std::string> PdfToText(std::string_view pdf, int max_pages) {
  if (!LooksLikePdfBytes(pdf)) return Status::InvalidArgument("not a PDF");
  if (pdf.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument("PDF too large");
  }
  SilencePoppler();
  try {
    // load_from_raw_data does not copy: `pdf` outlives `doc` here.
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
        pdf.data(), static_cast<int>(pdf.size())));
    if (!doc) return Status::Corruption("unreadable PDF");
    // Locked means a user password is needed; owner-only encryption
    // (permissions) opens in every reader, so its text is public anyway.
    if (doc->is_locked()) return Status::InvalidArgument("encrypted PDF");
    return ExtractText(*doc, std::max(0, max_pages));
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("PDF extraction failed: ") + e.what());
  }
}

}  // namespace domex::crawler
