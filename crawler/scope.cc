#include "crawler/scope.h"

#include <algorithm>

#include "common/public_suffix.h"
#include "common/text.h"

namespace domex::crawler {
namespace {

bool IsIpLiteral(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;  // IPv6
  return !host.empty() &&
         host.find_first_not_of("0123456789.") == std::string_view::npos;
}

// Keys that stand for exactly one host: IP literals and single labels such
// as "localhost". Subdomain matching would be meaningless (or, for an IP,
// a DNS name like "evil.127.0.0.1") there.
bool IsExactKey(std::string_view key) {
  return IsIpLiteral(key) || key.find('.') == std::string_view::npos;
}

// "www.school.localhost" -> "school.localhost": loopback fixtures then
// behave like a registrable domain with subdomains.
std::string LocalhostParent(std::string_view host) {
  if (!EndsWith(host, ".localhost")) return "";
  std::string_view rest = host.substr(0, host.size() - 10);
  size_t dot = rest.rfind('.');
  std::string_view label = dot == std::string_view::npos ? rest : rest.substr(dot + 1);
  if (label.empty()) return "";
  return std::string(label) + ".localhost";
}

bool HostUnder(std::string_view host, std::string_view key) {
  if (host == key) return true;
  if (IsExactKey(key)) return false;
  // A label boundary is required: "evilschool.in" is not under "school.in".
  return host.size() > key.size() + 1 && EndsWith(host, key) &&
         host[host.size() - key.size() - 1] == '.';
}

}  // namespace

std::string Scope::SiteKeyFor(const Url& start) {
  std::string host = AsciiLower(start.host);
  if (!host.empty() && host.back() == '.') host.pop_back();
  std::string key = RegistrableDomain(host);
  if (!key.empty()) return key;
  key = LocalhostParent(host);
  if (!key.empty()) return key;
  return host;
}

void Scope::AddSite(const Url& start) {
  std::string key = SiteKeyFor(start);
  if (key.empty()) return;
  if (std::find(sites_.begin(), sites_.end(), key) == sites_.end()) {
    sites_.push_back(std::move(key));
  }
}

std::string Scope::SiteOf(const Url& url) const {
  std::string host = AsciiLower(url.host);
  if (!host.empty() && host.back() == '.') host.pop_back();
  // The longest key wins so nested sites ("a.school.in" added beside
  // "school.in" via a different suffix rule) report the most specific one.
  const std::string* best = nullptr;
  for (const std::string& key : sites_) {
    if (HostUnder(host, key) && (best == nullptr || key.size() > best->size())) {
      best = &key;
    }
  }
  return best ? *best : "";
}

}  // namespace domex::crawler
