#include <gtest/gtest.h>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"

namespace domex::reports {
namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = s.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    lines.push_back(s.substr(start, nl - start));
  }
  return lines;
}

// The cells of a GFM table row, split as cmark-gfm splits them: a pipe
// right after a backslash belongs to the cell.
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

// The text of a cell outside its code spans (CommonMark: a span closes at
// the next backtick run of the same length).
std::string OutsideCode(const std::string& cell) {
  auto run_at = [&](size_t i) {
    size_t end = cell.find_first_not_of('`', i);
    return (end == std::string::npos ? cell.size() : end) - i;
  };
  std::string out;
  for (size_t i = 0; i < cell.size();) {
    if (cell[i] == '\\' && i + 1 < cell.size()) {
      out += cell.substr(i, 2);
      i += 2;
      continue;
    }
    if (cell[i] != '`') {
      out += cell[i++];
      continue;
    }
    const size_t open = run_at(i);
    size_t j = i + open;
    while (j < cell.size() && !(cell[j] == '`' && run_at(j) == open)) {
      j += cell[j] == '`' ? run_at(j) : 1;
    }
    if (j >= cell.size()) return out + cell.substr(i);  // not a span
    i = j + open;
  }
  return out;
}

TEST(ScanMarkdownTest, OneNewAddress) {
  EXPECT_EQ(
      RenderScanMarkdown(testdata::OneNewAddress(), {}),
      "# domex scan report: scan 1\n"
      "\n"
      "scan 1 (started 2026-11-23T12:00:00Z), the first scan: everything is "
      "new.\n"
      "\n"
      "**Changes:** 1 new address, 0 gone; 0 new lookalikes, 0 changed, 0 "
      "gone\n"
      "\n"
      "## Needs action\n"
      "\n"
      "### New addresses a harvester can collect (1)\n"
      "\n"
      "| address | institution | harvestable by | forms | pages |\n"
      "| --- | --- | --- | --- | --- |\n"
      "| `x@a.in` | A | readable by any harvester | text | `https://a.in/` |\n"
      "\n"
      "## Pages to fix (1)\n"
      "\n"
      "- `https://a.in/`: 1 address: `x@a.in`\n"
      "  - plain text\\: any harvester reads it; use a contact form or a role "
      "address that filters mail\n"
      "\n"
      "## A\n"
      "\n"
      "Sites: `https://a.in/`. Domains: `a.in`. 1 page checked, 0 not checked; "
      "1 address; 0 registered lookalikes, 0 take mail.\n"
      "\n"
      "### Addresses (1)\n"
      "\n"
      "| status | address | harvestable by | forms | pages | first seen | last "
      "seen |\n"
      "| --- | --- | --- | --- | --- | --- | --- |\n"
      "| new | `x@a.in` | readable by any harvester | text | `https://a.in/` | "
      "2026-11-23 | 2026-11-23 |\n"
      "\n"
      "## Scans (1)\n"
      "\n"
      "| scan | started | finished | pages checked | not checked | addresses | "
      "registered lookalikes | errors |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
      "| 1 | 2026-11-23T12:00:00Z | 2026-11-23T12:10:00Z | 1 | 0 | 1 | 0 | 0 "
      "|\n");
}

TEST(ScanMarkdownTest, HostileStringsStayInTheirCells) {
  const std::string md = RenderScanMarkdown(testdata::Hostile(), {});
  EXPECT_EQ(md.find("\xe2\x80\xae"), std::string::npos);  // no RLO
  size_t columns = 0, rows = 0;
  for (const std::string& line : Lines(md)) {
    if (line.empty() || line[0] != '|') {
      columns = 0;
      continue;
    }
    const std::vector<std::string> cells = Cells(line);
    if (columns == 0) columns = cells.size();  // the header row
    EXPECT_EQ(cells.size(), columns) << line;
    ++rows;
    for (const std::string& cell : cells) {
      const std::string text = OutsideCode(cell);
      for (size_t i = 0; i < text.size(); ++i) {
        if (std::string("<>[]*_`&").find(text[i]) == std::string::npos) {
          continue;
        }
        EXPECT_TRUE(i > 0 && text[i - 1] == '\\') << "unescaped in: " << cell;
      }
    }
  }
  EXPECT_GT(rows, 30u);
  // Headings and list items escape too.
  EXPECT_NE(md.find("\n## \\</section\\>\\<h1\\>pwn\\</h1\\>\n"),
            std::string::npos);
  EXPECT_NE(md.find("\n- \\<img src\\=x onerror\\=alert\\(1\\)\\>\n"),
            std::string::npos);
  // Control characters cannot break a line or a terminal.
  EXPECT_EQ(md.find('\r'), std::string::npos);
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
}

TEST(ScanMarkdownTest, CodeSpansOutlastBackticksInside) {
  ScanReport r = testdata::OneNewAddress();
  r.addresses[0].address = "a`b``c@d.in";
  r.addresses[0].pages = {"`edge|pipe"};
  const std::string md = RenderScanMarkdown(r, {});
  EXPECT_NE(md.find("| ```a`b``c@d.in``` |"), std::string::npos);
  EXPECT_NE(md.find("| `` `edge\\|pipe `` |"), std::string::npos);
}

TEST(ScanMarkdownTest, LongTablesAreCapped) {
  ScanReport r = testdata::OneNewAddress();
  const AddressItem a = r.addresses[0];
  for (int i = 0; i < 59; ++i) r.addresses.push_back(a);
  const std::string md = RenderScanMarkdown(r, {});
  EXPECT_NE(md.find("\n... and 10 more (all are in the JSON and CSV "
                    "reports)\n"),
            std::string::npos);
}

}  // namespace
}  // namespace domex::reports
