// Validation and splitting of a user-given domain name. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace domex::resolver {

struct DomainParts {
  std::string name;    // the whole ASCII name: "www.army.mil", "xn--...".
  std::string label;   // the label in front of the public suffix: "army".
  std::string suffix;  // the public suffix: "mil", "edu.in".
};

// Checks that `input` names a host under a known public suffix and splits it.
// The input is lowercased and one trailing dot dropped; UTF-8 input is turned
// into punycode (IDNA2008, non-transitional). Labels must be letters, digits
// and inner hyphens, 1-63 octets; the name at most 253. A bare public suffix
// ("edu.in") or a name under no listed suffix ("intranet") is refused. The
// error is one line naming the problem.
Result<DomainParts> SplitDomain(std::string_view input);

// The ASCII form of `unicode`, a host name in UTF-8, with each non-ASCII
// label as an xn-- A-label, when the name is valid IDNA2008 exactly as
// written: libidn2 (non-transitional) accepts it and the result decodes to
// what `unicode` decodes to, so no UTS #46 mapping (an uppercase letter, a
// fullwidth form, "ſ" -> "s") turned it into another name. A-labels in the
// input are fine. The error is one line.
Result<std::string> ToIdnaAscii(std::string_view unicode);
// The inverse: `ascii` with each xn-- label decoded, when ToIdnaAscii gives
// `ascii` back for it. Fails on an A-label that does not decode or decodes
// to a name that is not IDNA2008 as written (uppercase, disallowed code
// points, a U-label with "--" in positions 3-4).
Result<std::string> FromIdnaAscii(std::string_view ascii);

// True when every label of `name` is 1-63 LDH octets with no hyphen at
// either end and the name is at most 253 octets. No lowercasing: callers
// pass names they built themselves.
bool IsValidHostName(std::string_view name);

}  // namespace domex::resolver
