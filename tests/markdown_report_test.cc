// The Markdown scan report as GitHub renders it: cmark-gfm (GitHub's own
// CommonMark parser, from Debian) turns a report full of hostile strings
// into HTML with raw HTML allowed (--unsafe, the worst case), and the
// result may hold only the report's own markup: no link, no emphasis, no
// tag from the data, and every table row with its header's cell count.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

using reports::testdata::ParseTags;
using reports::testdata::Tag;

constexpr char kCmarkGfm[] = "/usr/bin/cmark-gfm";

std::string ToHtml(const std::string& markdown) {
  testing::TempDir dir;
  testing::WriteFile(dir.Sub("report.md"), markdown);
  const testing::CommandResult r = testing::RunCommand(
      {kCmarkGfm, "--unsafe", "--extension", "table", "--extension", "autolink",
       "--extension", "strikethrough", "--extension", "tasklist",
       dir.Sub("report.md")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(MarkdownReportTest, HostileStringsRenderAsText) {
  if (access(kCmarkGfm, X_OK) != 0) {
    DOMEX_SKIP() << "cmark-gfm is not installed (bash .ci/install-deps "
                    "installs it)";
  }
  for (bool changes_only : {false, true}) {
    const std::string html = ToHtml(reports::RenderScanMarkdown(
        reports::testdata::Hostile(), {changes_only}));
    const std::set<std::string> allowed = {
        "h1",    "h2", "h3", "p",  "strong", "table", "thead",
        "tbody", "tr", "th", "td", "code",   "ul",    "li"};
    size_t header_cells = 0, cells = 0, rows = 0;
    bool in_head = false;
    for (const Tag& tag : ParseTags(html)) {
      const bool end = tag.name[0] == '/';
      const std::string name = end ? tag.name.substr(1) : tag.name;
      EXPECT_EQ(allowed.count(name), 1u) << tag.name;
      EXPECT_TRUE(tag.attributes.empty()) << tag.name;
      if (name == "thead") in_head = !end;
      if (!end && (name == "th" || name == "td")) ++cells;
      if (!end && name == "tr") cells = 0;
      if (end && name == "tr") {
        if (in_head) {
          header_cells = cells;
        } else {
          EXPECT_EQ(cells, header_cells);
          ++rows;
        }
      }
    }
    EXPECT_GT(rows, 10u);
    // The strings are there, as text.
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"),
              std::string::npos);
    EXPECT_NE(html.find("[click](javascript:alert(1)) | *b* _i_ `c` "
                        "&lt;b&gt;"),
              std::string::npos);
  }
}

// GFM's autolink extension links an address in plain text even when every
// character around it is escaped (it reads the text after the escapes), so
// an institution named like an address, or a DNS name with an '@' in a
// change, must not become a mailto: link.
TEST(MarkdownReportTest, AddressLikeTextIsNoLink) {
  if (access(kCmarkGfm, X_OK) != 0) {
    DOMEX_SKIP() << "cmark-gfm is not installed (bash .ci/install-deps "
                    "installs it)";
  }
  reports::ScanReport report = reports::testdata::Sample();
  const std::string name = "principal@school.example.in";
  report.institutions[0].name = name;
  for (auto& a : report.addresses) a.institution = name;
  for (auto& l : report.lookalikes) {
    l.institution = name;
    l.changes.push_back("MX +10 user@evil.example.com");
  }
  const std::string html = ToHtml(reports::RenderScanMarkdown(report, {}));
  EXPECT_EQ(html.find("<a "), std::string::npos) << html;
  EXPECT_NE(html.find("principal"), std::string::npos);
}

}  // namespace
}  // namespace domex
