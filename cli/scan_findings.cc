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

void AddDomain(const std::string& host, std::set<std::string>* out) {
  const std::string domain = RegistrableDomain(host);
  if (!domain.empty()) out->insert(domain);
}

}  // namespace

std::vector<InstitutionFindings> AttributeFindings(
    const std::vector<store::InstitutionRecord>& institutions,
    const std::vector<store::PageRecord>& pages, const store::CrawlState& state,
    const std::set<std::string>& mail_providers) {
  std::vector<InstitutionFindings> out;
  for (const store::InstitutionRecord& inst : institutions) {
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
    for (const store::PageRecord& p : pages) {
      if (sites.count(p.site) > 0) own.push_back(p);
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
