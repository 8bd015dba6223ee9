#include "reports/scan_history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::reports {
namespace {

using store::AddressSighting;
using store::LookalikeSighting;

store::ScanRecord Scan(uint64_t id) {
  store::ScanRecord s;
  s.id = id;
  s.finished = true;
  s.checked_origins = {"army.mil", "s.in"};
  s.institution_list = {{"School", {"https://s.in/"}, {"s.in"}},
                        {"Army", {}, {"army.mil"}}};
  return s;
}

AddressSighting Addr(const std::string& address,
                     std::vector<std::string> forms = {"text"}) {
  return {"School", address, std::move(forms), {"https://s.in/"}, {"s.in"}};
}

LookalikeSighting Look(const std::string& institution,
                       const std::string& domain, const std::string& verdict,
                       const std::string& mail,
                       std::vector<std::string> mx = {}) {
  LookalikeSighting l;
  l.institution = institution;
  l.lookalike.origin = institution == "Army" ? "army.mil" : "s.in";
  l.lookalike.domain = domain;
  l.lookalike.verdict = verdict;
  l.lookalike.mail = mail;
  l.lookalike.mx = std::move(mx);
  return l;
}

// Scan 1, then 2 (an address added, one removed, a lookalike gains an MX,
// one gone, one new, one unknown), then 3 (s.ml could not be checked).
ScanHistory History() {
  ScanHistory h;
  h.scans = {Scan(1), Scan(2), Scan(3)};
  h.addresses[1] = {Addr("a@s.in"), Addr("b@s.in", {"mailto"})};
  h.addresses[2] = {Addr("a@s.in"), Addr("c@s.in", {"javascript"})};
  h.addresses[3] = h.addresses[2];
  h.lookalikes[1] = {Look("School", "s.ml", "registered", "mx", {"10 mx.s.ml"}),
                     Look("School", "s.tk", "registered", "none")};
  h.lookalikes[2] = {
      Look("School", "s.ml", "registered", "mx", {"10 mx.s.ml", "20 mx2.s.ml"}),
      Look("School", "s.cm", "registered", "implicit"),
      Look("Army", "army.ml", "unknown", "unknown")};
  h.lookalikes[3] = {Look("School", "s.ml", "unknown", "unknown"),
                     Look("School", "s.cm", "registered", "implicit")};
  h.pages["School"] = {12, 1};
  return h;
}

std::vector<std::string> Addresses(const ScanReport& r) {
  std::vector<std::string> out;
  for (const AddressItem& a : r.addresses) {
    out.push_back(a.address + " " + ItemStatusName(a.status) + " " +
                  std::to_string(a.first_seen) + "-" +
                  std::to_string(a.last_seen) + " " + a.harvestable_by);
  }
  return out;
}

std::vector<std::string> Lookalikes(const ScanReport& r) {
  std::vector<std::string> out;
  for (const LookalikeItem& l : r.lookalikes) {
    std::string line =
        l.institution + " " + l.record.domain + " " + ItemStatusName(l.status) +
        " " + std::to_string(l.first_seen) + "-" + std::to_string(l.last_seen);
    for (const std::string& c : l.changes) line += " [" + c + "]";
    out.push_back(line);
  }
  return out;
}

TEST(BuildScanReportTest, StatusesAgainstThePreviousScan) {
  struct Row {
    uint64_t latest, since_asked, since;
    std::vector<std::string> addresses, lookalikes;
  };
  const std::vector<Row> rows = {
      {1,
       0,
       0,
       {"a@s.in new 1-1 any-crawler", "b@s.in new 1-1 any-crawler"},
       {"School s.ml new 1-1", "School s.tk new 1-1"}},
      {2,
       0,
       1,
       {"a@s.in present 1-2 any-crawler", "b@s.in gone 1-1 any-crawler",
        "c@s.in new 2-2 js-capable"},
       {"School s.cm new 2-2", "School s.ml changed 1-2 [MX +20 mx2.s.ml]",
        "School s.tk gone 1-1"}},
      {3,
       0,
       2,
       {"a@s.in present 1-3 any-crawler", "c@s.in present 2-3 js-capable"},
       // s.ml unknown now: neither gone nor changed; last seen stays 2.
       {"School s.cm present 2-3", "School s.ml present 1-2"}},
      {3,
       1,
       1,
       {"a@s.in present 1-3 any-crawler", "b@s.in gone 1-1 any-crawler",
        "c@s.in new 2-3 js-capable"},
       {"School s.cm new 2-3", "School s.ml present 1-2",
        "School s.tk gone 1-1"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::to_string(row.latest) + " since " +
                 std::to_string(row.since_asked));
    Result<ScanReport> r =
        BuildScanReport(History(), row.latest, row.since_asked);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->latest, row.latest);
    EXPECT_EQ(r->since, row.since);
    EXPECT_EQ(Addresses(*r), row.addresses);
    EXPECT_EQ(Lookalikes(*r), row.lookalikes);
  }
}

TEST(BuildScanReportTest, HistoryOfEachItem) {
  ScanHistory h = History();
  h.scans.push_back(Scan(4));
  h.addresses[4] = {Addr("b@s.in", {"mailto"})};  // b is back
  h.lookalikes[4] = {Look("School", "s.tk", "registered", "mx")};
  Result<ScanReport> r = BuildScanReport(h, 4, 0);
  ASSERT_TRUE(r.ok());
  const AddressItem* b = nullptr;
  for (const AddressItem& a : r->addresses) {
    if (a.address == "b@s.in") b = &a;
  }
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->status, ItemStatus::kNew);
  EXPECT_EQ(b->seen_in,
            (std::vector<std::pair<uint64_t, uint64_t>>{{1, 1}, {4, 4}}));
  const LookalikeItem* tk = nullptr;
  const LookalikeItem* ml = nullptr;
  for (const LookalikeItem& l : r->lookalikes) {
    if (l.record.domain == "s.tk") tk = &l;
    if (l.record.domain == "s.ml") ml = &l;
  }
  ASSERT_NE(tk, nullptr);
  EXPECT_EQ(tk->history,
            (std::vector<LookalikeState>{{1, "registered", "none"},
                                         {2, "unregistered", "none"},
                                         {4, "registered", "mx"}}));
  ASSERT_NE(ml, nullptr);  // gone in 4; unknown in 3 added nothing
  EXPECT_EQ(ml->history,
            (std::vector<LookalikeState>{{1, "registered", "mx"},
                                         {4, "unregistered", "none"}}));
}

TEST(BuildScanReportTest, InstitutionSummaries) {
  Result<ScanReport> r = BuildScanReport(History(), 2, 0);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->institutions.size(), 2u);
  const InstitutionSummary& school = r->institutions[0];
  EXPECT_EQ(school.name, "School");
  EXPECT_EQ(school.pages_checked, 12);
  EXPECT_EQ(school.pages_failed, 1);
  EXPECT_EQ(school.addresses, 2);              // a and c; b is gone
  EXPECT_EQ(school.lookalikes_registered, 2);  // s.ml and s.cm
  EXPECT_EQ(school.lookalikes_take_mail, 2);   // mx and implicit
  EXPECT_EQ(r->institutions[1].name, "Army");
  EXPECT_EQ(r->institutions[1].lookalikes_registered, 0);
  EXPECT_EQ(r->scans.size(), 3u);
}

TEST(BuildScanReportTest, InstitutionsNoLongerScannedAreNotGone) {
  ScanHistory h = History();
  h.scans[1].institution_list = {{"Army", {}, {"army.mil"}}};
  Result<ScanReport> r = BuildScanReport(h, 2, 0);
  ASSERT_TRUE(r.ok());
  for (const AddressItem& a : r->addresses) {
    EXPECT_NE(a.status, ItemStatus::kGone) << a.address;
  }
  for (const LookalikeItem& l : r->lookalikes) {
    EXPECT_NE(l.status, ItemStatus::kGone) << l.record.domain;
  }
}

std::vector<std::string> Statuses(const ScanReport& r) {
  std::vector<std::string> out = Addresses(r);
  for (const std::string& l : Lookalikes(r)) out.push_back(l);
  return out;
}

TEST(BuildScanReportTest, PartialScansNeverMakeThingsGone) {
  // Scan 2 was stopped early: it saw only a@s.in and checked no domain.
  ScanHistory h = History();
  h.scans[1].finished = false;
  h.scans[1].checked_origins = {};
  h.addresses[2] = {Addr("a@s.in")};
  h.lookalikes[2] = {};
  Result<ScanReport> partial = BuildScanReport(h, 2, 0);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->since, 1u);
  EXPECT_EQ(Statuses(*partial),
            (std::vector<std::string>{"a@s.in present 1-2 any-crawler",
                                      "School s.ml present 1-1",
                                      "School s.tk present 1-1"}));
  // Scan 3 is compared with scan 1, the last complete one, not with 2.
  Result<ScanReport> next = BuildScanReport(h, 3, 0);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->since, 1u);
  EXPECT_EQ(Statuses(*next),
            (std::vector<std::string>{
                "a@s.in present 1-3 any-crawler", "b@s.in gone 1-1 any-crawler",
                "c@s.in new 3-3 js-capable", "School s.cm new 3-3",
                "School s.ml present 1-1",  // unknown in 3: still there
                "School s.tk gone 1-1"}));
}

TEST(BuildScanReportTest, AnUnknownCheckDoesNotMakeALookalikeNewAgain) {
  ScanHistory h = History();
  h.scans.push_back(Scan(4));
  h.addresses[4] = h.addresses[3];
  h.lookalikes[4] = {
      Look("School", "s.ml", "registered", "mx", {"10 mx.s.ml", "20 mx2.s.ml"}),
      Look("School", "s.cm", "registered", "implicit")};
  Result<ScanReport> r = BuildScanReport(h, 4, 0);  // since 3: s.ml unknown
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Lookalikes(*r),
            (std::vector<std::string>{"School s.cm present 2-4",
                                      "School s.ml present 1-4"}));
}

TEST(BuildScanReportTest, UncheckedAddressesAndDomainsAreNotGone) {
  ScanHistory h = History();
  h.addresses[2] = {Addr("a@s.in"), Addr("b@s.in", {"mailto"})};
  h.addresses[2][1].unchecked = true;         // its page failed in scan 2
  h.scans[1].checked_origins = {"army.mil"};  // s.in's lookalikes not checked
  h.lookalikes[2] = {};
  Result<ScanReport> r = BuildScanReport(h, 2, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(
      Statuses(*r),
      (std::vector<std::string>{
          "a@s.in present 1-2 any-crawler", "b@s.in present 1-1 any-crawler",
          "School s.ml present 1-1", "School s.tk present 1-1"}));
}

// An address whose pages were not checked (failed, or not reached by a
// stopped crawl) is never gone, over any run of partial and complete scans;
// only a complete scan that checked its pages and did not see it is.
TEST(BuildScanReportTest, OnlyCheckedPagesMakeAnAddressGone) {
  AddressSighting unchecked = Addr("b@s.in", {"mailto"});
  unchecked.unchecked = true;
  unchecked.pages = {"https://s.in/b"};
  struct Row {
    bool finished;
    std::vector<AddressSighting> seen;
    const char* want_b;  // "" when b@s.in is not listed
  } rows[] = {
      {true, {Addr("a@s.in"), Addr("b@s.in", {"mailto"})}, "new"},  // 1
      {false, {Addr("a@s.in"), unchecked}, "present"},  // 2: stopped early
      {false, {Addr("a@s.in")}, ""},                    // 3: stopped early
      {true, {Addr("a@s.in"), unchecked}, "present"},   // 4: its page failed
      {true, {Addr("a@s.in"), unchecked}, "present"},   // 5: and again
      {true, {Addr("a@s.in")}, "gone"},                 // 6: checked, absent
  };
  ScanHistory h;
  for (size_t i = 0; i < std::size(rows); ++i) {
    const uint64_t id = i + 1;
    SCOPED_TRACE("scan " + std::to_string(id));
    h.scans.push_back(Scan(id));
    h.scans.back().finished = rows[i].finished;
    h.addresses[id] = rows[i].seen;
    Result<ScanReport> r = BuildScanReport(h, id, 0);
    ASSERT_TRUE(r.ok());
    const AddressItem* b = nullptr;
    for (const AddressItem& a : r->addresses) {
      if (a.address == "b@s.in") b = &a;
    }
    if (*rows[i].want_b == '\0') {
      EXPECT_EQ(b, nullptr);
      continue;
    }
    ASSERT_NE(b, nullptr);
    EXPECT_STREQ(ItemStatusName(b->status), rows[i].want_b);
    EXPECT_EQ(b->first_seen, 1u);
    EXPECT_EQ(b->last_seen, 1u) << "only scan 1 saw it";
    const bool not_checked =
        rows[i].seen.size() == 2 && rows[i].seen[1].unchecked;
    EXPECT_EQ(b->not_checked_pages,
              not_checked ? std::vector<std::string>{"https://s.in/b"}
                          : std::vector<std::string>{});
    EXPECT_EQ(b->pages.empty(), not_checked);
  }
}

TEST(BuildScanReportTest, UnknownScans) {
  EXPECT_EQ(BuildScanReport(History(), 9, 0).status().code(),
            Status::Code::kNotFound);
  EXPECT_EQ(BuildScanReport(History(), 2, 3).status().message(),
            "no scan 3 before scan 2");
  EXPECT_EQ(BuildScanReport(History(), 2, 7).status().code(),
            Status::Code::kNotFound);
}

}  // namespace
}  // namespace domex::reports
