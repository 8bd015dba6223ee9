// The scan report's JSON against its published contract
// (docs/schema/scan-report.schema.json), validated by Debian's
// python3-jsonschema: a full report, a first scan and a changes-only
// report. (testdata::Hostile() plants strings even in forms, which are
// domex's own names and fail the schema's enum by design.) The end-to-end
// scan tests validate real outputs too.
#include <gtest/gtest.h>

#include <string>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "tests/report_json.h"

namespace domex {
namespace {

using reports::RenderOptions;
using reports::RenderScanJson;
using reports::ScanReport;
namespace testdata = reports::testdata;

TEST(ScanReportSchemaTest, EveryShapeMatchesTheContract) {
  const struct {
    const char* what;
    ScanReport report;
    bool changes_only;
  } rows[] = {
      {"sample", testdata::Sample(), false},
      {"sample, changes only", testdata::Sample(), true},
      {"first scan", testdata::OneNewAddress(), false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    RenderOptions options;
    options.changes_only = row.changes_only;
    const std::string json = RenderScanJson(row.report, options);
    ASSERT_FALSE(json.empty());
    EXPECT_EQ(testing::SchemaErrors(json, "scan-report"), "") << json;
  }
}

// The schema is strict enough to catch a broken contract: a scan id where
// a time belongs, an unknown key.
TEST(ScanReportSchemaTest, SchemaRejectsABrokenContract) {
  const std::string json = RenderScanJson(testdata::Sample(), {});
  const struct {
    const char* what;
    std::string from, to;
  } rows[] = {
      {"a scan id as first_seen", "\"first_seen\": \"2026-11-23T12:00:00Z\"",
       "\"first_seen\": 2"},
      {"an unknown key", "\"needs_action\": true",
       "\"needs_action\": true, "
       "\"extra\": 1"},
      {"an unknown form", "\"mailto\"", "\"mail-to\""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    std::string broken = json;
    const size_t at = broken.find(row.from);
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, row.from.size(), row.to);
    EXPECT_NE(testing::SchemaErrors(broken, "scan-report"), "");
  }
}

}  // namespace
}  // namespace domex
