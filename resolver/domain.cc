#include "resolver/domain.h"

#include <idn2.h>

#include <cstdlib>

#include "common/public_suffix.h"
#include "common/text.h"

namespace domex::resolver {
namespace {

constexpr size_t kMaxLabel = 63;
constexpr size_t kMaxName = 253;

bool IsLdh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool HasNonAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

// Describes what is wrong with one lowercase label, or "" when it is fine.
std::string LabelProblem(std::string_view label) {
  if (label.empty()) return "empty label";
  if (label.size() > kMaxLabel) {
    return "label longer than 63 octets: " + std::string(label.substr(0, 20)) +
           "...";
  }
  for (char c : label) {
    if (c == '_') return "underscore in label \"" + std::string(label) + "\"";
    if (!IsLdh(c)) {
      return "character '" + std::string(1, c) + "' not allowed in label \"" +
             std::string(label) + "\"";
    }
  }
  if (label.front() == '-' || label.back() == '-') {
    return "label \"" + std::string(label) + "\" starts or ends with a hyphen";
  }
  return "";
}

// Turns a UTF-8 name into punycode; libidn2 also applies the UTS #46 case
// and width mapping, so "Bücher.DE" and "bücher.de" agree.
Result<std::string> ToAscii(const std::string& utf8) {
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(utf8.c_str(), &out, IDN2_NONTRANSITIONAL);
  if (rc != IDN2_OK) {
    return Status::InvalidArgument(
        std::string("not a valid internationalised domain name: ") +
        idn2_strerror(rc));
  }
  std::string ascii(out);
  idn2_free(out);
  return ascii;
}

// The U-label form of an ASCII name; "" when an xn-- label does not decode.
std::string ToUnicode(const std::string& ascii) {
  char* out = nullptr;
  if (idn2_to_unicode_8z8z(ascii.c_str(), &out, 0) != IDN2_OK) return "";
  std::string unicode(out);
  idn2_free(out);
  return unicode;
}

// The input lowercased, without one trailing dot, punycoded if need be.
Result<std::string> Normalize(std::string_view input) {
  std::string name(Trim(input));
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.empty()) return Status::InvalidArgument("empty domain name");
  if (HasNonAscii(name)) {
    Result<std::string> ascii = ToAscii(name);
    if (!ascii.ok()) return ascii.status();
    name = std::move(*ascii);
  }
  return AsciiLower(name);
}

Status CheckSyntax(const std::string& name) {
  if (name.size() > kMaxName) {
    return Status::InvalidArgument("domain name longer than 253 octets");
  }
  for (std::string_view label : Split(name, '.')) {
    std::string problem = LabelProblem(label);
    if (!problem.empty()) return Status::InvalidArgument(problem);
    if (label.substr(0, 4) == "xn--" && !FromIdnaAscii(label).ok()) {
      return Status::InvalidArgument("\"" + std::string(label) +
                                     "\" is not a valid IDN label (punycode)");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ToIdnaAscii(std::string_view unicode) {
  std::string name(unicode);
  Result<std::string> ascii = ToAscii(name);
  if (!ascii.ok()) return ascii.status();
  // Compared decoded, so that A-labels in the input ("bücher.xn--p1ai")
  // pass while anything UTS #46 mapped does not. Most callers pass no
  // A-label, and decoding costs as much as encoding.
  bool has_alabel = AsciiLower(name).find("xn--") != std::string::npos;
  if (ToUnicode(*ascii) != (has_alabel ? ToUnicode(name) : name)) {
    return Status::InvalidArgument("\"" + name +
                                   "\" is not IDNA2008 as written: it maps "
                                   "to " + *ascii);
  }
  return ascii;
}

Result<std::string> FromIdnaAscii(std::string_view ascii) {
  std::string name(ascii);
  std::string unicode = ToUnicode(name);
  if (unicode.empty()) {
    return Status::InvalidArgument("\"" + name + "\" does not decode");
  }
  Result<std::string> back = ToIdnaAscii(unicode);
  if (!back.ok()) return back.status();
  if (*back != name) {
    return Status::InvalidArgument("\"" + name + "\" is not in IDNA2008 form");
  }
  return unicode;
}

bool IsValidHostName(std::string_view name) {
  if (name.empty() || name.size() > kMaxName) return false;
  for (std::string_view label : Split(name, '.')) {
    if (!LabelProblem(label).empty()) return false;
  }
  return true;
}

Result<DomainParts> SplitDomain(std::string_view input) {
  Result<std::string> name = Normalize(input);
  if (!name.ok()) return name.status();
  Status syntax = CheckSyntax(*name);
  if (!syntax.ok()) return syntax;
  std::string suffix = PublicSuffixOf(*name);
  if (suffix.empty()) {
    return Status::InvalidArgument("no known public suffix in \"" + *name +
                                   "\"");
  }
  std::string registrable = RegistrableDomain(*name);
  if (registrable.empty()) {
    return Status::InvalidArgument("\"" + *name +
                                   "\" is a public suffix, not a domain");
  }
  std::string label = registrable.substr(0, registrable.size() -
                                                suffix.size() - 1);
  return DomainParts{std::move(*name), std::move(label), std::move(suffix)};
}

}  // namespace domex::resolver
