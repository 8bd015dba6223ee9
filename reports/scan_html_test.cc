#include <gtest/gtest.h>

#include <set>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"

namespace domex::reports {
namespace {

using testdata::ParseTags;
using testdata::Tag;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t i = haystack.find(needle); i != std::string::npos;
       i = haystack.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

// Every tag and attribute the renderer writes; data must add none.
const std::set<std::string> kTags = {
    "html", "head",     "meta",   "title",      "style",   "body",  "h1",
    "h2",   "h3",       "p",      "strong",     "section", "table", "tr",
    "th",   "td",       "code",   "a",          "br",      "span",  "ul",
    "li",   "div",      "figure", "figcaption", "svg",     "rect",  "text",
    "line", "polyline", "circle", "footer",     "header",  "main"};
const std::set<std::string> kAttributes = {
    "lang",        "charset", "http-equiv",  "content",      "name",   "class",
    "id",          "href",    "rel",         "xmlns",        "width",  "height",
    "viewbox",     "role",    "font-family", "font-size",    "x",      "y",
    "text-anchor", "fill",    "stroke",      "stroke-width", "points", "cx",
    "cy",          "r",       "x1",          "y1",           "x2",     "y2",
    "scope"};

void ExpectOnlyOwnMarkup(const std::string& html) {
  for (const Tag& tag : ParseTags(html)) {
    const std::string name = tag.name[0] == '/' ? tag.name.substr(1) : tag.name;
    EXPECT_EQ(kTags.count(name), 1u) << "tag " << tag.name;
    for (const auto& [attribute, value] : tag.attributes) {
      EXPECT_EQ(kAttributes.count(attribute), 1u)
          << "attribute " << attribute << " of " << tag.name;
      EXPECT_EQ(value.find('<'), std::string::npos) << value;
      if (attribute == "href") {
        EXPECT_TRUE(value.rfind("http://", 0) == 0 ||
                    value.rfind("https://", 0) == 0)
            << value;
      }
    }
  }
}

TEST(ScanHtmlTest, SelfContainedWithAStrictPolicy) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  // The policy comes before anything it governs.
  const size_t csp = html.find(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; img-src data:\">");
  ASSERT_NE(csp, std::string::npos);
  EXPECT_LT(csp, html.find("<style>"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  ExpectOnlyOwnMarkup(html);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
}

// Everything but the footer sits in a landmark (axe-core's region rule;
// tests/html_report_test.cc runs axe itself), and headings name columns.
TEST(ScanHtmlTest, ContentSitsInLandmarks) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  const size_t header = html.find("<body>\n<header>\n<h1>");
  const size_t main = html.find("</header>\n<main>\n");
  const size_t footer = html.find("</main>\n<footer>");
  ASSERT_NE(header, std::string::npos);
  ASSERT_NE(main, std::string::npos);
  ASSERT_NE(footer, std::string::npos);
  EXPECT_LT(main, html.find("<h2>Needs action</h2>"));
  EXPECT_GT(footer, html.rfind("</section>"));
  EXPECT_EQ(Count(html, "<th>"), 0u);
  EXPECT_GT(Count(html, "<th scope=\"col\">"), 10u);
}

TEST(ScanHtmlTest, FiveChartsOfTheLatestScan) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  EXPECT_EQ(Count(html, "<svg "), 5u);
  EXPECT_EQ(Count(html, "</svg>"), 5u);
  for (const char* caption : {"Addresses by form", "Addresses by site",
                              "Registered lookalikes by fuzzer",
                              "Registered lookalikes by mail class",
                              "Addresses and registered lookalikes per scan"}) {
    EXPECT_NE(
        html.find("<figcaption>" + std::string(caption) + "</figcaption>"),
        std::string::npos)
        << caption;
  }
  // Forms of the addresses still there: text x2, javascript, mailto.
  EXPECT_NE(html.find(">text</text><rect x=\"190\" y=\"11\" width=\"280\""),
            std::string::npos);
  // Two scans, two series, each a line through two points.
  EXPECT_EQ(Count(html, "<polyline"), 2u);
  EXPECT_EQ(Count(html, "<circle"), 4u);
  // The same charts when only changes are listed.
  EXPECT_EQ(Count(RenderScanHtml(testdata::Sample(), {true}), "<svg "), 5u);
}

TEST(ScanHtmlTest, EmptyChartsSaySo) {
  ScanReport r = testdata::OneNewAddress();
  r.addresses.clear();
  r.scans.clear();
  const std::string html = RenderScanHtml(r, {});
  EXPECT_EQ(Count(html, "<svg "), 5u);
  EXPECT_EQ(Count(html, ">nothing to show</text>"), 4u);
  EXPECT_EQ(Count(html, ">no scans yet</text>"), 1u);
}

TEST(ScanHtmlTest, ManyBarsShareOneOthersBar) {
  ScanReport r = testdata::OneNewAddress();
  const AddressItem a = r.addresses[0];
  for (int i = 0; i < 20; ++i) {
    AddressItem more = a;
    more.sites = {"site" + std::to_string(100 + i) + ".in"};
    r.addresses.push_back(more);
  }
  const std::string html = RenderScanHtml(r, {});
  EXPECT_NE(html.find(">(10 others)</text>"), std::string::npos);
}

TEST(ScanHtmlTest, HostileStringsAreInert) {
  const ScanReport r = testdata::Hostile();
  for (bool changes_only : {false, true}) {
    const std::string html = RenderScanHtml(r, {changes_only});
    ExpectOnlyOwnMarkup(html);
    for (const char* const* s = testdata::kHostileStrings; *s != nullptr; ++s) {
      const std::string hostile = *s;
      if (hostile.find_first_of("<\"'&") == std::string::npos) continue;
      EXPECT_EQ(html.find(hostile), std::string::npos) << hostile;
    }
    EXPECT_EQ(Count(html, "<svg "), 5u);
    EXPECT_EQ(Count(html, "<title>"), 6u);  // the page's and each chart's
    EXPECT_EQ(Count(html, "<h1>"), 1u);
    EXPECT_EQ(Count(html, "<style>"), 1u);
    EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
    // The http URL with quotes is a link, its quotes escaped.
    EXPECT_NE(html.find("href=\"https://x.example/&quot;onmouseover=&quot;"
                        "alert(1)\""),
              std::string::npos);
    // Controls and invalid UTF-8 are replaced.
    EXPECT_EQ(html.find('\x1b'), std::string::npos);
    EXPECT_EQ(html.find('\r'), std::string::npos);
    EXPECT_EQ(html.find('\xff'), std::string::npos);
    EXPECT_NE(html.find("\xef\xbf\xbd[31mred\xef\xbf\xbd\nnext\xef\xbf\xbd"),
              std::string::npos);
    // So is a right-to-left override.
    EXPECT_EQ(html.find("\xe2\x80\xae"), std::string::npos);
    EXPECT_NE(html.find("a@\xef\xbf\xbdni.loohcs"), std::string::npos);
  }
}

TEST(ScanHtmlTest, OnlyHttpUrlsAreLinks) {
  ScanReport r = testdata::OneNewAddress();
  r.addresses[0].pages = {"https://a.in/ok",     "HTTP://A.IN/OK",
                          "javascript:alert(1)", " https://a.in/space",
                          "data:text/html,x",    "//a.in/relative",
                          "https://a.in/\x01"};
  const std::string html = RenderScanHtml(r, {});
  // Twice each: the action table and the institution's.
  EXPECT_EQ(Count(html, "<a href=\"https://a.in/ok\""), 2u);
  EXPECT_EQ(Count(html, "<a href=\"HTTP://A.IN/OK\""), 2u);
  // The institution's site is the third link.
  EXPECT_EQ(Count(html, "<a href="), 5u);
}

TEST(ScanHtmlTest, LongTablesAreCapped) {
  ScanReport r = testdata::OneNewAddress();
  const AddressItem a = r.addresses[0];
  for (int i = 0; i < 249; ++i) r.addresses.push_back(a);
  for (int i = 0; i < 7; ++i) {
    r.addresses[0].pages.push_back("https://a.in/" + std::to_string(i));
  }
  const std::string html = RenderScanHtml(r, {});
  EXPECT_EQ(Count(html,
                  "... and 50 more (all are in the JSON and CSV "
                  "reports)</p>"),
            2u);
  EXPECT_EQ(Count(html, ">+3 more</span>"), 2u);
}

}  // namespace
}  // namespace domex::reports
