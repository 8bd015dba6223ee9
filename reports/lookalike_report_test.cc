#include "reports/lookalike_report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::reports {
namespace {

using store::LookalikeRecord;

constexpr int64_t kNov23 = 1795435200;  // 2026-11-23T12:00:00Z

LookalikeRecord Rec(const std::string& origin, const std::string& domain,
                    const std::string& verdict, const std::string& mail,
                    std::vector<std::string> fuzzers) {
  LookalikeRecord r;
  r.origin = origin;
  r.domain = domain;
  r.verdict = verdict;
  r.mail = mail;
  r.fuzzers = std::move(fuzzers);
  r.checked_at = kNov23;
  if (verdict == "registered" || verdict == "wildcard") {
    r.first_seen = kNov23 - 86400;
    r.last_seen = kNov23;
  }
  return r;
}

std::vector<LookalikeRecord> Sample() {
  LookalikeRecord mx =
      Rec("army.mil", "army.ml", "registered", "mx", {"tld-typo"});
  mx.a = {"192.0.2.66"};
  mx.mx = {"10 mx.army.ml"};
  LookalikeRecord null_mx =
      Rec("army.mil", "arrny.mil", "registered", "null-mx", {"homoglyph"});
  null_mx.mx = {"0 ."};
  LookalikeRecord idn = Rec("army.mil", "xn--rmy-5cd.mil", "registered",
                            "implicit", {"homoglyph"});
  idn.unicode = "\xc3\xa1rmy.mil";
  idn.a = {"192.0.2.7"};
  LookalikeRecord wild =
      Rec("army.mil", "army.cm", "wildcard", "implicit", {"suffix-swap"});
  wild.a = {"192.0.2.99"};
  return {
      Rec("navy.mil", "navy.ml", "unregistered", "none", {"tld-typo"}),
      mx,
      Rec("army.mil", "amry.mil", "unknown", "unknown", {"transposition"}),
      null_mx,
      Rec("army.mil", "armya.mil", "unregistered", "none", {"addition"}),
      idn,
      wild,
  };
}

TEST(LookalikeReportTest, TextGroupsAndFlagsMail) {
  EXPECT_EQ(
      RenderLookalikeText(Sample()),
      "army.mil: 6 lookalikes checked: 3 registered, 1 wildcard, 1 unknown, "
      "1 unregistered; 3 take mail\n"
      "  registered (3):\n"
      "    ! army.ml                     mail: MX 10 mx.army.ml  "
      "[tld-typo]  seen since 2026-11-22\n"
      "    ! xn--rmy-5cd.mil (\xc3\xa1rmy.mil)  mail: implicit MX (address "
      "192.0.2.7)  [homoglyph]  seen since 2026-11-22\n"
      "      arrny.mil                   no mail (null MX)  [homoglyph]  "
      "seen since 2026-11-22\n"
      "  wildcard: the parent zone answers for any name (1):\n"
      "    ! army.cm  mail: implicit MX (address 192.0.2.99)  [suffix-swap]  "
      "seen since 2026-11-22\n"
      "  unknown: no answer (timeout, SERVFAIL, REFUSED); not counted as "
      "unregistered (1):\n"
      "      amry.mil  [transposition]\n"
      "navy.mil: 1 lookalikes checked: 0 registered, 0 wildcard, 0 unknown, "
      "1 unregistered; 0 take mail\n"
      "! = takes mail: mail mistyped to it is delivered to whoever runs it\n");
}

TEST(LookalikeReportTest, LongUnknownListIsCapped) {
  std::vector<LookalikeRecord> records;
  for (int i = 0; i < 40; ++i) {
    records.push_back(Rec("a.in", "b" + std::to_string(100 + i) + ".in",
                          "unknown", "unknown", {"addition"}));
  }
  const std::string text = RenderLookalikeText(records);
  EXPECT_NE(text.find("b129.in"), std::string::npos);
  EXPECT_EQ(text.find("b130.in"), std::string::npos);
  EXPECT_NE(text.find("      ... and 10 more (all are in --format json or "
                      "csv)\n"),
            std::string::npos);
}

TEST(LookalikeReportTest, TextNeutralisesControlCharacters) {
  LookalikeRecord r = Rec("a.in", "b.in", "registered", "mx", {"addition"});
  r.mx = {"10 \x1b[31mevil"};
  const std::string text = RenderLookalikeText({r});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("10 ?[31mevil"), std::string::npos);
}

TEST(LookalikeReportTest, JsonContract) {
  LookalikeRecord r = Sample()[1];
  const std::string want = R"({
  "schema": "domex-lookalikes/1",
  "lookalikes": [
    {
      "domain": "army.ml",
      "origin": "army.mil",
      "fuzzers": [
        "tld-typo"
      ],
      "verdict": "registered",
      "mail": "mx",
      "records": {
        "A": [
          "192.0.2.66"
        ],
        "AAAA": [],
        "MX": [
          "10 mx.army.ml"
        ],
        "NS": []
      },
      "first_seen": "2026-11-22T12:00:00Z",
      "last_seen": "2026-11-23T12:00:00Z",
      "checked_at": "2026-11-23T12:00:00Z"
    }
  ],
  "summary": [
    {
      "origin": "army.mil",
      "candidates": 1,
      "registered": 1,
      "wildcard": 0,
      "unknown": 0,
      "unregistered": 0,
      "takes_mail": 1,
      "not_checked": 0
    }
  ]
}
)";
  EXPECT_EQ(RenderLookalikeJson({r}), want);
}

TEST(LookalikeReportTest, JsonHasUnicodeForIdnsAndNullTimes) {
  const std::string json = RenderLookalikeJson(Sample());
  EXPECT_NE(json.find("\"domain\": \"xn--rmy-5cd.mil\",\n      \"unicode\": "
                      "\"\xc3\xa1rmy.mil\""),
            std::string::npos);
  EXPECT_NE(json.find("\"first_seen\": null"), std::string::npos);
  // Sorted by origin, then domain.
  EXPECT_LT(json.find("\"amry.mil\""), json.find("\"army.cm\""));
  EXPECT_LT(json.find("\"xn--rmy-5cd.mil\""), json.find("\"navy.ml\""));
}

TEST(LookalikeReportTest, Csv) {
  LookalikeRecord r = Sample()[1];
  r.mx = {"10 mx.army.ml", "=cmd|' /C calc'!A0"};
  EXPECT_EQ(RenderLookalikeCsv({r, Sample()[0]}),
            "origin,domain,unicode,fuzzers,verdict,mail,a,aaaa,mx,ns,"
            "first_seen,last_seen,checked_at,not_checked\r\n"
            "army.mil,army.ml,,tld-typo,registered,mx,192.0.2.66,,"
            "10 mx.army.ml;=cmd|' /C calc'!A0,,2026-11-22T12:00:00Z,"
            "2026-11-23T12:00:00Z,2026-11-23T12:00:00Z,\r\n"
            "navy.mil,navy.ml,,tld-typo,unregistered,none,,,,,,,"
            "2026-11-23T12:00:00Z,\r\n");
  // A cell that starts like a formula is defused.
  r.mx = {"=cmd|' /C calc'!A0"};
  EXPECT_NE(RenderLookalikeCsv({r}).find(",'=cmd|' /C calc'!A0,"),
            std::string::npos);
}

// A stopped run's candidates it did not ask about: counted and listed as
// "not checked (stopped)" apart from the verdicts of this run, even when
// the record is an earlier check that found the name registered.
TEST(LookalikeReportTest, NotCheckedIsNeitherUnknownNorAVerdict) {
  LookalikeRecord earlier = Sample()[1];  // army.ml, registered, takes mail
  earlier.not_checked = "stopped";
  LookalikeRecord never = Sample()[1];
  never.domain = "arny.mil";
  never.verdict = "unknown";
  never.mail = "unknown";
  never.mx.clear();
  never.a.clear();
  never.not_checked = "stopped";
  const std::vector<LookalikeRecord> records = {earlier, never};
  const std::string text = RenderLookalikeText(records);
  EXPECT_NE(text.find("2 lookalikes checked: 0 registered, 0 wildcard, 0 "
                      "unknown, 0 unregistered; 0 take mail\n"
                      "  not checked (stopped): 2 "),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("unknown: no answer"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n  registered"), std::string::npos) << text;
  const std::string json = RenderLookalikeJson(records);
  EXPECT_NE(json.find("\"not_checked\": \"stopped\""), std::string::npos);
  EXPECT_NE(json.find("\"unknown\": 0,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"not_checked\": 2\n"), std::string::npos) << json;
  EXPECT_NE(RenderLookalikeCsv(records).find(",stopped\r\n"),
            std::string::npos);
}

}  // namespace
}  // namespace domex::reports
