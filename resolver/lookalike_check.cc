#include "resolver/lookalike_check.h"

#include <map>
#include <optional>
#include <random>
#include <utility>

namespace domex::resolver {
namespace {

// What is known about one parent zone's wildcard probe, and the candidates
// under it whose answers came back before the probe's.
struct ParentState {
  std::optional<DomainRecords> probe;
  std::vector<LookalikeResult> waiting;
};

LookalikeResult Finish(LookalikeResult r, const DomainRecords& probe) {
  r.verdict = ClassifyBesideProbe(r.records, &probe);
  r.mail = ClassifyMail(r.records);
  return r;
}

}  // namespace

std::string ParentOf(const std::string& domain) {
  const size_t dot = domain.find('.');
  return dot == std::string::npos ? std::string() : domain.substr(dot + 1);
}

std::string RandomProbeLabel() {
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  // Seeded once: a random_device read per probe showed in profiles.
  thread_local std::mt19937_64 gen{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof kChars - 2);
  std::string label(20, 'x');
  for (char& c : label) c = kChars[pick(gen)];
  return label;
}

void CheckLookalikes(const std::vector<LookalikeJob>& jobs, DnsChecker& checker,
                     const std::function<std::string()>& probe_label,
                     const std::function<void(LookalikeResult)>& done) {
  // Callbacks only run inside checker.Run(), below: pointers into this map
  // (whose nodes never move) stay valid for all of them.
  std::map<std::string, ParentState> parents;
  for (const LookalikeJob& job : jobs) {
    for (const Candidate& c : job.candidates) parents[ParentOf(c.domain)];
  }
  // Probes go first: candidates answered before their probe wait for it.
  for (auto& [parent, state] : parents) {
    const std::string name =
        parent.empty() ? probe_label() : probe_label() + "." + parent;
    ParentState* s = &state;
    checker.Check(name, [s, &done](DomainRecords probe) {
      s->probe = std::move(probe);
      for (LookalikeResult& r : s->waiting)
        done(Finish(std::move(r), *s->probe));
      s->waiting.clear();
    });
  }
  for (const LookalikeJob& job : jobs) {
    for (const Candidate& c : job.candidates) {
      ParentState* s = &parents[ParentOf(c.domain)];
      LookalikeResult pending;
      pending.origin = job.origin;
      pending.candidate = c;
      checker.Check(c.domain, [s, &done, pending = std::move(pending)](
                                  DomainRecords records) mutable {
        pending.records = std::move(records);
        if (s->probe) {
          done(Finish(std::move(pending), *s->probe));
        } else {
          s->waiting.push_back(std::move(pending));
        }
      });
    }
  }
  checker.Run();
}

}  // namespace domex::resolver
