#include "resolver/verdict.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::resolver {
namespace {

using R = DnsAnswer::Rcode;

DnsAnswer Ans(R rcode, std::vector<std::string> records = {}) {
  DnsAnswer a;
  a.rcode = rcode;
  a.records = std::move(records);
  return a;
}

DomainRecords Rec(DnsAnswer a, DnsAnswer aaaa, DnsAnswer mx, DnsAnswer ns) {
  DomainRecords r;
  r.domain = "example.test";
  r.a = std::move(a);
  r.aaaa = std::move(aaaa);
  r.mx = std::move(mx);
  r.ns = std::move(ns);
  return r;
}

const DnsAnswer kNoData = Ans(R::kNoError);
const DnsAnswer kNx = Ans(R::kNxDomain);
const DnsAnswer kTimeout = Ans(R::kTimeout);
const DnsAnswer kServFail = Ans(R::kServFail);
const DnsAnswer kRefused = Ans(R::kRefused);
const DnsAnswer kOther = Ans(R::kOther);
const DnsAnswer kA = Ans(R::kNoError, {"192.0.2.1"});
const DnsAnswer kAaaa = Ans(R::kNoError, {"2001:db8::1"});
const DnsAnswer kMx = Ans(R::kNoError, {"10 mail.example.test"});
const DnsAnswer kNs = Ans(R::kNoError, {"ns1.example.test"});

struct Row {
  const char* name;
  DomainRecords records;
  const char* verdict;
  const char* mail;
};

std::vector<Row> Rows() {
  return {
      {"all data", Rec(kA, kAaaa, kMx, kNs), "registered", "mx"},
      {"nodata everywhere", Rec(kNoData, kNoData, kNoData, kNoData),
       "registered", "none"},
      {"ns only (apex)", Rec(kNoData, kNoData, kNoData, kNs), "registered",
       "none"},
      {"nxdomain", Rec(kNx, kNx, kNx, kNx), "unregistered", "none"},
      {"nxdomain then timeouts", Rec(kNx, kTimeout, kTimeout, kTimeout),
       "unregistered", "unknown"},
      {"all timeout", Rec(kTimeout, kTimeout, kTimeout, kTimeout), "unknown",
       "unknown"},
      {"servfail", Rec(kServFail, kServFail, kServFail, kServFail), "unknown",
       "unknown"},
      {"refused", Rec(kRefused, kRefused, kRefused, kRefused), "unknown",
       "unknown"},
      {"other", Rec(kOther, kOther, kOther, kOther), "unknown", "unknown"},
      {"mixed failures", Rec(kTimeout, kServFail, kRefused, kOther), "unknown",
       "unknown"},
      {"noerror beats nxdomain", Rec(kNx, kNoData, kNx, kNx), "registered",
       "none"},
      {"a answers, rest time out", Rec(kA, kTimeout, kTimeout, kTimeout),
       "registered", "unknown"},
      {"null mx", Rec(kA, kNoData, Ans(R::kNoError, {"0 ."}), kNs),
       "registered", "null-mx"},
      {"null mx empty host",
       Rec(kNoData, kNoData, Ans(R::kNoError, {"0 "}), kNoData), "registered",
       "null-mx"},
      {"root mx with pref 10 delivers nowhere either",
       Rec(kNoData, kNoData, Ans(R::kNoError, {"10 ."}), kNoData), "registered",
       "null-mx"},
      {"null mx among others is mx",
       Rec(kNoData, kNoData, Ans(R::kNoError, {"0 .", "10 mx.example.test"}),
           kNoData),
       "registered", "mx"},
      {"implicit from a", Rec(kA, kNoData, kNoData, kNoData), "registered",
       "implicit"},
      {"implicit from aaaa", Rec(kNoData, kAaaa, kNoData, kNoData),
       "registered", "implicit"},
      {"implicit with aaaa timeout", Rec(kA, kTimeout, kNoData, kNoData),
       "registered", "implicit"},
      {"no mx, address unknown", Rec(kNoData, kTimeout, kNoData, kNoData),
       "registered", "unknown"},
      {"mx timeout", Rec(kA, kAaaa, kTimeout, kNs), "registered", "unknown"},
  };
}

TEST(VerdictTest, EveryRow) {
  for (const Row& row : Rows()) {
    EXPECT_STREQ(VerdictName(Classify(row.records)), row.verdict) << row.name;
    EXPECT_STREQ(MailName(ClassifyMail(row.records)), row.mail) << row.name;
  }
}

TEST(VerdictTest, NeverUnregisteredWithoutNxDomain) {
  for (const DnsAnswer& bad : {kTimeout, kServFail, kRefused, kOther}) {
    EXPECT_EQ(Classify(Rec(bad, bad, bad, bad)), Verdict::kUnknown);
  }
}

TEST(VerdictTest, BesideWildcardProbe) {
  const DomainRecords wild = Rec(kA, kNoData, kMx, kNoData);
  const DomainRecords nodata = Rec(kNoData, kNoData, kNoData, kNoData);
  const DomainRecords two =
      Rec(Ans(R::kNoError, {"192.0.2.1", "192.0.2.2"}), kNoData, kMx, kNoData);
  const DomainRecords nx = Rec(kNx, kNx, kNx, kNx);
  const DomainRecords timeouts = Rec(kTimeout, kTimeout, kTimeout, kTimeout);
  struct ProbeRow {
    const char* name;
    DomainRecords candidate;
    const DomainRecords* probe;
    const char* verdict;
  };
  const std::vector<ProbeRow> rows = {
      {"no probe", wild, nullptr, "registered"},
      {"parent answers the same", wild, &wild, "wildcard"},
      {"same records in another order",
       Rec(Ans(R::kNoError, {"192.0.2.2", "192.0.2.1"}), kNoData, kMx, kNoData),
       &two, "wildcard"},
      {"own delegation", Rec(kA, kNoData, kMx, kNs), &wild, "registered"},
      {"own address",
       Rec(Ans(R::kNoError, {"198.51.100.7"}), kNoData, kMx, kNoData), &wild,
       "registered"},
      {"probe nxdomain", wild, &nx, "registered"},
      {"probe unknown: cannot tell", wild, &timeouts, "unknown"},
      {"a failed query is no difference", Rec(kTimeout, kNoData, kMx, kNoData),
       &wild, "wildcard"},
      {"nodata wildcard of another type", nodata, &nodata, "wildcard"},
      {"unregistered stays", nx, &wild, "unregistered"},
      {"unknown stays", timeouts, &wild, "unknown"},
  };
  for (const ProbeRow& row : rows) {
    EXPECT_STREQ(VerdictName(ClassifyBesideProbe(row.candidate, row.probe)),
                 row.verdict)
        << row.name;
  }
}

}  // namespace
}  // namespace domex::resolver
