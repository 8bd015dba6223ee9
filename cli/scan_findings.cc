#include "cli/scan_findings.h"

#include <algorithm>
#include <map>

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
    for (const reports::AddressExposure& a : f.crawl.addresses) {
      std::vector<std::string> sites_seen;
      for (const reports::SiteExposure& site : a.by_site) {
        sites_seen.push_back(site.site);
      }
      f.addresses.push_back(
          {inst.name, a.address, a.forms, a.pages, std::move(sites_seen)});
      const std::string domain = RegistrableDomain(DomainOf(a.address));
      if (!domain.empty() && mail_providers.count(domain) == 0) {
        domains.insert(domain);
      }
    }
    // Addresses known only from pages that failed this time: not seen, but
    // not gone either (a failed page keeps its earlier findings).
    std::set<std::string> seen;
    for (const store::AddressSighting& a : f.addresses) seen.insert(a.address);
    std::map<std::string, store::AddressSighting> unchecked;
    for (const store::PageRecord& p : own) {
      if (p.status != store::PageStatus::kFailed ||
          p.generation != state.generation) {
        continue;
      }
      for (const store::FoundAddress& found : p.addresses) {
        if (seen.count(found.address) > 0) continue;
        store::AddressSighting& a = unchecked[found.address];
        a.institution = inst.name;
        a.address = found.address;
        a.unchecked = true;
        a.pages.push_back(p.url);
        a.sites.push_back(p.site);
        a.forms.insert(a.forms.end(), found.forms.begin(), found.forms.end());
      }
    }
    for (auto& [address, a] : unchecked) {
      for (auto* v : {&a.forms, &a.pages, &a.sites}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
      }
      f.addresses.push_back(std::move(a));
    }
    f.lookalike_domains.assign(domains.begin(), domains.end());
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace domex::cli
