// Lookalike-domain generation: the names a typo-squatter or phisher would
// register to pass for a given domain. Pure (no DNS); thread-safe.
//
// Fuzzers, by the name reported in Candidate::fuzzers. Label fuzzers change
// the label in front of the public suffix; the rest change the suffix.
//   addition       label + one of a-z0-9
//   bitsquatting   one bit of one character flipped, result in [a-z0-9-]
//   cyrillic       the whole label in Cyrillic look-alikes, when every
//                  character has one: delhi -> ԁеӏһі
//   dictionary     label+word, word+label, with and without '-'
//   homoglyph      up to two look-alike swaps, each of one string for
//                  another on a run of its occurrences: ASCII ones both ways
//                  (rn<->m, 0<->o, ...) and Unicode confusables (a -> à, α,
//                  а, ...) one way: dełhì, cłełhi
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
// squatters register names next to the registrable domain. A name with a
// non-ASCII character is kept only when it is valid IDNA2008 as written
// (ToIdnaAscii); it is reported as its xn-- form, with the Unicode beside.
#pragma once

#include <string>
#include <vector>

#include "resolver/domain.h"
#include "resolver/permute_data.h"

namespace domex::resolver {

struct Candidate {
  std::string domain;                // ASCII; an IDN as xn-- A-labels
  std::vector<std::string> fuzzers;  // every fuzzer that made it, sorted
  std::string unicode;  // an IDN's U-label form ("ɑrmy.mil"); "" for ASCII

  bool operator==(const Candidate& o) const {
    return domain == o.domain && fuzzers == o.fuzzers && unicode == o.unicode;
  }
};

// Every lookalike of parts.label + "." + parts.suffix, one entry per
// distinct valid host name (LDH labels of 1-63 octets, no hyphen at either
// end, IDNs as A-labels), sorted by domain; the registrable domain itself is
// left out. Homoglyphs are capped (20,000 ASCII, 150,000 Unicode) so that a
// long label of repeated look-alike letters stays bounded.
std::vector<Candidate> Permute(const DomainParts& parts,
                               const PermuteData& data);

}  // namespace domex::resolver
