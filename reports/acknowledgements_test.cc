#include <gtest/gtest.h>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "reports/scan_view.h"

namespace domex::reports {
namespace {

using store::Acknowledgement;

// Sample() is scan 2 of 2026-11-23: head@school.in and admin@school.in are
// new, schoo1.in is new and takes mail, https://www.school.in/broken was
// not checked.
ScanReport Acknowledged(const std::vector<Acknowledgement>& acks) {
  ScanReport r = testdata::Sample();
  ApplyAcknowledgements(acks, testdata::kNov23, &r);
  return r;
}

const AddressItem& Address(const ScanReport& r, const std::string& address) {
  for (const AddressItem& a : r.addresses) {
    if (a.address == address) return a;
  }
  static const AddressItem none;
  return none;
}

const LookalikeItem& Lookalike(const ScanReport& r, const std::string& d) {
  for (const LookalikeItem& l : r.lookalikes) {
    if (l.record.domain == d) return l;
  }
  static const LookalikeItem none;
  return none;
}

TEST(AcknowledgementsTest, StandingOnesAreNoNewsExpiredOnesAreNewsAgain) {
  const struct {
    const char* what;
    Acknowledgement ack;
    bool needs_action;  // of the item it names
    bool is_change;
  } rows[] = {
      {"new address, no expiry",
       {"address", "head@school.in", "front desk", ""},
       false,
       false},
      {"expires on the scan's day: still stands",
       {"address", "head@school.in", "desk", "2026-11-23"},
       false,
       false},
      {"expired the day before: news again",
       {"address", "head@school.in", "desk", "2026-11-22"},
       true,
       true},
      {"present address, expired: news again although not new",
       {"address", "office@school.in", "desk", "2026-01-31"},
       true,
       true},
      {"new lookalike taking mail, ours",
       {"lookalike", "schoo1.in", "registered by us", "2027-06-30"},
       false,
       false},
      {"lookalike, expired",
       {"lookalike", "schoo1.in", "ours", "2026-11-01"},
       true,
       true},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    const ScanReport r = Acknowledged({row.ack});
    if (row.ack.kind == "address") {
      const AddressItem& a = Address(r, row.ack.value);
      ASSERT_TRUE(a.acknowledged.has_value());
      EXPECT_EQ(NeedsAction(a), row.needs_action);
      EXPECT_EQ(IsChange(a), row.is_change);
    } else {
      const LookalikeItem& l = Lookalike(r, row.ack.value);
      ASSERT_TRUE(l.acknowledged.has_value());
      EXPECT_EQ(NeedsAction(l), row.needs_action);
      EXPECT_EQ(IsChange(l), row.is_change);
    }
  }
}

TEST(AcknowledgementsTest, AddressesMatchWhateverTheirCase) {
  ScanReport r = testdata::Sample();
  r.addresses[0].address = "Head@School.in";
  ApplyAcknowledgements({{"address", "head@school.in", "desk", ""}},
                        testdata::kNov23, &r);
  EXPECT_TRUE(r.addresses[0].acknowledged.has_value());
}

TEST(AcknowledgementsTest, BrokenPagesMoveApartWhileTheyStand) {
  const ScanReport standing =
      Acknowledged({{"page", "https://www.school.in/broken", "moved", ""}});
  EXPECT_TRUE(standing.failed_pages.empty());
  ASSERT_EQ(standing.acknowledged_pages.size(), 1u);
  EXPECT_EQ(standing.acknowledged_pages[0].page.reason, "HTTP 500");
  const ScanReport expired = Acknowledged(
      {{"page", "https://www.school.in/broken", "moved", "2026-11-01"}});
  EXPECT_EQ(expired.failed_pages.size(), 1u);
  EXPECT_TRUE(expired.acknowledged_pages.empty());
}

// Nothing else changed and the new items are acknowledged: --changes-only
// renders nothing in every format; without it, each format lists them in
// their own section and not as needing action.
TEST(AcknowledgementsTest, EveryFormatListsThemApartAndChangesOnlyIsSilent) {
  ScanReport r = testdata::OneNewAddress();  // x@a.in, new
  ApplyAcknowledgements({{"address", "x@a.in", "published on purpose", ""}},
                        r.scans.back().started_at, &r);
  RenderOptions changes_only;
  changes_only.changes_only = true;
  const struct {
    const char* format;
    std::string (*render)(const ScanReport&, const RenderOptions&);
    const char* section;
  } rows[] = {
      {"text", RenderScanText, "Acknowledged in the config"},
      {"md", RenderScanMarkdown, "## Acknowledged (1)"},
      {"html", RenderScanHtml, "<h2>Acknowledged (1)</h2>"},
      {"csv", RenderScanCsv, ",no,x@a.in,"},
      {"json", RenderScanJson, "\"reason\": \"published on purpose\""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.format);
    EXPECT_EQ(row.render(r, changes_only), "");
    const std::string all = row.render(r, {});
    EXPECT_NE(all.find(row.section), std::string::npos) << all;
    EXPECT_NE(all.find("published on purpose"), std::string::npos);
  }
  EXPECT_NE(RenderScanText(r, {}).find("Nothing needs action."),
            std::string::npos);
}

TEST(AcknowledgementsTest, AnExpiredOneIsNewsInTheChangeSentence) {
  ScanReport r = testdata::Sample();
  ApplyAcknowledgements({{"address", "office@school.in", "desk", "2026-01-31"}},
                        testdata::kNov23, &r);
  const std::string text = RenderScanText(r, {});
  EXPECT_NE(text.find("; 1 acknowledgement expired"), std::string::npos)
      << text;
  EXPECT_NE(text.find("office@school.in  [Springfield School]"),
            std::string::npos)
      << "listed as needing action: " << text;
}

}  // namespace
}  // namespace domex::reports
