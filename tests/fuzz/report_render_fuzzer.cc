// The scan report's renderers (reports/scan_render.h) with hostile strings:
// every string of a sample report that came from a page, DNS or the config
// is replaced by fuzzed bytes, and each format must neutralise them - not
// merely survive them. Input: the strings, in FuzzedDataProvider's
// encoding (each ended by a backslash and another byte; "\\" is a literal
// backslash), then control bytes at the end.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <cctype>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using domex::fuzz::IsValidUtf8;
using domex::reports::testdata::ParseTags;
using domex::reports::testdata::Tag;

constexpr size_t kMaxString = 512;

// Replaces strings while fuzzed bytes last; the rest keep the sample's.
class Filler {
 public:
  explicit Filler(FuzzedDataProvider* in) : in_(in) {}
  void operator()(std::string* s) {
    if (in_->remaining_bytes() > 0)
      *s = in_->ConsumeRandomLengthString(kMaxString);
  }
  void operator()(std::vector<std::string>* v) {
    for (std::string& s : *v) (*this)(&s);
    if (in_->remaining_bytes() > 0 && in_->ConsumeBool()) {
      v->push_back(in_->ConsumeRandomLengthString(kMaxString));
    }
  }

 private:
  FuzzedDataProvider* in_;
};

domex::reports::ScanReport HostileReport(FuzzedDataProvider* in) {
  using namespace domex::reports;
  ScanReport r = testdata::Sample();
  Filler fill(in);
  for (InstitutionSummary& i : r.institutions) {
    fill(&i.name), fill(&i.sites), fill(&i.domains);
  }
  for (AddressItem& a : r.addresses) {
    fill(&a.institution), fill(&a.address), fill(&a.forms), fill(&a.pages);
    fill(&a.harvestable_by), fill(&a.sites);
  }
  for (LookalikeItem& l : r.lookalikes) {
    domex::store::LookalikeRecord& d = l.record;
    fill(&l.institution), fill(&d.origin), fill(&d.domain), fill(&d.unicode);
    fill(&d.fuzzers), fill(&d.verdict), fill(&d.mail), fill(&d.a);
    fill(&d.aaaa), fill(&d.mx), fill(&d.ns), fill(&l.changes);
  }
  for (PageProblem& p : r.failed_pages) fill(&p.url), fill(&p.reason);
  for (domex::store::ScanRecord& s : r.scans) {
    fill(&s.config_path), fill(&s.config_digest), fill(&s.errors);
  }
  // The control bytes (FuzzedDataProvider takes them from the end).
  for (AddressItem& a : r.addresses) {
    a.status = in->PickValueInArray(
        {ItemStatus::kNew, ItemStatus::kPresent, ItemStatus::kGone});
  }
  for (LookalikeItem& l : r.lookalikes) {
    l.status = in->PickValueInArray({ItemStatus::kNew, ItemStatus::kPresent,
                                     ItemStatus::kGone, ItemStatus::kChanged});
  }
  return r;
}

// The tags and attributes RenderScanHtml writes (as reports/scan_html_test
// lists them); data must add none.
const std::set<std::string> kHtmlTags = {
    "html",       "head",   "meta",   "title", "style",  "body",
    "h1",         "h2",     "h3",     "p",     "strong", "section",
    "table",      "tr",     "th",     "td",    "code",   "a",
    "br",         "span",   "ul",     "li",    "div",    "figure",
    "figcaption", "svg",    "rect",   "text",  "line",   "polyline",
    "circle",     "footer", "header", "main",  "mark",   "wbr"};
const std::set<std::string> kHtmlAttributes = {
    "lang",        "charset", "http-equiv",  "content",      "name",   "class",
    "id",          "href",    "rel",         "xmlns",        "width",  "height",
    "viewbox",     "role",    "font-family", "font-size",    "x",      "y",
    "text-anchor", "fill",    "stroke",      "stroke-width", "points", "cx",
    "cy",          "r",       "x1",          "y1",           "x2",     "y2",
    "scope",       "title"};

// Up to 200 bytes of `text` around the first `needle`, for a failure.
std::string Around(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t from = at < 100 ? 0 : at - 100;
  return text.substr(from, 200);
}

std::string Name(const Tag& tag) {
  return tag.name[0] == '/' ? tag.name.substr(1) : tag.name;
}

void CheckHtml(const std::string& html) {
  FUZZ_CHECK(IsValidUtf8(html), "HTML is not UTF-8");
  for (const Tag& tag : ParseTags(html)) {
    FUZZ_CHECK(kHtmlTags.count(Name(tag)) == 1, "tag " + tag.name);
    for (const auto& [attribute, value] : tag.attributes) {
      FUZZ_CHECK(kHtmlAttributes.count(attribute) == 1,
                 "attribute " + attribute);
      FUZZ_CHECK(value.find_first_of("<\"") == std::string::npos, value);
      // The summary's links to the report's own sections.
      const bool own_section =
          value.rfind("#institution-", 0) == 0 &&
          value.find_first_not_of("0123456789", 13) == std::string::npos;
      if (attribute == "href" && !own_section) {
        // Schemes are case-insensitive (RFC 3986 §3.1): "HTTPS://" is fine.
        std::string scheme = value.substr(0, 8);
        for (char& c : scheme) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        FUZZ_CHECK(
            scheme.rfind("http://", 0) == 0 || scheme.rfind("https://", 0) == 0,
            "href " + value);
      }
    }
  }
  // Outside the tags (ParseTags cannot see a "<" that opens no tag, such
  // as "<!--" or "< "): no raw "<" or '"' in text. The renderer's own
  // stylesheet is the one place quotes may appear.
  size_t i = 0;
  if (html.rfind("<!DOCTYPE html>", 0) == 0) i = 15;
  while (i < html.size()) {
    if (html.compare(i, 7, "<style>") == 0) {
      i = html.find("</style>", i);
      FUZZ_CHECK(i != std::string::npos, "unclosed style");
    }
    if (html[i] == '<') {
      const char next = i + 1 < html.size() ? html[i + 1] : '\0';
      FUZZ_CHECK(next == '/' || (next >= 'a' && next <= 'z'),
                 "raw < in text: " + html.substr(i, 40));
      bool quoted = false;
      for (++i; i < html.size() && (quoted || html[i] != '>'); ++i) {
        if (html[i] == '"') quoted = !quoted;
        FUZZ_CHECK(html[i] != '<', "< inside a tag: " + html.substr(i, 40));
      }
    } else {
      FUZZ_CHECK(html[i] != '"', "raw quote in text");
    }
    ++i;
  }
}

// Fields of an RFC 4180 document, row by row.
std::vector<std::vector<std::string>> ParseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    std::string& field = rows.back().back();
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"', ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      rows.emplace_back(1), ++i;
    } else {
      FUZZ_CHECK(c != '"' && c != '\n' && c != '\r', "stray quote or break");
      field += c;
    }
  }
  FUZZ_CHECK(!quoted, "unterminated quote");
  rows.pop_back();  // after the last CRLF
  return rows;
}

void CheckCsv(const std::string& csv) {
  if (csv.empty()) return;
  const auto rows = ParseCsv(csv);
  FUZZ_CHECK(!rows.empty(), "no header");
  for (const auto& row : rows) {
    FUZZ_CHECK(row.size() == rows[0].size(), "a row with another cell count");
    for (const std::string& field : row) {
      // A spreadsheet runs these as formulas (OWASP "CSV injection").
      FUZZ_CHECK(field.empty() || std::string("=+-@\t\r").find(field[0]) ==
                                      std::string::npos,
                 "formula cell: " + field);
    }
  }
}

// No byte a terminal acts on: C0 controls but the line break, DEL, and C1
// controls (U+0080..U+009F); and valid UTF-8 so none hides in a broken
// sequence.
void CheckTerminalText(const std::string& text, const char* format) {
  FUZZ_CHECK(IsValidUtf8(text), std::string(format) + " is not UTF-8");
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    FUZZ_CHECK((b >= 0x20 || b == '\n') && b != 0x7f,
               std::string(format) + ": control byte");
    if (b == 0xc2 && i + 1 < text.size()) {
      FUZZ_CHECK(static_cast<unsigned char>(text[i + 1]) >= 0xa0,
                 std::string(format) + ": C1 control");
    }
  }
  // Nor anything that reorders or hides text on screen (Trojan Source):
  // bidi overrides and isolates, RLM/LRM, zero-width space, BOM.
  for (const char* hidden :
       {"\xe2\x80\xae", "\xe2\x80\xad", "\xe2\x81\xa6", "\xe2\x81\xa7",
        "\xe2\x81\xa8", "\xe2\x80\x8b", "\xe2\x80\x8f", "\xef\xbb\xbf"}) {
    FUZZ_CHECK(text.find(hidden) == std::string::npos,
               std::string(format) + ": invisible reordering character");
  }
}

// The Markdown as GitHub renders it (cmark-gfm, raw HTML allowed: the
// worst case) holds only the renderer's own markup: no link, image, HTML or
// emphasis from the data, and every table row has its header's cells (as
// tests/markdown_report_test.cc checks for a fixed report).
void CheckMarkdown(const std::string& markdown) {
  CheckTerminalText(markdown, "Markdown");
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_UNSAFE);
  for (const char* name : {"table", "autolink", "strikethrough", "tasklist"}) {
    cmark_parser_attach_syntax_extension(parser,
                                         cmark_find_syntax_extension(name));
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* document = cmark_parser_finish(parser);
  char* rendered = cmark_render_html(
      document, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(parser));
  const std::string html = rendered;
  cmark_get_default_mem_allocator()->free(rendered);
  cmark_node_free(document);
  cmark_parser_free(parser);

  static const std::set<std::string> allowed = {
      "h1",    "h2", "h3", "p",  "strong", "table", "thead",
      "tbody", "tr", "th", "td", "code",   "ul",    "li"};
  size_t header_cells = 0, cells = 0;
  bool in_head = false;
  for (const Tag& tag : ParseTags(html)) {
    const bool end = tag.name[0] == '/';
    const std::string name = Name(tag);
    FUZZ_CHECK(allowed.count(name) == 1, "Markdown made <" + tag.name + ">: " +
                                             Around(html, "<" + tag.name));
    FUZZ_CHECK(tag.attributes.empty(), "Markdown made an attribute");
    if (name == "thead") in_head = !end;
    if (!end && (name == "th" || name == "td")) ++cells;
    if (!end && name == "tr") cells = 0;
    if (end && name == "tr") {
      if (in_head) header_cells = cells;
      FUZZ_CHECK(in_head || cells == header_cells, "a cell broke out");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex::reports;
  FuzzedDataProvider in(data, size);
  const ScanReport report = HostileReport(&in);
  for (bool changes_only : {false, true}) {
    const RenderOptions options{changes_only};
    CheckHtml(RenderScanHtml(report, options));
    CheckCsv(RenderScanCsv(report, options));
    CheckTerminalText(RenderScanText(report, options), "text");
    CheckMarkdown(RenderScanMarkdown(report, options));
    // JSON escapes every control character and keeps UTF-8 valid.
    const std::string json = RenderScanJson(report, options);
    FUZZ_CHECK(IsValidUtf8(json), "JSON is not UTF-8");
    for (unsigned char c : json)
      FUZZ_CHECK(c >= 0x20 || c == '\n', "JSON control");
  }
  return 0;
}
