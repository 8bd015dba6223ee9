// What `domex lookalikes` is asked about: domains from its arguments, a
// file or standard input, each written as a domain, a URL or an e-mail
// address; and which fuzzers to keep. Pure; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "resolver/domain.h"
#include "resolver/permute.h"

namespace domex::cli {

struct DomainInput {
  resolver::DomainParts parts;
  // One line for stderr when the input was reduced to its registrable
  // domain ("www.army.mil: checking army.mil, its registrable domain");
  // "" otherwise.
  std::string note;
};

// `input` as a domain ("army.mil"), a URL ("https://www.army.mil/about")
// or an e-mail address ("Name@Army.mil", "mailto:name@army.mil"): its host
// or domain, split as resolver::SplitDomain does. InvalidArgument naming
// the input otherwise.
Result<DomainInput> ParseDomainInput(std::string_view input);

// The entries of a domains file: one per line, surrounding blanks
// trimmed, blank lines and '#' comments skipped. More than `max_entries`
// is InvalidArgument naming `name` ("FILE: more than N domains").
Result<std::vector<std::string>> DomainLines(std::string_view text,
                                             const std::string& name,
                                             size_t max_entries = 100000);

// Every fuzzer name Permute reports, sorted.
const std::vector<std::string>& FuzzerNames();

// "addition,tld-typo" as a set. InvalidArgument for an empty list or an
// unknown name (with the closest known one).
Result<std::set<std::string>> ParseFuzzers(const std::string& list);

// Whether any fuzzer that made `candidate` is in `chosen`.
bool MadeByAny(const resolver::Candidate& candidate,
               const std::set<std::string>& chosen);

}  // namespace domex::cli
