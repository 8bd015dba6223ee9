#include "crawler/url.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <idn2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "common/text.h"

namespace domex::crawler {
namespace {

// libcurl's URL API does the RFC 3986 parsing and §5.2 reference resolution
// (it is well tested against hostile input); normalisation is ours because
// curl 7.88 keeps host case, explicit default ports and escape spelling.

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

Status Invalid(std::string_view what, std::string_view text) {
  std::string shown(text.substr(0, 200));
  return Status::InvalidArgument(std::string(what) + ": " + shown);
}

// A part of a parsed URL, "" when absent.
std::string GetPart(CURLU* u, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, 0) != CURLUE_OK || value == nullptr) {
    return "";
  }
  std::string out(value);
  curl_free(value);
  return out;
}

bool IsControlOrSpace(unsigned char c) { return c <= 0x20 || c == 0x7f; }

// §6.2.2.1-2: upper-case escape hex, decode escaped unreserved characters.
// Bytes a browser would escape (space, quotes, angle brackets, non-ASCII)
// are escaped so the result is always a valid wire form.
std::string NormalizeEscapes(std::string_view s) {
  return NormalizePercentEscapes(s, "\"<>`{}");
}

// RFC 3986 §5.2.4. Run again after NormalizeEscapes because curl does not
// see "%2E%2E" as "..".
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 1;  // path always starts with "/"
  bool trailing_slash = false;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos, end - pos);
    bool last = end == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    pos = end + 1;
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (trailing_slash || result.empty()) result += '/';
  return result;
}

constexpr size_t kMaxLabel = 63;
constexpr size_t kMaxHostName = 253;

// Letters, digits, '-', and '_': DNS names may hold any octet (RFC 2181
// §11) and real subdomains use '_', which browsers fetch.
bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// WHATWG URL "ends in a number": a last label of digits, or 0x and hex
// digits, makes the host an IPv4 address to a browser (and to curl), so
// it is checked as one instead of as a name.
bool EndsInNumber(std::string_view host) {
  std::string_view last = host.substr(host.rfind('.') + 1);
  if (AllDigits(last)) return true;
  if (last.size() < 2 || last.substr(0, 2) != "0x") return false;
  return std::all_of(last.begin() + 2, last.end(),
                     [](char c) { return HexDigitValue(c) >= 0; });
}

// Four decimal numbers 0-255 without leading zeros: the one IPv4 form
// accepted, since the others (127.1, 0x7f.0.0.1, 010.0.0.1) are read
// differently by different parsers.
bool IsDottedQuad(std::string_view host) {
  std::vector<std::string_view> parts = Split(host, '.');
  if (parts.size() != 4) return false;
  for (std::string_view part : parts) {
    long long n = 0;
    if (!AllDigits(part) || part.size() > 3 ||
        (part.size() > 1 && part[0] == '0') || !ParseNonNegative(part, &n) ||
        n > 255) {
      return false;
    }
  }
  return true;
}

// RFC 5890 §2.3.2.1: an A-label is "xn--" and Punycode that decodes to a
// valid U-label and encodes back to exactly itself; libidn2 does both ways
// under IDNA2008 (UTS #46 non-transitional, as the resolver does).
bool IsValidALabel(const std::string& label) {
  char* unicode = nullptr;
  if (idn2_to_unicode_8z8z(label.c_str(), &unicode, 0) != IDN2_OK) {
    return false;
  }
  char* ascii = nullptr;
  const int rc = idn2_to_ascii_8z(unicode, &ascii, IDN2_NONTRANSITIONAL);
  const bool same = rc == IDN2_OK && label == ascii;
  idn2_free(unicode);
  if (rc == IDN2_OK) idn2_free(ascii);
  return same;
}

// What is wrong with one label of a host name, or "".
std::string LabelProblem(const std::string& label) {
  if (label.empty()) return "empty label";
  if (label.size() > kMaxLabel) {
    return "label longer than 63 octets (" + label.substr(0, 20) + "...)";
  }
  if (!std::all_of(label.begin(), label.end(), IsLabelChar)) {
    return "invalid character in label \"" + label + "\"";
  }
  if (label.front() == '-' || label.back() == '-') {
    return "label \"" + label + "\" starts or ends with a hyphen";
  }
  if (label.compare(0, 4, "xn--") == 0 && !IsValidALabel(label)) {
    return "\"" + label + "\" is not a valid IDN label (punycode)";
  }
  return "";
}

// A bracketed IPv6 literal (RFC 3986 §3.2.2), without a zone identifier.
bool IsIpv6Literal(const std::string& host) {
  if (host.size() < 3 || host.front() != '[' || host.back() != ']') {
    return false;
  }
  const std::string inner = host.substr(1, host.size() - 2);
  in6_addr addr;
  return inet_pton(AF_INET6, inner.c_str(), &addr) == 1;
}

// A host is a DNS name, an IPv4 dotted quad or a bracketed IPv6 literal;
// anything else (999.1.1.1, 1.2.3.4.5, -x-.com, xn--zz.com) is an error
// naming it. Returns the host lowercased, without a trailing dot. Non-ASCII
// (IDN) hosts are refused rather than guessed at; a start URL can be given
// in punycode.
Result<std::string> NormalizeHost(std::string_view written) {
  std::string host = AsciiLower(written);
  if (!host.empty() && host.back() == '.') host.pop_back();  // FQDN form
  if (host.empty()) return Status::InvalidArgument("empty host");
  const std::string shown = "host \"" + host.substr(0, 100) + "\"";
  if (host.front() == '[') {
    if (!IsIpv6Literal(host)) {
      return Status::InvalidArgument("invalid " + shown +
                                     ": not an IPv6 address");
    }
    return host;
  }
  if (EndsInNumber(host)) {
    if (IsDottedQuad(host)) return host;
    return Status::InvalidArgument(
        "invalid " + shown +
        ": not an IPv4 address (four numbers 0-255) nor a domain name");
  }
  for (std::string_view label : Split(host, '.')) {
    const std::string problem = LabelProblem(std::string(label));
    if (!problem.empty()) {
      return Status::InvalidArgument("invalid " + shown + ": " + problem);
    }
  }
  if (host.size() > kMaxHostName) {
    return Status::InvalidArgument("invalid " + shown +
                                   ": name longer than 253 octets");
  }
  return host;
}

// Where the authority of `ref` starts (just past "//"), or npos when `ref`
// has none: "http://h/", "//h/". A relative reference keeps its base's.
size_t AuthorityStart(std::string_view ref) {
  size_t slashes = ref.find("//");
  if (slashes == std::string_view::npos) return slashes;
  std::string_view before = ref.substr(0, slashes);
  if (!before.empty() && before.back() != ':') return std::string_view::npos;
  if (before.find_first_of("/?#") != std::string_view::npos) {
    return std::string_view::npos;
  }
  return slashes + 2;
}

// The host as written in `ref` (after BrowserFixups), when it has an
// authority. Checked as written because curl rewrites some hosts first
// ("1.2.3" into "1.2.0.3"). Its percent escapes are decoded by the caller,
// as browsers do (WHATWG URL host parsing).
std::optional<std::string_view> WrittenHost(std::string_view ref) {
  const size_t start = AuthorityStart(ref);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view authority = ref.substr(start);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    return authority.substr(0, authority.find(']') + 1);  // npos + 1 = all
  }
  return authority.substr(0, authority.find(':'));
}

// Our own scheme check comes first so "javascript:" and "mailto:" fail with a
// clear message whatever curl would make of them.
Status CheckScheme(std::string_view ref) {
  size_t i = 0;
  while (i < ref.size() && (std::isalnum(static_cast<unsigned char>(ref[i])) ||
                            ref[i] == '+' || ref[i] == '-' || ref[i] == '.')) {
    ++i;
  }
  if (i == 0 || i >= ref.size() || ref[i] != ':' ||
      !std::isalpha(static_cast<unsigned char>(ref[0]))) {
    return Status::Ok();  // no scheme: a relative reference
  }
  std::string scheme = AsciiLower(ref.substr(0, i));
  if (scheme != "http" && scheme != "https") {
    return Invalid("unsupported scheme", ref);
  }
  return Status::Ok();
}

// "http:///x" and "///x": curl (like WHATWG) would skip the empty authority
// and take "x" as the host; a link that malformed is refused instead.
Status CheckAuthority(std::string_view ref) {
  const size_t start = AuthorityStart(ref);
  if (start == std::string_view::npos) return Status::Ok();
  std::string_view after = ref.substr(start);
  if (after.empty() || after[0] == '/' || after[0] == '?' || after[0] == '#') {
    return Invalid("empty host", ref);
  }
  return Status::Ok();
}

Status CheckChars(std::string_view text, bool allow_space) {
  if (text.size() > kMaxUrlLength) return Invalid("URL too long", text);
  for (unsigned char c : text) {
    if (c == ' ' && allow_space) continue;
    if (IsControlOrSpace(c)) return Invalid("whitespace or control character", text);
  }
  return Status::Ok();
}

// What browsers do to an href before parsing (WHATWG URL, special schemes):
// '\\' before the query counts as '/', and a space is sent as %20 (curl
// would write '+' in a query, which means something else to a server).
std::string BrowserFixups(std::string_view ref) {
  std::string out;
  out.reserve(ref.size());
  size_t query = ref.find_first_of("?#");
  for (size_t i = 0; i < ref.size(); ++i) {
    if (ref[i] == ' ') out += "%20";
    else if (ref[i] == '\\' && i < query) out.push_back('/');
    else out.push_back(ref[i]);
  }
  return out;
}

// Builds a normalised Url from a handle curl has already parsed; `ref` is
// what was set on it (after BrowserFixups), `text` as given.
Result<Url> FromCurl(CURLU* u, std::string_view ref, std::string_view text) {
  Url url;
  url.scheme = AsciiLower(GetPart(u, CURLUPART_SCHEME));
  if (url.scheme != "http" && url.scheme != "https") {
    return Invalid("unsupported scheme", text);
  }
  // Credentials in links are a phishing idiom and would leak into logs and
  // reports; such URLs are refused instead of silently stripped.
  if (!GetPart(u, CURLUPART_USER).empty() ||
      !GetPart(u, CURLUPART_PASSWORD).empty()) {
    return Invalid("userinfo not allowed", text);
  }
  std::optional<std::string_view> written = WrittenHost(ref);
  Result<std::string> host = NormalizeHost(
      written ? PercentDecode(*written) : GetPart(u, CURLUPART_HOST));
  if (!host.ok()) return host.status();
  url.host = std::move(host).value();
  std::string port = GetPart(u, CURLUPART_PORT);
  long long port_num = 0;
  if (!port.empty()) {
    if (!ParseNonNegative(port, &port_num) || port_num < 1 || port_num > 65535) {
      return Invalid("bad port", text);
    }
    int def = url.scheme == "https" ? 443 : 80;
    url.port = port_num == def ? 0 : static_cast<int>(port_num);
  }
  std::string path = GetPart(u, CURLUPART_PATH);
  if (path.empty() || path[0] != '/') path.insert(0, "/");
  url.path = RemoveDotSegments(NormalizeEscapes(path));
  url.query = NormalizeEscapes(GetPart(u, CURLUPART_QUERY));
  if (url.ToString().size() > kMaxUrlLength) return Invalid("URL too long", text);
  return url;
}

// Sets `ref` on `u` (resolving it against any URL already there).
Result<Url> SetAndNormalize(CURLU* u, std::string_view ref) {
  std::string owned = BrowserFixups(ref);
  // CURLU_URLENCODE escapes spaces and non-ASCII bytes as browsers do.
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, owned.c_str(), CURLU_URLENCODE);
  if (rc != CURLUE_OK) {
    return Invalid(std::string("unparsable URL (") + curl_url_strerror(rc) + ")",
                   ref);
  }
  return FromCurl(u, owned, ref);
}

}  // namespace

std::string Url::Origin() const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

std::string Url::PathAndQuery() const {
  return query.empty() ? path : path + "?" + query;
}

std::string Url::ToString() const { return Origin() + PathAndQuery(); }

Result<Url> ParseUrl(std::string_view text) {
  if (Status s = CheckChars(text, /*allow_space=*/false); !s.ok()) return s;
  if (Status s = CheckScheme(text); !s.ok()) return s;
  if (Status s = CheckAuthority(text); !s.ok()) return s;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos ||
      text.substr(colon).rfind("://", 0) != 0) {
    return Invalid("not an absolute http(s) URL", text);
  }
  CurlUrlPtr u(curl_url());
  if (!u) return Status::Unavailable("out of memory");
  return SetAndNormalize(u.get(), text);
}

Result<Url> ResolveUrl(const Url& base, std::string_view href) {
  href = Trim(href);
  if (Status s = CheckChars(href, /*allow_space=*/true); !s.ok()) return s;
  if (Status s = CheckScheme(href); !s.ok()) return s;
  if (Status s = CheckAuthority(BrowserFixups(href)); !s.ok()) return s;
  // "" and "#frag" refer to the base document itself (§5.2.2); curl 7.88
  // gets both wrong, so they are answered here.
  if (href.empty() || href[0] == '#') return base;
  CurlUrlPtr u(curl_url());
  if (!u) return Status::Unavailable("out of memory");
  std::string base_text = base.ToString();
  if (curl_url_set(u.get(), CURLUPART_URL, base_text.c_str(), 0) != CURLUE_OK) {
    return Invalid("invalid base URL", base_text);
  }
  return SetAndNormalize(u.get(), href);
}

std::string PathPattern(const Url& url) {
  std::string out = url.host;
  if (url.port != 0) out += ":" + std::to_string(url.port);
  bool in_digits = false;
  for (char c : url.path) {
    bool digit = c >= '0' && c <= '9';
    if (!digit) out.push_back(c);
    else if (!in_digits) out.push_back('0');
    in_digits = digit;
  }
  if (url.query.empty()) return out;
  std::set<std::string_view> names;  // sorted and de-duplicated
  for (std::string_view pair : Split(url.query, '&')) {
    std::string_view name = pair.substr(0, pair.find('='));
    if (!name.empty()) names.insert(name);
  }
  char sep = '?';
  for (std::string_view name : names) {
    out.push_back(sep);
    out.append(name);
    sep = '&';
  }
  return out;
}

bool LooksLikePdf(const Url& url) {
  return url.path.size() >= 4 &&
         EqualsIgnoreCase(std::string_view(url.path).substr(url.path.size() - 4),
                          ".pdf");
}

}  // namespace domex::crawler
