// Checking lookalike candidates with DNS: the answers for each candidate
// plus one wildcard probe per parent zone, turned into verdicts.
//
// The probe asks for a random label under each distinct parent of the
// candidates ("<random>.ml" for army.ml) once; a candidate whose answers
// match its parent's probe is a wildcard, not a registration (see
// ClassifyBesideProbe). Results are handed over one by one as soon as both a
// candidate and its parent's probe are answered, so the caller can store
// them while the rest are still in flight. ParentOf and RandomProbeLabel
// are pure and thread-safe; CheckLookalikes runs on the checker's thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "resolver/dns_checker.h"
#include "resolver/permute.h"
#include "resolver/verdict.h"

namespace domex::resolver {

// The candidates of one of the user's registrable domains.
struct LookalikeJob {
  std::string origin;  // "army.mil"
  std::vector<Candidate> candidates;
};

struct LookalikeResult {
  std::string origin;
  Candidate candidate;
  DomainRecords records;
  Verdict verdict = Verdict::kUnknown;
  Mail mail = Mail::kUnknown;
};

// The zone a name sits in for the wildcard probe: the name without its
// first label ("army.ml" -> "ml", "ar.my.mil" -> "my.mil"); "" for a
// single label.
std::string ParentOf(const std::string& domain);

// A label no one registers: 20 random letters and digits.
std::string RandomProbeLabel();

// Queues every candidate of `jobs` and the parents' probes on `checker`,
// runs it, and calls `done` once per candidate (in answer order). Probe
// names are probe_label() + "." + parent.
void CheckLookalikes(const std::vector<LookalikeJob>& jobs, DnsChecker& checker,
                     const std::function<std::string()>& probe_label,
                     const std::function<void(LookalikeResult)>& done);

}  // namespace domex::resolver
