#include <gtest/gtest.h>

#include "reports/lookalike_report.h"
#include "reports/scan_render.h"
#include "reports/scan_testdata.h"

namespace domex::reports {
namespace {

using testdata::kNov22;
using testdata::kNov23;

// OneNewAddress() as a second scan, and a lookalike that gained an MX.
ScanReport Small() {
  ScanReport r = testdata::OneNewAddress();
  r.scans.insert(r.scans.begin(), r.scans[0]);
  r.scans[0].started_at = kNov22;
  r.scans[0].finished_at = 0;
  r.scans[0].finished = false;
  r.scans[1].id = 2;
  r.latest = 2;
  r.since = 1;
  r.addresses[0].first_seen = r.addresses[0].last_seen = 2;
  LookalikeItem l;
  l.institution = "A";
  l.record.origin = "a.in";
  l.record.domain = "xn--a-0ga.in";
  l.record.unicode =
      "\xc3\xa1"
      "a.in";
  l.record.fuzzers = {"homoglyph"};
  l.record.verdict = "registered";
  l.record.mail = "mx";
  l.record.mx = {"10 mx.evil.in"};
  l.record.checked_at = kNov23;
  l.record.first_seen = kNov22;
  l.record.last_seen = kNov23;
  l.status = ItemStatus::kChanged;
  l.changes = {"mail none -> mx", "MX +10 mx.evil.in"};
  l.first_seen = 1;
  l.last_seen = 2;
  r.lookalikes = {l};
  r.failed_pages = {{"https://a.in/x", "timeout"}};
  r.missing_pages = {{"https://a.in/old", "HTTP 404"}};
  r.scans[1].errors = {"https://a.in/x: timeout"};
  return r;
}

TEST(ScanJsonTest, Contract) {
  EXPECT_EQ(RenderScanJson(Small(), {}), R"json({
  "schema": "domex-scan-report/1",
  "latest": "2026-11-23T12:00:00Z",
  "latest_scan": 2,
  "since": "2026-11-22T12:00:00Z",
  "since_scan": 1,
  "changes_only": false,
  "needs_action": {
    "addresses": [
      {
        "institution": "A",
        "address": "x@a.in",
        "harvestable_by": "any-crawler"
      }
    ],
    "lookalikes": [
      {
        "institution": "A",
        "origin": "a.in",
        "domain": "xn--a-0ga.in",
        "status": "changed",
        "mail": "mx"
      }
    ]
  },
  "changes": {
    "new_addresses": 1,
    "gone_addresses": 0,
    "new_lookalikes": 0,
    "changed_lookalikes": 1,
    "gone_lookalikes": 0,
    "lapsed_acknowledgements": 0
  },
  "addresses": [
    {
      "address": "x@a.in",
      "forms": [
        "text"
      ],
      "pages": [
        "https://a.in/"
      ],
      "harvestable_by": "any-crawler",
      "sites": [
        "a.in"
      ],
      "not_checked_pages": [],
      "seen_on_checked_page": true,
      "institution": "A",
      "status": "new",
      "first_seen": "2026-11-23T12:00:00Z",
      "first_seen_scan": 2,
      "last_seen": "2026-11-23T12:00:00Z",
      "last_seen_scan": 2,
      "acknowledged": null,
      "needs_action": true
    }
  ],
  "lookalikes": [
    {
      "domain": "xn--a-0ga.in",
      "unicode": "áa.in",
      "origin": "a.in",
      "fuzzers": [
        "homoglyph"
      ],
      "verdict": "registered",
      "mail": "mx",
      "records": {
        "A": [],
        "AAAA": [],
        "MX": [
          "10 mx.evil.in"
        ],
        "NS": []
      },
      "first_seen": "2026-11-22T12:00:00Z",
      "first_seen_scan": 1,
      "last_seen": "2026-11-23T12:00:00Z",
      "last_seen_scan": 2,
      "checked_at": "2026-11-23T12:00:00Z",
      "institution": "A",
      "status": "changed",
      "changes": [
        "mail none -> mx",
        "MX +10 mx.evil.in"
      ],
      "acknowledged": null,
      "needs_action": true
    }
  ],
  "failed_pages": [
    {
      "url": "https://a.in/x",
      "reason": "timeout"
    }
  ],
  "missing_pages": [
    {
      "url": "https://a.in/old",
      "reason": "HTTP 404"
    }
  ],
  "left_out": [],
  "acknowledged_pages": [],
  "institutions": [
    {
      "name": "A",
      "sites": [
        "https://a.in/"
      ],
      "domains": [
        "a.in"
      ],
      "pages_checked": 1,
      "pages_failed": 0,
      "addresses": 1,
      "lookalikes_registered": 0,
      "lookalikes_take_mail": 0
    }
  ],
  "scans": [
    {
      "id": 1,
      "started_at": "2026-11-22T12:00:00Z",
      "finished_at": null,
      "finished": false,
      "config": "/etc/domex/schools.toml",
      "config_digest": "sha256:5f1e",
      "institutions": [],
      "pages_checked": 1,
      "pages_failed": 0,
      "addresses": 1,
      "lookalikes": 6,
      "lookalikes_registered": 0,
      "lookalikes_unknown": 0,
      "errors": []
    },
    {
      "id": 2,
      "started_at": "2026-11-23T12:00:00Z",
      "finished_at": "2026-11-23T12:10:00Z",
      "finished": true,
      "config": "/etc/domex/schools.toml",
      "config_digest": "sha256:5f1e",
      "institutions": [],
      "pages_checked": 1,
      "pages_failed": 0,
      "addresses": 1,
      "lookalikes": 6,
      "lookalikes_registered": 0,
      "lookalikes_unknown": 0,
      "errors": [
        "https://a.in/x: timeout"
      ]
    }
  ]
}
)json");
}

TEST(ScanJsonTest, ExtendsTheLookalikeContract) {
  // Every field of a RenderLookalikeJson object is in a scan lookalike
  // object, in the same order; first_seen/last_seen stay times (of the
  // scans that first and last saw it exist), with the scan ids beside.
  const ScanReport r = Small();
  const std::string scan = RenderScanJson(r, {});
  const std::string lookalike = RenderLookalikeJson({r.lookalikes[0].record});
  const std::string dns =
      lookalike.substr(lookalike.find("      \"domain\""),
                       lookalike.find("      \"first_seen\"") -
                           lookalike.find("      \"domain\""));
  EXPECT_NE(scan.find(dns + "      \"first_seen\": \"2026-11-22T12:00:00Z\",\n"
                            "      \"first_seen_scan\": 1,\n"),
            std::string::npos)
      << dns;
}

TEST(ScanJsonTest, ChangesOnlyKeepsChangedItems) {
  ScanReport r = Small();
  r.addresses.push_back(r.addresses[0]);
  r.addresses[1].address = "old@a.in";
  r.addresses[1].status = ItemStatus::kPresent;
  const std::string all = RenderScanJson(r, {});
  const std::string changes = RenderScanJson(r, {true});
  EXPECT_NE(all.find("\"old@a.in\""), std::string::npos);
  EXPECT_EQ(changes.find("\"old@a.in\""), std::string::npos);
  EXPECT_NE(changes.find("\"changes_only\": true"), std::string::npos);
  EXPECT_NE(changes.find("\"x@a.in\""), std::string::npos);
}

TEST(ScanJsonTest, NothingIsCappedAndEverythingIsEscaped) {
  ScanReport r = testdata::Hostile();
  const AddressItem a = r.addresses[0];
  for (int i = 0; i < 500; ++i) r.addresses.push_back(a);
  const std::string json = RenderScanJson(r, {});
  size_t n = 0;
  for (size_t i = json.find("\"address\": "); i != std::string::npos;
       i = json.find("\"address\": ", i + 1)) {
    ++n;
  }
  size_t fresh = 0;  // also listed in "needs_action"
  for (const AddressItem& item : r.addresses) {
    fresh += item.status == ItemStatus::kNew;
  }
  EXPECT_EQ(n, r.addresses.size() + fresh);
  EXPECT_EQ(json.find('<'), std::string::npos);
  EXPECT_EQ(json.find('\x1b'), std::string::npos);
  EXPECT_EQ(json.find('\xff'), std::string::npos);
}

}  // namespace
}  // namespace domex::reports
