#include "cli/scan_findings.h"

#include <algorithm>

#include "common/public_suffix.h"
#include "crawler/scope.h"
#include "crawler/url.h"

namespace domex::cli {
namespace {

// The part after the last '@': addresses are stored normalised.
std::string DomainOf(const std::string& address) {
  const size_t at = address.rfind('@');
  return at == std::string::npos ? "" : address.substr(at + 1);
}

// The start hosts of each institution, parsed once.
std::vector<std::vector<std::string>> StartHosts(
    const std::vector<store::InstitutionRecord>& institutions) {
  std::vector<std::vector<std::string>> out;
  for (const store::InstitutionRecord& inst : institutions) {
    std::vector<std::string> hosts;
    for (const std::string& start : inst.sites) {
      Result<crawler::Url> url = crawler::ParseUrl(start);
      if (url.ok()) hosts.push_back(url->host);
    }
    out.push_back(std::move(hosts));
  }
  return out;
}

// `host` is `start` or a subdomain of it.
bool Under(const std::string& host, const std::string& start) {
  return host == start ||
         (host.size() > start.size() &&
          host.compare(host.size() - start.size(), start.size(), start) == 0 &&
          host[host.size() - start.size() - 1] == '.');
}

bool HostUnderAny(const std::string& host,
                  const std::vector<std::string>& starts) {
  for (const std::string& s : starts) {
    if (Under(host, s)) return true;
  }
  return false;
}

// What the scan saw of `a`: the checked pages that show it, or, when no
// checked page does, the pages not checked this time that showed it before
// (`unchecked`), and the sites of those pages.
store::AddressSighting SightingOf(const std::string& institution,
                                  const reports::AddressExposure& a) {
  store::AddressSighting s;
  s.institution = institution;
  s.address = a.address;
  s.forms = a.forms;
  s.unchecked = !a.seen();
  s.pages = s.unchecked ? a.not_checked_pages : a.pages;
  for (const reports::SiteExposure& site : a.by_site) {
    if (!(s.unchecked ? site.not_checked_pages : site.pages).empty()) {
      s.sites.push_back(site.site);
    }
  }
  return s;
}

void AddDomain(const std::string& host, std::set<std::string>* out) {
  const std::string domain = RegistrableDomain(host);
  if (!domain.empty()) out->insert(domain);
}

}  // namespace

std::vector<InstitutionFindings> AttributeFindings(
    const std::vector<store::InstitutionRecord>& institutions,
    const std::vector<store::PageRecord>& pages, const store::CrawlState& state,
    const std::set<std::string>& mail_providers) {
  const std::vector<std::vector<std::string>> starts = StartHosts(institutions);
  // Pages by host: a page goes to the institutions whose start host it is
  // under (www.a.in, staff.a.in); only when none is, to every institution
  // whose site admitted it (a page on a.in itself, from a link).
  std::vector<std::string> page_hosts;
  for (const store::PageRecord& p : pages) {
    Result<crawler::Url> url = crawler::ParseUrl(p.url);
    page_hosts.push_back(url.ok() ? url->host : "");
  }
  std::vector<InstitutionFindings> out;
  for (size_t i = 0; i < institutions.size(); ++i) {
    const store::InstitutionRecord& inst = institutions[i];
    InstitutionFindings f;
    f.name = inst.name;
    std::set<std::string> sites;
    std::set<std::string> domains(inst.domains.begin(), inst.domains.end());
    for (const std::string& start : inst.sites) {
      Result<crawler::Url> url = crawler::ParseUrl(start);
      if (!url.ok()) continue;  // the configuration was checked on loading
      sites.insert(crawler::Scope::SiteKeyFor(*url));
      AddDomain(url->host, &domains);
    }
    std::vector<store::PageRecord> own;
    for (size_t k = 0; k < pages.size(); ++k) {
      const store::PageRecord& p = pages[k];
      if (sites.count(p.site) == 0) continue;
      bool someone_closer = false;
      for (size_t j = 0; j < institutions.size() && !someone_closer; ++j) {
        someone_closer = j != i && HostUnderAny(page_hosts[k], starts[j]);
      }
      if (HostUnderAny(page_hosts[k], starts[i]) || !someone_closer) {
        own.push_back(p);
      }
    }
    f.crawl = reports::BuildCrawlReport(own, state);
    // Seen this time first, then those known only from pages not checked
    // this time: not seen, but not gone either.
    for (const bool seen : {true, false}) {
      for (const reports::AddressExposure& a : f.crawl.addresses) {
        if (a.seen() == seen) f.addresses.push_back(SightingOf(inst.name, a));
      }
    }
    for (const reports::AddressExposure& a : f.crawl.addresses) {
      const std::string domain = RegistrableDomain(DomainOf(a.address));
      if (!domain.empty() && mail_providers.count(domain) == 0) {
        domains.insert(domain);
      }
    }
    f.lookalike_domains.assign(domains.begin(), domains.end());
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace domex::cli
