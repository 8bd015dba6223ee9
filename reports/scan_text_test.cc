#include <gtest/gtest.h>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"

namespace domex::reports {
namespace {

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t i = haystack.find(needle); i != std::string::npos;
       i = haystack.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

TEST(ScanTextTest, Sample) {
  EXPECT_EQ(
      RenderScanText(testdata::Sample(), {}),
      "Scan report: scan 2 (started 2026-11-23T12:00:00Z), compared with scan "
      "1 (started 2026-11-22T12:00:00Z)\n"
      "Changes: 2 new addresses, 1 gone; 1 new lookalike, 1 changed, 1 gone\n"
      "\n"
      "NEEDS ACTION\n"
      "New addresses a harvester can collect (2):\n"
      "  head@school.in  [Springfield School]  readable by any harvester  "
      "(mailto, text)\n"
      "      https://www.school.in/contact\n"
      "      https://www.school.in/about\n"
      "  admin@school.in  [Springfield School]  needs a JavaScript-capable "
      "harvester  (javascript)\n"
      "      https://www.school.in/staff\n"
      "New or changed lookalikes that take mail (2):\n"
      "  ! schoo1.in  [Springfield School]  lookalike of school.in, "
      "registered, new  mail: MX 10 mx.schoo1.in\n"
      "  ! scho0l.in  [Springfield School]  lookalike of school.in, "
      "registered, changed  mail: implicit MX (address 192.0.2.2)\n"
      "      mail none -> implicit\n"
      "\n"
      "Pages to fix (4):\n"
      "  https://www.school.in/: 1 address\n"
      "    office@school.in\n"
      "    - plain text: any harvester reads it; use a contact form or a role "
      "address that filters mail\n"
      "  https://www.school.in/about: 1 address\n"
      "    head@school.in\n"
      "    - mailto: link: any harvester reads the link; use a contact form\n"
      "    - plain text: any harvester reads it; use a contact form or a role "
      "address that filters mail\n"
      "  https://www.school.in/contact: 1 address\n"
      "    head@school.in\n"
      "    - mailto: link: any harvester reads the link; use a contact form\n"
      "    - plain text: any harvester reads it; use a contact form or a role "
      "address that filters mail\n"
      "  https://www.school.in/staff: 1 address\n"
      "    admin@school.in\n"
      "    - assembled by JavaScript: a JavaScript-capable harvester still "
      "reads it; use a contact form\n"
      "\n"
      "== Springfield School ==\n"
      "sites: https://www.school.in/; domains: school.in\n"
      "5 pages checked, 1 not checked; 3 addresses; 3 registered lookalikes, 2 "
      "take mail\n"
      "Addresses (3):\n"
      "  new      admin@school.in  needs a JavaScript-capable harvester  "
      "(javascript)  seen 2026-11-23\n"
      "             https://www.school.in/staff\n"
      "  new      head@school.in  readable by any harvester  (mailto, text)  "
      "seen 2026-11-23\n"
      "             https://www.school.in/contact\n"
      "             https://www.school.in/about\n"
      "  present  office@school.in  readable by any harvester  (text)  seen "
      "2026-11-22 to 2026-11-23\n"
      "             https://www.school.in/\n"
      "Lookalikes (4), 1 unregistered not listed:\n"
      "  new      ! schoo1.in  registered  mail: MX 10 mx.schoo1.in  "
      "[homoglyph]  seen 2026-11-23\n"
      "  changed  ! scho0l.in  registered  mail: implicit MX (address "
      "192.0.2.2)  [homoglyph]  seen 2026-11-22 to 2026-11-23\n"
      "             mail none -> implicit\n"
      "  present    schol.in  registered  no mail (null MX)  [omission]  seen "
      "2026-11-22 to 2026-11-23\n"
      "  present    shool.in  unknown  [omission]\n"
      "Gone (not seen in this scan):\n"
      "  address    old@school.in  last seen 2026-11-22\n"
      "  lookalike  schooll.in  last seen 2026-11-22\n"
      "\n"
      "Not checked (failed) - addresses on these pages are unknown (1):\n"
      "  https://www.school.in/broken  (HTTP 500)\n"
      "\n"
      "Linked but missing (HTTP 404/410) - what was on them is gone (1):\n"
      "  https://www.school.in/old-staff.html  (HTTP 404)\n"
      "\n"
      "Errors in scan 2 (1):\n"
      "  https://www.school.in/broken: HTTP 500\n"
      "\n"
      "Scans (2, newest first):\n"
      "  scan  started               finished              pages  not checked  "
      "addresses  registered lookalikes  errors\n"
      "  2     2026-11-23T12:00:00Z  2026-11-23T12:10:00Z  5      1            "
      "3          3                      1\n"
      "  1     2026-11-22T12:00:00Z  2026-11-22T12:10:00Z  4      0            "
      "2          3                      0\n");
}

// An address known only from pages not checked this time says so, in every
// format, with those pages.
TEST(ScanRenderTest, AddressOnPagesNotCheckedIsMarked) {
  ScanReport r = testdata::Sample();
  for (AddressItem& a : r.addresses) {
    if (a.address != "office@school.in") continue;
    a.not_checked_pages = {"https://www.school.in/down"};
    a.pages.clear();
  }
  const std::string text = RenderScanText(r, {});
  EXPECT_NE(
      text.find(
          "  present  office@school.in  readable by any harvester"
          "  (text)  seen 2026-11-22 to 2026-11-23\n             not seen "
          "this time: its pages were not checked (seen there "
          "before):\n             https://www.school.in/down\n"),
      std::string::npos)
      << text;
  const std::string json = RenderScanJson(r, {});
  EXPECT_NE(json.find("\"pages\": [],\n      \"harvestable_by\": "
                      "\"any-crawler\",\n      \"sites\": [\n        "
                      "\"school.in\"\n      ],\n      \"not_checked_pages\": "
                      "[\n        \"https://www.school.in/down\"\n      ],\n"
                      "      \"seen_on_checked_page\": false"),
            std::string::npos)
      << json;
  EXPECT_NE(RenderScanCsv(r, {}).find(
                "office@school.in,,,text,any-crawler,school.in,https://"
                "www.school.in/"
                "down,,,,,,,,,2026-11-22T12:00:00Z,2026-11-23T12:00:00Z,"
                "1,2,pages not checked this time"),
            std::string::npos);
  EXPECT_NE(RenderScanMarkdown(r, {}).find("not checked this time: "),
            std::string::npos);
  EXPECT_NE(RenderScanHtml(r, {}).find("not checked this time: "),
            std::string::npos);
}

TEST(ScanTextTest, ChangesOnlyHasNoScanTable) {
  const std::string text = RenderScanText(testdata::Sample(), {true});
  EXPECT_EQ(text.find("Scans ("), std::string::npos);
  EXPECT_NE(text.find("NEEDS ACTION"), std::string::npos);
  EXPECT_NE(text.find("Gone (not seen in this scan):"), std::string::npos);
}

TEST(ScanTextTest, NothingNeedsAction) {
  ScanReport r = testdata::Sample();
  r.addresses.resize(3);
  r.addresses[0].status = r.addresses[1].status = ItemStatus::kPresent;
  r.lookalikes.resize(3);
  r.lookalikes[0].status = r.lookalikes[1].status = ItemStatus::kPresent;
  EXPECT_NE(RenderScanText(r, {}).find("\nNothing needs action.\n"),
            std::string::npos);
}

TEST(ScanTextTest, LongListsAreCapped) {
  ScanReport r = testdata::OneNewAddress();
  const AddressItem a = r.addresses[0];
  r.addresses.clear();
  for (int i = 100; i < 170; ++i) {
    AddressItem more = a;
    more.address = "x" + std::to_string(i) + "@a.in";
    for (int p = 0; p < 5; ++p) {
      more.pages.push_back("https://a.in/p" + std::to_string(p));
    }
    r.addresses.push_back(more);
  }
  for (int i = 0; i < 30; ++i)
    r.failed_pages.push_back({"https://a.in/f", "x"});
  const std::string text = RenderScanText(r, {});
  // Twice: the action list and the institution's list.
  EXPECT_EQ(Count(text, "x149@a.in"), 2u);
  EXPECT_EQ(Count(text, "x150@a.in"), 0u);
  EXPECT_EQ(Count(text, "... and 20 more (all are in --format json or csv)\n"),
            2u);
  EXPECT_EQ(Count(text, "(+3 more pages)\n"), 100u);
  EXPECT_NE(text.find("  ... and 10 more (all are in --format json or csv)\n"),
            std::string::npos);  // failed pages
}

TEST(ScanTextTest, HostileStringsCannotDriveTheTerminal) {
  const std::string text = RenderScanText(testdata::Hostile(), {});
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(c == '\n' || (u >= 0x20 && u != 0x7f)) << int{u};
  }
  EXPECT_EQ(text.find("\xff"), std::string::npos);
  EXPECT_NE(text.find("?[31mred??next?"), std::string::npos);
  // A right-to-left override cannot disguise an address.
  EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(text.find("a@?ni.loohcs"), std::string::npos);
}

}  // namespace
}  // namespace domex::reports
