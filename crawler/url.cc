#include "crawler/url.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
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

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

// ASCII DNS names and bracketed IPv6 literals only. Non-ASCII (IDN) hosts
// are rejected rather than guessed at; a start URL can be given in punycode.
Result<std::string> NormalizeHost(std::string host) {
  host = AsciiLower(host);
  if (!host.empty() && host.back() == '.') host.pop_back();  // FQDN form
  if (host.empty()) return Status::InvalidArgument("empty host");
  if (host.front() == '[') {
    if (host.back() != ']') return Invalid("bad IPv6 literal", host);
    return host;
  }
  for (char c : host) {
    if (!IsHostChar(c)) return Invalid("invalid host", host);
  }
  if (host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string::npos) {
    return Invalid("invalid host", host);
  }
  // RFC 3696 §2: a top-level label is never numeric, so a host whose last
  // label starts with a digit is a dotted-quad IPv4 address or nothing.
  // (curl reads "100" or "0x7f.1" as addresses, but not behind the FQDN
  // dot dropped above, so they would have two normal forms.)
  const char first = host[host.rfind('.') + 1];  // npos + 1 == 0
  in_addr ipv4;
  if (first >= '0' && first <= '9' &&
      inet_pton(AF_INET, host.c_str(), &ipv4) != 1) {
    return Invalid("invalid host", host);
  }
  return host;
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
  size_t slashes = ref.find("//");
  if (slashes == std::string_view::npos) return Status::Ok();
  std::string_view before = ref.substr(0, slashes);
  if (!before.empty() && before.back() != ':') return Status::Ok();
  if (before.find_first_of("/?#") != std::string_view::npos) return Status::Ok();
  std::string_view after = ref.substr(slashes + 2);
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

// Builds a normalised Url from a handle curl has already parsed.
Result<Url> FromCurl(CURLU* u, std::string_view text) {
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
  Result<std::string> host = NormalizeHost(GetPart(u, CURLUPART_HOST));
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
  return FromCurl(u, ref);
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
