// Email addresses: the forms they are exposed in, validation, and finding
// them in text. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace domex::crawler {

// How an address was exposed. The names (FormName) are the JSON vocabulary.
enum class Form : uint8_t {
  kText,        // "text": verbatim in the page source: visible text,
                //   attribute values, JSON-LD, or HTML comments
  kMailto,      // "mailto": a mailto: link (to, cc, bcc; percent-decoded)
  kEntity,      // "entity": "@" or letters written as &#64; &#x40; &commat;
  kPercent,     // "percent": %40 and friends in an href
  kAtDot,       // "at-dot": "name [at] school [dot] in"
  kSplit,       // "split": comments or tags inside the address
  kHidden,      // "hidden": a display:none decoy inside the address
  kReversed,    // "reversed": CSS direction:rtl + unicode-bidi:bidi-override
  kCloudflare,  // "cloudflare": data-cfemail or /cdn-cgi/l/email-protection
  kJavascript,  // "javascript": assembled or decoded by script
  kDocument,    // "document": text of a linked document (PDF)
};
inline constexpr int kFormCount = 11;

// A set of forms, one bit per Form.
using FormSet = uint32_t;
inline constexpr FormSet FormBit(Form f) {
  return FormSet{1} << static_cast<int>(f);
}

std::string_view FormName(Form form);
std::optional<Form> FormFromName(std::string_view name);
// Names of the forms in `set`, sorted alphabetically.
std::vector<std::string> FormNames(FormSet set);

// One address seen on one page, with every form it was seen in there.
struct Finding {
  std::string address;  // canonical: local part as written, domain lowercase
  FormSet forms = 0;
  bool operator==(const Finding& o) const {
    return address == o.address && forms == o.forms;
  }
};

// Validates a candidate and returns its canonical spelling, or nullopt.
// Accepts: a dot-atom local part of 1..64 octets (no leading, trailing or
// doubled dots); a domain of LDH labels (1..63 octets, no leading or trailing
// hyphen), total address <= 254 octets (RFC 5321 §4.5.3.1); a domain ending
// in an explicitly listed public suffix with a label in front of it (so
// "logo@2x.png", "root@localhost", "foo@bar" and "build@1.2.3" fail).
std::optional<std::string> CanonicalAddress(std::string_view local,
                                            std::string_view domain);

// Every plainly written address in `text`, canonical, in order of first
// appearance, without duplicates. Runs in linear time on hostile input.
std::vector<std::string> FindAddresses(std::string_view text);

// Every address written with spelled-out separators in `text`: "[at]",
// "(at)", "{at}", " at ", " AT " (any case) for "@" and "[dot]", "(dot)",
// "{dot}", " dot " for "." — e.g. "info [at] school [dot] in". A bare " at "
// needs a dotted domain after it, so "meet us at the gate" finds nothing.
std::vector<std::string> FindAtDotAddresses(std::string_view text);

// Merges `more` into `into`: one Finding per address, forms united, order of
// first appearance kept.
void MergeFindings(std::vector<Finding>* into,
                   const std::vector<Finding>& more);

}  // namespace domex::crawler
