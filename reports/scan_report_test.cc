// What every rendering of a scan report shares: statuses, what needs
// action, what --changes-only keeps, and rendering nothing at all when
// nothing changed.
#include "reports/scan_report.h"

#include <gtest/gtest.h>

#include "reports/scan_render.h"
#include "reports/scan_testdata.h"
#include "reports/scan_view.h"

namespace domex::reports {
namespace {

using testdata::Sample;

using Renderer = std::string (*)(const ScanReport&, const RenderOptions&);
const std::vector<std::pair<const char*, Renderer>> kRenderers = {
    {"text", RenderScanText}, {"markdown", RenderScanMarkdown},
    {"json", RenderScanJson}, {"csv", RenderScanCsv},
    {"html", RenderScanHtml},
};

// Sample() as a third scan in which nothing changed.
ScanReport Unchanged() {
  ScanReport r = Sample();
  r.since = r.latest;
  r.latest = 3;
  r.scans.push_back(r.scans.back());
  r.scans.back().id = 3;
  for (AddressItem& a : r.addresses) a.status = ItemStatus::kPresent;
  for (LookalikeItem& l : r.lookalikes) {
    l.status = ItemStatus::kPresent;
    l.changes.clear();
  }
  return r;
}

TEST(ItemStatusTest, Names) {
  EXPECT_STREQ(ItemStatusName(ItemStatus::kNew), "new");
  EXPECT_STREQ(ItemStatusName(ItemStatus::kPresent), "present");
  EXPECT_STREQ(ItemStatusName(ItemStatus::kGone), "gone");
  EXPECT_STREQ(ItemStatusName(ItemStatus::kChanged), "changed");
}

TEST(ScanViewTest, LookalikeChangesAndActions) {
  struct Row {
    ItemStatus status;
    std::string verdict, mail;
    bool change, action;
  };
  const std::vector<Row> rows = {
      {ItemStatus::kNew, "registered", "mx", true, true},
      {ItemStatus::kNew, "wildcard", "implicit", true, true},
      {ItemStatus::kNew, "registered", "null-mx", true, false},
      {ItemStatus::kNew, "registered", "none", true, false},
      // A newly generated candidate that does not exist is no news.
      {ItemStatus::kNew, "unregistered", "none", false, false},
      {ItemStatus::kNew, "unknown", "unknown", false, false},
      {ItemStatus::kChanged, "registered", "mx", true, true},
      {ItemStatus::kChanged, "registered", "none", true, false},
      {ItemStatus::kChanged, "unknown", "unknown", true, false},
      {ItemStatus::kPresent, "registered", "mx", false, false},
      {ItemStatus::kGone, "unregistered", "none", true, false},
  };
  for (const Row& row : rows) {
    LookalikeItem l;
    l.status = row.status;
    l.record.verdict = row.verdict;
    l.record.mail = row.mail;
    const std::string what = std::string(ItemStatusName(row.status)) + " " +
                             row.verdict + " " + row.mail;
    EXPECT_EQ(IsChange(l), row.change) << what;
    EXPECT_EQ(NeedsAction(l), row.action) << what;
  }
}

TEST(ScanViewTest, NewAddressesNeedActionAnyCrawlerFirst) {
  const ScanReport r = Sample();
  const ScanView v = MakeScanView(r, {});
  ASSERT_EQ(v.action_addresses.size(), 2u);
  EXPECT_EQ(v.action_addresses[0]->address, "head@school.in");
  EXPECT_EQ(v.action_addresses[1]->address, "admin@school.in");  // js only
  ASSERT_EQ(v.action_lookalikes.size(), 2u);
  EXPECT_EQ(v.action_lookalikes[0]->record.domain, "schoo1.in");
  EXPECT_EQ(v.action_lookalikes[1]->record.domain, "scho0l.in");
  EXPECT_EQ(ChangesSentence(v.changes),
            "2 new addresses, 1 gone; 1 new lookalike, 1 changed, 1 gone");
}

TEST(ScanViewTest, InstitutionGroupsItems) {
  const ScanReport r = Sample();
  const ScanView v = MakeScanView(r, {});
  ASSERT_EQ(v.institutions.size(), 1u);
  const InstitutionView& i = v.institutions[0];
  EXPECT_EQ(i.summary, &r.institutions[0]);
  EXPECT_EQ(i.addresses.size(), 3u);
  ASSERT_EQ(i.gone_addresses.size(), 1u);
  EXPECT_EQ(i.gone_addresses[0]->address, "old@school.in");
  std::vector<std::string> listed;
  for (const LookalikeItem* l : i.lookalikes) {
    listed.push_back(l->record.domain);
  }
  // Registered (mail-capable first), then unknown; unregistered counted.
  EXPECT_EQ(listed, (std::vector<std::string>{"schoo1.in", "scho0l.in",
                                              "schol.in", "shool.in"}));
  EXPECT_EQ(i.unregistered, 1);
  ASSERT_EQ(i.gone_lookalikes.size(), 1u);
}

TEST(ScanViewTest, ItemsOfUnconfiguredInstitutionsFollowByName) {
  ScanReport r = Sample();
  r.addresses[0].institution = "Zeta";
  r.lookalikes[0].institution = "Alpha";
  const ScanView v = MakeScanView(r, {});
  ASSERT_EQ(v.institutions.size(), 3u);
  EXPECT_EQ(v.institutions[0].name, "Springfield School");
  EXPECT_EQ(v.institutions[1].name, "Alpha");
  EXPECT_EQ(v.institutions[1].summary, nullptr);
  EXPECT_EQ(v.institutions[2].name, "Zeta");
}

TEST(ScanViewTest, ChangesOnlyKeepsChangedItemsAndTheirInstitutions) {
  ScanReport r = Sample();
  InstitutionSummary quiet;
  quiet.name = "Quiet School";
  r.institutions.push_back(quiet);
  const ScanView v = MakeScanView(r, {true});
  ASSERT_EQ(v.institutions.size(), 1u);
  const InstitutionView& i = v.institutions[0];
  EXPECT_EQ(i.addresses.size(), 2u);  // the present one is left out
  EXPECT_EQ(i.lookalikes.size(), 2u);
  EXPECT_EQ(i.unregistered, 0);
  EXPECT_EQ(i.gone_addresses.size(), 1u);
  EXPECT_EQ(i.gone_lookalikes.size(), 1u);
}

TEST(ScanRenderTest, ChangesOnlyRendersNothingWhenNothingChanged) {
  const ScanReport r = Unchanged();
  for (const auto& [name, render] : kRenderers) {
    EXPECT_EQ(render(r, {true}), "") << name;
    EXPECT_NE(render(r, {false}), "") << name;
  }
}

TEST(ScanRenderTest, FailedPagesAloneAreNoNews) {
  ScanReport r = Unchanged();
  r.failed_pages.push_back({"https://www.school.in/other", "timeout"});
  for (const auto& [name, render] : kRenderers) {
    EXPECT_EQ(render(r, {true}), "") << name;
  }
}

TEST(ScanRenderTest, ChangesOnlyLeavesOutPresentItems) {
  const ScanReport r = Sample();
  for (const auto& [name, render] : kRenderers) {
    const std::string all = render(r, {false});
    const std::string changes = render(r, {true});
    EXPECT_NE(all.find("office@school.in"), std::string::npos) << name;
    EXPECT_EQ(changes.find("office@school.in"), std::string::npos) << name;
    EXPECT_NE(changes.find("old@school.in"), std::string::npos) << name;
    EXPECT_NE(changes.find("scho0l.in"), std::string::npos) << name;
    EXPECT_EQ(changes.find("schol.in"), std::string::npos) << name;
  }
}

TEST(ScanRenderTest, EveryFormatLeadsWithWhatNeedsAction) {
  const ScanReport r = Sample();
  for (const auto& [name, render] : kRenderers) {
    const std::string out = render(r, {});
    // The new any-crawler address comes before the institution's section
    // lists the JavaScript-only one first (by address).
    const size_t head = out.find("head@school.in");
    const size_t admin = out.find("admin@school.in");
    const size_t changed = out.find("scho0l.in");
    const size_t present = out.find("office@school.in");
    EXPECT_LT(head, admin) << name;
    EXPECT_LT(changed, present) << name;
  }
}

TEST(ScanRenderTest, FailedPagesAreNotCheckedNeverNoAddresses) {
  const ScanReport r = Sample();
  for (const auto& [name, render] : kRenderers) {
    const std::string out = render(r, {});
    EXPECT_NE(out.find("https://www.school.in/broken"), std::string::npos)
        << name;
    EXPECT_EQ(out.find("no addresses"), std::string::npos) << name;
  }
  EXPECT_NE(RenderScanText(r, {}).find("Not checked"), std::string::npos);
  EXPECT_NE(RenderScanMarkdown(r, {}).find("Not checked"), std::string::npos);
  EXPECT_NE(RenderScanHtml(r, {}).find("Not checked"), std::string::npos);
}

// A page that answered 404 or 410 is a broken link in every format, in a
// section of its own after the pages not checked (never among them).
TEST(ScanRenderTest, MissingPagesAreBrokenLinksNotUnchecked) {
  const ScanReport r = Sample();
  const std::string url = "https://www.school.in/old-staff.html";
  const std::map<std::string, std::string> title = {
      {"text", "Linked but missing (HTTP 404/410)"},
      {"markdown", "## Linked but missing (1)"},
      {"html", "<section id=\"missing\">"},
      {"json", "\"missing_pages\": ["},
      {"csv", "missing_page,"}};
  for (const auto& [name, render] : kRenderers) {
    const std::string out = render(r, {});
    const size_t failed = out.find("https://www.school.in/broken");
    const size_t section = out.find(title.at(name));
    const size_t missing = out.find(url);
    ASSERT_NE(section, std::string::npos) << name << "\n" << out;
    EXPECT_LT(failed, section) << name;
    EXPECT_LT(section, missing) << name << ": listed before its section";
  }
}

TEST(TruncateTest, CutsAtCodePoints) {
  EXPECT_EQ(Truncate("abc", 3), "abc");
  EXPECT_EQ(Truncate("abcd", 3), "abc\xe2\x80\xa6");
  EXPECT_EQ(Truncate("\xc3\xa1\xc3\xa1\xc3\xa1", 2),
            "\xc3\xa1\xc3\xa1\xe2\x80\xa6");
  EXPECT_EQ(Truncate("", 0), "");
}

// Addresses grouped by the page to fix, most first; gone and acknowledged
// ones are not on it, and every form domex reports has a remedy.
TEST(PagesToFixTest, GroupsByPageMostAddressesFirst) {
  ScanReport r;
  auto address = [](const std::string& a, std::vector<std::string> pages,
                    std::vector<std::string> forms, ItemStatus status) {
    AddressItem item;
    item.address = a;
    item.pages = std::move(pages);
    item.forms = std::move(forms);
    item.status = status;
    return item;
  };
  r.addresses = {
      address("a@s.in", {"https://s.in/contact"}, {"text"}, ItemStatus::kNew),
      address("b@s.in", {"https://s.in/contact", "https://s.in/"}, {"mailto"},
              ItemStatus::kPresent),
      address("c@s.in", {"https://s.in/contact"}, {"cloudflare"},
              ItemStatus::kGone),
      address("d@s.in", {"https://s.in/"}, {"text"}, ItemStatus::kPresent),
  };
  r.addresses[3].acknowledged = AckState{"front desk", "", false};
  const std::vector<PageToFix> pages = PagesToFix(r);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].url, "https://s.in/contact");
  ASSERT_EQ(pages[0].addresses.size(), 2u);
  EXPECT_EQ(pages[0].addresses[0]->address, "a@s.in");
  EXPECT_EQ(pages[0].forms, (std::vector<std::string>{"mailto", "text"}));
  EXPECT_EQ(pages[1].url, "https://s.in/");
  ASSERT_EQ(pages[1].addresses.size(), 1u);
  EXPECT_EQ(pages[1].addresses[0]->address, "b@s.in");
}

TEST(PagesToFixTest, EveryFormHasARemedy) {
  for (const char* form :
       {"text", "mailto", "entity", "percent", "at-dot", "split", "hidden",
        "reversed", "cloudflare", "javascript", "document"}) {
    EXPECT_NE(FormRemedy(form), "") << form;
  }
  EXPECT_NE(FormRemedy("cloudflare").find("any harvester decodes it"),
            std::string::npos);
  EXPECT_EQ(FormRemedy("telepathy"), "");
}

}  // namespace
}  // namespace domex::reports
