#include <gtest/gtest.h>

#include <algorithm>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"

namespace domex::reports {
namespace {

TEST(ScanCsvTest, Sample) {
  EXPECT_EQ(
      RenderScanCsv(testdata::Sample(), {}),
      "kind,institution,status,needs_action,name,unicode,origin,forms,"
      "harvestable_by,sites,pages,fuzzers,verdict,mail,a,aaaa,mx,ns,changes,"
      "first_seen,last_seen,first_seen_scan,last_seen_scan,reason,acknowledged,"
      "acknowledged_why,acknowledged_until\r\n"
      "address,Springfield "
      "School,new,yes,head@school.in,,,mailto;text,any-crawler,school.in,https:"
      "//www.school.in/contact;https://www.school.in/"
      "about,,,,,,,,,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,2,2,,,,\r\n"
      "address,Springfield "
      "School,new,yes,admin@school.in,,,javascript,js-capable,school.in,https:/"
      "/www.school.in/"
      "staff,,,,,,,,,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,2,2,,,,\r\n"
      "lookalike,Springfield "
      "School,new,yes,schoo1.in,,school.in,,,,,homoglyph,registered,mx,192.0.2."
      "1,,10 "
      "mx.schoo1.in,,,2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,2,2,,,,\r\n"
      "lookalike,Springfield "
      "School,changed,yes,scho0l.in,,school.in,,,,,homoglyph,registered,"
      "implicit,192.0.2.2,,,,mail none -> "
      "implicit,2026-11-22T12:00:00Z,2026-11-23T12:00:00Z,1,2,,,,\r\n"
      "address,Springfield "
      "School,present,no,office@school.in,,,text,any-crawler,school.in,https://"
      "www.school.in/"
      ",,,,,,,,,2026-11-22T12:00:00Z,2026-11-23T12:00:00Z,1,2,,,,\r\n"
      "address,Springfield "
      "School,gone,no,old@school.in,,,mailto,any-crawler,school.in,https://"
      "www.school.in/"
      "old,,,,,,,,,2026-11-22T12:00:00Z,2026-11-22T12:00:00Z,1,1,,,,\r\n"
      "lookalike,Springfield "
      "School,present,no,schol.in,,school.in,,,,,omission,registered,null-mx,,,"
      "0 .,,,2026-11-22T12:00:00Z,2026-11-23T12:00:00Z,1,2,,,,\r\n"
      "lookalike,Springfield "
      "School,present,no,shool.in,,school.in,,,,,omission,unknown,unknown,,,,,,"
      ",,,,,,,\r\n"
      "lookalike,Springfield "
      "School,present,no,sch00l.in,,school.in,,,,,homoglyph,unregistered,none,,"
      ",,,,,,,,,,,\r\n"
      "lookalike,Springfield "
      "School,gone,no,schooll.in,,school.in,,,,,repetition,unregistered,none,,,"
      ",,,2026-11-22T12:00:00Z,2026-11-22T12:00:00Z,1,1,,,,\r\n"
      "failed_page,,,,https://www.school.in/broken,,,,,,,,,,,,,,,,,,,HTTP "
      "500,,,\r\n"
      "missing_page,,,,https://www.school.in/"
      "old-staff.html,,,,,,,,,,,,,,,,,,,HTTP 404,,,\r\n");
}

TEST(ScanCsvTest, HostileCellsCannotRunFormulas) {
  const std::string csv = RenderScanCsv(testdata::Hostile(), {});
  // The NS record "=cmd|' /C calc'!A0" is a lookalike's only NS.
  EXPECT_NE(csv.find(",'=cmd|' /C calc'!A0,"), std::string::npos);
  EXPECT_EQ(csv.find(",=cmd"), std::string::npos);
  EXPECT_EQ(csv.find(",\"=cmd"), std::string::npos);
}

TEST(ScanCsvTest, NothingIsCapped) {
  ScanReport r = testdata::OneNewAddress();
  const AddressItem a = r.addresses[0];
  for (int i = 0; i < 999; ++i) r.addresses.push_back(a);
  for (int i = 0; i < 300; ++i)
    r.failed_pages.push_back({"https://a.in/", "x"});
  const std::string csv = RenderScanCsv(r, {});
  size_t rows = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos;
       i = csv.find("\r\n", i + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 1 + 1000 + 300u);
}

// Every row has as many cells as the header, whatever kinds of rows the
// report has (the report fuzzer found the header three columns short).
TEST(ScanCsvTest, EveryRowHasTheHeadersCells) {
  ScanReport r = testdata::Sample();
  ApplyAcknowledgements(
      {{"address", "office@school.in", "front desk", "2027-01-01"},
       {"page", "https://www.school.in/broken", "moved", ""}},
      testdata::kNov23, &r);
  r.left_out = {{"school.in", "trap", 10, "school.in/n/0.html",
                 "https://school.in/n/7.html", 40}};
  const std::string csv = RenderScanCsv(r, {});
  size_t header_cells = 0, rows = 0;
  for (size_t at = 0; at < csv.size();) {
    const size_t end = csv.find("\r\n", at);
    ASSERT_NE(end, std::string::npos);
    const std::string row = csv.substr(at, end - at);
    // The sample has no quoted cells with commas: count the commas.
    const size_t cells = std::count(row.begin(), row.end(), ',') + 1;
    if (rows++ == 0) header_cells = cells;
    EXPECT_EQ(cells, header_cells) << row;
    at = end + 2;
  }
  EXPECT_GT(rows, 10u);
  EXPECT_NE(csv.find("\r\nacknowledged_page,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace domex::reports
