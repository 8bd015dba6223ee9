#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "reports/scan_view.h"

namespace domex::reports {

// scan_html.cc's lookalike-name helpers (declared there, in no header:
// scan_view.h is shared by every renderer).
namespace html_internal {
struct NameDiff {
  std::vector<bool> from_changed, to_changed;
};
std::u32string CodePoints(const std::string& s);
NameDiff DiffCodePoints(const std::u32string& from, const std::u32string& to);
std::string CodePointName(char32_t c);
std::string MarkedName(const std::u32string& name,
                       const std::vector<bool>& changed);
}  // namespace html_internal

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
    "html",       "head",   "meta",   "title", "style",  "body",
    "h1",         "h2",     "h3",     "p",     "strong", "section",
    "table",      "tr",     "th",     "td",    "code",   "a",
    "br",         "span",   "ul",     "li",    "div",    "figure",
    "figcaption", "svg",    "rect",   "text",  "line",   "polyline",
    "circle",     "footer", "header", "main",  "mark",   "wbr"};
const std::set<std::string> kAttributes = {
    "lang",        "charset", "http-equiv",  "content",      "name",   "class",
    "id",          "href",    "rel",         "xmlns",        "width",  "height",
    "viewbox",     "role",    "font-family", "font-size",    "x",      "y",
    "text-anchor", "fill",    "stroke",      "stroke-width", "points", "cx",
    "cy",          "r",       "x1",          "y1",           "x2",     "y2",
    "scope",       "title"};

void ExpectOnlyOwnMarkup(const std::string& html) {
  for (const Tag& tag : ParseTags(html)) {
    const std::string name = tag.name[0] == '/' ? tag.name.substr(1) : tag.name;
    EXPECT_EQ(kTags.count(name), 1u) << "tag " << tag.name;
    for (const auto& [attribute, value] : tag.attributes) {
      EXPECT_EQ(kAttributes.count(attribute), 1u)
          << "attribute " << attribute << " of " << tag.name;
      EXPECT_EQ(value.find('<'), std::string::npos) << value;
      if (attribute == "href") {
        // Pages' URLs, or the summary's links to our own section ids.
        const bool own_section =
            value.rfind("#institution-", 0) == 0 &&
            value.find_first_not_of("0123456789", 13) == std::string::npos;
        EXPECT_TRUE(value.rfind("http://", 0) == 0 ||
                    value.rfind("https://", 0) == 0 || own_section)
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

// The SVG of the chart captioned `caption`.
std::string Chart(const std::string& html, const std::string& caption) {
  const size_t at = html.find("<figcaption>" + caption + "</figcaption>");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</figure>", at) - at);
}

TEST(ScanHtmlTest, FourChartsOfTheLatestScan) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  EXPECT_EQ(Count(html, "<svg "), 4u);
  EXPECT_EQ(Count(html, "</svg>"), 4u);
  for (const char* caption : {"Addresses by form", "Addresses by site",
                              "Registered lookalikes by mail class",
                              "Addresses and registered lookalikes per scan"}) {
    EXPECT_NE(
        html.find("<figcaption>" + std::string(caption) + "</figcaption>"),
        std::string::npos)
        << caption;
  }
  // Which fuzzer made a lookalike decides nothing: no chart of it.
  EXPECT_EQ(html.find("by fuzzer"), std::string::npos);
  // Forms of the addresses still there: text x2, javascript, mailto.
  EXPECT_NE(html.find(">text</text><rect x=\"190\" y=\"11\" width=\"280\""),
            std::string::npos);
  // Two scans, two series, each a line through two points.
  EXPECT_EQ(Count(html, "<polyline"), 2u);
  EXPECT_EQ(Count(html, "<circle"), 4u);
  // The same charts when only changes are listed.
  EXPECT_EQ(Count(RenderScanHtml(testdata::Sample(), {true}), "<svg "), 4u);
}

TEST(ScanHtmlTest, TrendHasDatesAndLabelledTicks) {
  const std::string trend =
      Chart(RenderScanHtml(testdata::Sample(), {}),
            "Addresses and registered lookalikes per scan");
  ASSERT_FALSE(trend.empty());
  // The x axis: the days the scans started, and what it is.
  EXPECT_NE(trend.find("text-anchor=\"middle\">2026-11-22</text>"),
            std::string::npos);
  EXPECT_NE(trend.find("text-anchor=\"middle\">2026-11-23</text>"),
            std::string::npos);
  EXPECT_NE(trend.find(">scan started (UTC)</text>"), std::string::npos);
  // The y axis: 0 to 3 (the most addresses) in steps of 1, each with a
  // grid line.
  for (const char* tick :
       {">0</text>", ">1</text>", ">2</text>", ">3</text>"}) {
    EXPECT_NE(trend.find(std::string("text-anchor=\"end\"") + tick),
              std::string::npos)
        << tick;
  }
  EXPECT_EQ(Count(trend, "stroke=\"#e3e3e3\""), 4u);

  // Round steps for large counts: 0, 500, ..., 2000 for 1,937 addresses.
  ScanReport big = testdata::Sample();
  big.scans[1].addresses = 1937;
  const std::string big_trend = Chart(
      RenderScanHtml(big, {}), "Addresses and registered lookalikes per scan");
  for (const char* tick : {">0</text>", ">500</text>", ">1000</text>",
                           ">1500</text>", ">2000</text>"}) {
    EXPECT_NE(big_trend.find(std::string("text-anchor=\"end\"") + tick),
              std::string::npos)
        << tick;
  }
  EXPECT_EQ(big_trend.find(">1937</text>"), std::string::npos);
}

// Scans far apart stand far apart: the x axis is time, not scan number.
TEST(ScanHtmlTest, TrendPlacesScansByDate) {
  ScanReport r = testdata::Sample();
  store::ScanRecord third = r.scans[1];
  third.id = 3;
  third.started_at += 8 * 86400;  // a week after scan 2, a day after scan 1
  r.scans.push_back(third);
  r.latest = 3;
  const std::string trend = Chart(
      RenderScanHtml(r, {}), "Addresses and registered lookalikes per scan");
  // Points at x = 50 (Nov 22), 100 (Nov 23) and 500 (Dec 1).
  EXPECT_NE(trend.find("<circle cx=\"50\""), std::string::npos);
  EXPECT_NE(trend.find("<circle cx=\"100\""), std::string::npos);
  EXPECT_NE(trend.find("<circle cx=\"500\""), std::string::npos);
  EXPECT_NE(trend.find(">2026-12-01</text>"), std::string::npos);
}

// Legends say what each form and mail class shown means.
TEST(ScanHtmlTest, LegendsExplainFormsAndMailClasses) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  const std::string forms = Chart(html, "Addresses by form");
  EXPECT_NE(forms.find("<li><code>mailto</code>: a mailto: link"),
            std::string::npos);
  EXPECT_NE(forms.find("<li><code>javascript</code>: assembled by script"),
            std::string::npos);
  EXPECT_EQ(forms.find("<code>entity</code>"), std::string::npos);  // absent
  const std::string mail = Chart(html, "Registered lookalikes by mail class");
  EXPECT_NE(mail.find("<li><code>mx</code>: takes mail"), std::string::npos);
  EXPECT_NE(mail.find("<li><code>implicit</code>: takes mail"),
            std::string::npos);
  EXPECT_NE(mail.find("<li><code>null-mx</code>: refuses mail"),
            std::string::npos);
}

TEST(ScanHtmlTest, EmptyChartsSaySo) {
  ScanReport r = testdata::OneNewAddress();
  r.addresses.clear();
  r.scans.clear();
  const std::string html = RenderScanHtml(r, {});
  EXPECT_EQ(Count(html, "<svg "), 4u);
  EXPECT_EQ(Count(html, ">nothing to show</text>"), 3u);
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
    EXPECT_EQ(Count(html, "<svg "), 4u);
    EXPECT_EQ(Count(html, "<title>"), 5u);  // the page's and each chart's
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
  // Three times each: the action table, the pages to fix and the
  // institution's table; the other five pages are never links.
  EXPECT_EQ(Count(html, "<a href=\"https://a.in/ok\""), 3u);
  EXPECT_EQ(Count(html, "<a href=\"HTTP://A.IN/OK\""), 3u);
  // The institution's site is one more link; the summary's link to its
  // section is no URL from a page.
  EXPECT_EQ(Count(html, "<a href="), 8u);
  EXPECT_EQ(Count(html, "<a href=\"#institution-1\">A</a>"), 1u);
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

// ---- First screen ------------------------------------------------------

// The summary's row of `institution`, its cells' text without tags.
std::string SummaryRow(const std::string& html, const std::string& link) {
  const size_t summary = html.find("<section id=\"summary\">");
  const size_t at = html.find(link, summary);
  if (summary == std::string::npos || at == std::string::npos) return "";
  std::string row = html.substr(at, html.find("</tr>", at) - at);
  std::string text;
  bool in_tag = false;
  for (char c : row) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') {
      if (in_tag && !text.empty() && text.back() != '|') text += '|';
      in_tag = false;
    }
  }
  return text;
}

TEST(ScanHtmlTest, FirstScreenSaysWhatIsExposedPerInstitution) {
  ScanReport r = testdata::Sample();
  // An institution only items name, with an acknowledged address (accepted:
  // not counted) and one any harvester reads.
  AddressItem other = r.addresses[2];
  other.institution = "Other School";
  r.addresses.push_back(other);
  other.address = "known@other.in";
  other.acknowledged = AckState{"public contact", "", false};
  r.addresses.push_back(other);
  const std::string html = RenderScanHtml(r, {});
  const size_t summary = html.find(
      "<section id=\"summary\">\n<h2>Exposed now, per institution</h2>");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(html.find("<main>"), summary);
  EXPECT_LT(summary, html.find("<h2>Needs action</h2>"));
  EXPECT_LT(html.find("<h2>Needs action</h2>"), html.find("<h2>Charts</h2>"));
  // Readable by any harvester: head@ and office@ (new or not); JS only:
  // admin@; taking mail: schoo1.in (MX) and scho0l.in (implicit), not the
  // null-MX one; one page not checked.
  EXPECT_EQ(SummaryRow(html, "<a href=\"#institution-1\">"),
            "Springfield School|2|1|2|1|");
  EXPECT_EQ(SummaryRow(html, "<a href=\"#institution-2\">"),
            "Other School|1|0|0|0|");
  EXPECT_NE(html.find("<section class=\"institution\" id=\"institution-1\">"
                      "\n<h2>Springfield School</h2>"),
            std::string::npos);
}

TEST(ScanHtmlTest, NeedsActionListsWhatIsStillExposedNewFirst) {
  const std::string html = RenderScanHtml(testdata::Sample(), {});
  const size_t action = html.find("<h2>Needs action</h2>");
  const size_t end = html.find("</section>", action);
  const std::string section = html.substr(action, end - action);
  // New head@ (any harvester) and admin@, the new and changed lookalikes,
  // then office@ still there from scan 1.
  const size_t head = section.find("head@school.in");
  const size_t admin = section.find("admin@school.in");
  const size_t changed = section.find("title=\"scho0l.in\"");
  const size_t still =
      section.find("<h3>Addresses still exposed from earlier scans (1)</h3>");
  const size_t office = section.find("office@school.in");
  EXPECT_LT(head, admin);
  EXPECT_LT(admin, changed);
  EXPECT_LT(changed, still);
  EXPECT_LT(still, office);
  EXPECT_NE(office, std::string::npos);
  EXPECT_EQ(section.find("old@school.in"), std::string::npos);       // gone
  EXPECT_EQ(section.find("title=\"schol.in\""), std::string::npos);  // null MX
  // With --changes-only, only the news is listed.
  const std::string changes = RenderScanHtml(testdata::Sample(), {true});
  EXPECT_EQ(changes.find("office@school.in"), std::string::npos);

  // Nothing new but still exposed: never "Nothing needs action".
  ScanReport quiet = testdata::Sample();
  for (AddressItem& a : quiet.addresses) {
    if (a.status == ItemStatus::kNew) a.status = ItemStatus::kPresent;
  }
  for (LookalikeItem& l : quiet.lookalikes) {
    if (l.status != ItemStatus::kGone) l.status = ItemStatus::kPresent;
    l.changes.clear();
  }
  const std::string quiet_html = RenderScanHtml(quiet, {});
  EXPECT_EQ(quiet_html.find("Nothing needs action"), std::string::npos);
  EXPECT_NE(quiet_html.find("<p>Nothing new since the last scan.</p>\n<h3>"
                            "Addresses still exposed from earlier scans (3)"),
            std::string::npos);
  EXPECT_NE(quiet_html.find("<h3>Lookalikes that still take mail (2)</h3>"),
            std::string::npos);

  // Nothing exposed at all: now it may say so.
  ScanReport clean = quiet;
  clean.addresses.clear();
  clean.lookalikes.clear();
  EXPECT_NE(RenderScanHtml(clean, {}).find("<p>Nothing needs action.</p>"),
            std::string::npos);
}

// ---- Lookalike names ---------------------------------------------------

// The lookalike with the code points an edit from its origin touches in
// [brackets]; the origin likewise.
std::string Bracketed(const std::u32string& s, const std::vector<bool>& on) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool open = on[i] && (i == 0 || !on[i - 1]);
    const bool close = on[i] && (i + 1 == s.size() || !on[i + 1]);
    if (open) out += '[';
    std::u32string one(1, s[i]);
    // Back to UTF-8 through MarkedName's escaping-free path for ASCII;
    // non-ASCII as U+XXXX to keep the table readable.
    if (s[i] < 0x80) {
      out += static_cast<char>(s[i]);
    } else {
      out += html_internal::CodePointName(s[i]).substr(0, 6);
    }
    if (close) out += ']';
  }
  return out;
}

TEST(LookalikeNameTest, DiffMarksWhatAnEditTouches) {
  struct Row {
    const char* origin;
    const char* lookalike;
    const char* origin_marked;
    const char* lookalike_marked;
  };
  const Row rows[] = {
      {"school.in", "school.in", "school.in", "school.in"},
      {"school.in", "schoo1.in", "schoo[l].in", "schoo[1].in"},  // replace
      {"school.in", "schol.in", "scho[o]l.in", "schol.in"},      // omit
      {"school.in", "schooll.in", "school.in", "school[l].in"},  // repeat
      {"school.in", "shcool.in", "s[c]hool.in", "sh[c]ool.in"},  // swap
      {"army.mil", "army.ml", "army.m[i]l", "army.ml"},          // tld typo
      {"army.mil", "army-mil.com", "army[.]mil", "army[-]mil[.com]"},
      {"school.in", "school.in.com", "school.in", "school.in[.com]"},
      // Cyrillic о (U+043E) for the first o: an IDN's Unicode form.
      {"school.in", "sch\xd0\xbeol.in", "sch[o]ol.in", "sch[U+043E]ol.in"},
      {"", "a.in", "", "[a.in]"},
      {"a.in", "", "[a.in]", ""},
  };
  for (const Row& row : rows) {
    const std::u32string from = html_internal::CodePoints(row.origin);
    const std::u32string to = html_internal::CodePoints(row.lookalike);
    const auto diff = html_internal::DiffCodePoints(from, to);
    EXPECT_EQ(Bracketed(from, diff.from_changed), row.origin_marked)
        << row.lookalike;
    EXPECT_EQ(Bracketed(to, diff.to_changed), row.lookalike_marked)
        << row.lookalike;
  }
}

TEST(LookalikeNameTest, LabelsNeverWrapAndMarksStayInsideThem) {
  struct Row {
    const char* name;
    std::vector<bool> changed;
    const char* html;
  };
  const Row rows[] = {
      {"a.in",
       {false, false, false, false},
       "<span class=\"label\">a</span>.<wbr><span class=\"label\">in</span>"},
      {"ab.c",
       {false, true, true, true},
       "<span class=\"label\">a<mark>b</mark></span>.<wbr>"
       "<span class=\"label\"><mark>c</mark></span>"},
      {"x<y", {}, "<span class=\"label\">x&lt;y</span>"},
      {"\xd0\xb0",
       {true},
       "<span class=\"label\"><mark>\xd0\xb0</mark></span>"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(html_internal::MarkedName(html_internal::CodePoints(row.name),
                                        row.changed),
              row.html);
  }
}

// Every non-ASCII character a fuzzer can write has its Unicode name.
TEST(LookalikeNameTest, EveryHomoglyphHasAName) {
  EXPECT_EQ(html_internal::CodePointName(0x0430),
            "U+0430 CYRILLIC SMALL LETTER A");
  EXPECT_EQ(html_internal::CodePointName(0x4e00), "U+4E00");
  int named = 0;
  for (const char* file :
       {"confusables.txt", "cyrillic.txt", "homoglyphs.txt"}) {
    std::ifstream in(std::string(DOMEX_SOURCE_DIR "/seeds/resolver/") + file);
    ASSERT_TRUE(in) << file;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      for (char32_t c : html_internal::CodePoints(line)) {
        if (c < 0x80) continue;
        EXPECT_GT(html_internal::CodePointName(c).size(), 7u)
            << file << ": " << html_internal::CodePointName(c);
        ++named;
      }
    }
  }
  EXPECT_GT(named, 250);
}

TEST(ScanHtmlTest, LookalikeCellsMarkWhatDiffers) {
  ScanReport r = testdata::Sample();
  r.lookalikes[0].record.domain = "xn--schl-75da.in";
  r.lookalikes[0].record.unicode = "sch\xd0\xbe\xd0\xbel.in";
  const std::string html = RenderScanHtml(r, {});
  // The IDN: its xn-- form, its Unicode form with both о marked, and the
  // character named once.
  EXPECT_NE(html.find("<code class=\"dn\" title=\"xn--schl-75da.in\"><span "
                      "class=\"label\">xn--schl-75da</span>.<wbr><span "
                      "class=\"label\">in</span></code> (<code class=\"dn\" "
                      "title=\"sch\xd0\xbe\xd0\xbel.in\"><span "
                      "class=\"label\">sch<mark>\xd0\xbe\xd0\xbe</mark>l"
                      "</span>.<wbr><span class=\"label\">in</span></code>)"
                      "<br><span class=\"cp\">U+043E CYRILLIC SMALL LETTER O"
                      "</span></td>"),
            std::string::npos);
  // An ASCII typo: the replaced digit.
  EXPECT_NE(html.find("<span class=\"label\">scho<mark>0</mark>l</span>"),
            std::string::npos);
  // Its origin, with what the lookalike replaced.
  EXPECT_NE(html.find("<span class=\"label\">scho<mark>o</mark>l</span>"),
            std::string::npos);
  // Domain names never break inside a label; only URLs may break anywhere.
  EXPECT_NE(html.find(".label{white-space:nowrap}"), std::string::npos);
  EXPECT_NE(html.find("code.url{overflow-wrap:anywhere}"), std::string::npos);
  EXPECT_EQ(html.find("break-all"), std::string::npos);
  // Rows that take mail say so.
  EXPECT_EQ(Count(html, "<strong class=\"mail\">takes mail</strong>: MX"), 2u);
  EXPECT_EQ(Count(html, "<strong class=\"mail\">takes mail</strong>: implicit"),
            2u);
}

TEST(ScanHtmlTest, PagesToFixAndWhatLimitsLeftOut) {
  ScanReport r = testdata::Sample();
  r.left_out = {{"school.in", "trap", 10, "school.in/news/0/notice-0.html",
                 "https://school.in/news/7/notice-7.html", 40}};
  const std::string html = RenderScanHtml(r, {});
  EXPECT_NE(html.find("<h2>Pages to fix (4)</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find(FormRemedy("javascript")), std::string::npos);
  EXPECT_NE(html.find("<h2>Left out by limits</h2>"), std::string::npos);
  EXPECT_NE(html.find("40 URLs like school.in/news/0/notice-0.html"),
            std::string::npos);
  RenderOptions changes_only;
  changes_only.changes_only = true;
  EXPECT_EQ(RenderScanHtml(r, changes_only).find("Pages to fix"),
            std::string::npos);
}

}  // namespace
}  // namespace domex::reports
