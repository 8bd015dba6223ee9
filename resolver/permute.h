// Lookalike-domain generation: the names a typo-squatter or phisher would
// register to pass for a given domain. Pure (no DNS); thread-safe.
//
// Fuzzers, by the name reported in Candidate::fuzzers. Label fuzzers change
// the label in front of the public suffix; the rest change the suffix.
//   addition       label + one of a-z0-9
//   bitsquatting   one bit of one character flipped, result in [a-z0-9-]
//   dictionary     label+word, word+label, with and without '-'
//   homoglyph      up to two ASCII look-alike swaps (rn<->m, 0<->o, ...);
//                  Unicode confusables (xn-- names) are not generated yet
//   hyphenation    '-' between two characters
//   insertion      a keyboard neighbour of a character before or after it
//   omission       one character dropped
//   plural         trailing s / es added or removed
//   repetition     one character doubled
//   replacement    one character replaced by a keyboard neighbour
//   subdomain      a dot inside the label: ar.my.mil
//   transposition  two adjacent characters swapped
//   vowel-swap     one vowel replaced by another
//   various        army-mil.com, armymil.com, armymil.mil, delhi.in,
//                  delhigov.in
//   tld-typo       a typo in the last suffix label that is itself a TLD
//   suffix-swap    a suffix a reader would confuse (edu.in -> ac.in) or a
//                  commonly abused TLD
// Subdomains of the input (the "www" in www.army.mil) are not carried over:
// squatters register names next to the registrable domain.
#pragma once

#include <string>
#include <vector>

#include "resolver/domain.h"
#include "resolver/permute_data.h"

namespace domex::resolver {

struct Candidate {
  std::string domain;
  std::vector<std::string> fuzzers;  // every fuzzer that made it, sorted

  bool operator==(const Candidate& o) const {
    return domain == o.domain && fuzzers == o.fuzzers;
  }
};

// Every lookalike of parts.label + "." + parts.suffix, one entry per
// distinct valid host name (LDH labels of 1-63 octets, no hyphen at either
// end), sorted by domain; the registrable domain itself is left out.
std::vector<Candidate> Permute(const DomainParts& parts,
                               const PermuteData& data);

}  // namespace domex::resolver
