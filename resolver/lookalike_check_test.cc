// CheckLookalikes against a scripted DnsChecker; the real checker is tested
// against NSD in tests/.
#include "resolver/lookalike_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace domex::resolver {
namespace {

using R = DnsAnswer::Rcode;

DomainRecords Answers(const std::string& domain, R rcode,
                      std::vector<std::string> a = {},
                      std::vector<std::string> mx = {}) {
  DomainRecords r;
  r.domain = domain;
  for (DnsAnswer* x : {&r.a, &r.aaaa, &r.mx, &r.ns}) x->rcode = rcode;
  r.a.records = std::move(a);
  r.mx.records = std::move(mx);
  return r;
}

// Answers from a table (NXDOMAIN for names not in it), in the order the
// test chooses: all candidates before any probe, or queue order.
class ScriptedChecker : public DnsChecker {
 public:
  ScriptedChecker(std::map<std::string, DomainRecords> table, bool probes_last)
      : table_(std::move(table)), probes_last_(probes_last) {}

  void Check(std::string domain, Callback done) override {
    queued_.push_back({std::move(domain), std::move(done)});
  }
  void Run() override {
    auto is_probe = [](const auto& q) {
      return q.first.rfind("probe", 0) == 0;
    };
    if (probes_last_) {
      std::stable_partition(queued_.begin(), queued_.end(),
                            [&](const auto& q) { return !is_probe(q); });
    }
    for (auto& [domain, done] : queued_) {
      asked.push_back(domain);
      auto it = table_.find(domain);
      done(it != table_.end() ? it->second : Answers(domain, R::kNxDomain));
    }
    queued_.clear();
  }
  void Cancel() override { queued_.clear(); }
  Stats stats() const override { return {}; }
  void set_stop_flag(const std::atomic<bool>*) override {}
  std::vector<std::string> asked;

 private:
  std::map<std::string, DomainRecords> table_;
  bool probes_last_;
  std::vector<std::pair<std::string, Callback>> queued_;
};

TEST(ParentOfTest, DropsTheFirstLabel) {
  EXPECT_EQ(ParentOf("army.ml"), "ml");
  EXPECT_EQ(ParentOf("ar.my.mil"), "my.mil");
  EXPECT_EQ(ParentOf("ml"), "");
}

TEST(RandomProbeLabelTest, IsAFreshLdhLabel) {
  const std::string a = RandomProbeLabel(), b = RandomProbeLabel();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
  for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)));
}

TEST(CheckLookalikesTest, VerdictsWithOneProbePerParent) {
  // "ml" answers every label the same way; "mil" does not.
  const std::map<std::string, DomainRecords> table = {
      {"probe.ml", Answers("probe.ml", R::kNoError, {"192.0.2.99"})},
      {"army.ml", Answers("army.ml", R::kNoError, {"192.0.2.99"})},
      {"navy.ml",
       Answers("navy.ml", R::kNoError, {"198.51.100.1"}, {"10 mx.navy.ml"})},
      {"arny.mil", Answers("arny.mil", R::kNoError, {"192.0.2.1"})},
      {"amry.mil", Answers("amry.mil", R::kTimeout)},
  };
  const std::vector<LookalikeJob> jobs = {
      {"army.mil",
       {{"army.ml", {"tld-typo"}, ""},
        {"arny.mil", {"homoglyph"}, ""},
        {"amry.mil", {"transposition"}, ""},
        {"armya.mil", {"addition"}, ""}}},
      {"navy.mil", {{"navy.ml", {"tld-typo"}, ""}}},
  };
  for (bool probes_last : {false, true}) {
    ScriptedChecker checker(table, probes_last);
    std::map<std::string, std::string> got;
    CheckLookalikes(
        jobs, checker, [] { return std::string("probe"); },
        [&](LookalikeResult r) {
          got[r.origin + " " + r.candidate.domain] =
              std::string(VerdictName(r.verdict)) + " " + MailName(r.mail);
        });
    const std::map<std::string, std::string> want = {
        {"army.mil army.ml", "wildcard implicit"},
        {"army.mil arny.mil", "registered implicit"},
        {"army.mil amry.mil", "unknown unknown"},
        {"army.mil armya.mil", "unregistered none"},
        {"navy.mil navy.ml", "registered mx"},
    };
    EXPECT_EQ(got, want) << "probes_last=" << probes_last;
    EXPECT_EQ(std::count(checker.asked.begin(), checker.asked.end(),
                         std::string("probe.ml")),
              1);
    EXPECT_EQ(std::count(checker.asked.begin(), checker.asked.end(),
                         std::string("probe.mil")),
              1);
    EXPECT_EQ(checker.asked.size(), 7u);
  }
}

}  // namespace
}  // namespace domex::resolver
