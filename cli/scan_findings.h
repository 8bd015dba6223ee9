// What a scan's crawl found, split among the configured institutions, and
// which domains of each get their lookalikes checked. Pure; thread-safe.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "reports/crawl_report.h"
#include "store/records.h"

namespace domex::cli {

struct InstitutionFindings {
  std::string name;
  reports::CrawlReport crawl;  // of this institution's sites only
  // Seen this time, then those known only from pages not checked this
  // time (`unchecked`: failed, or not reached by an interrupted crawl).
  std::vector<store::AddressSighting> addresses;
  // Registrable domains to check for lookalikes, sorted and unique: the
  // configured ones, those of its sites, and those of the addresses found
  // on its sites except public mail providers (a school's gmail.com
  // address does not make gmail.com the school's domain).
  std::vector<std::string> lookalike_domains;
};

// Splits `pages` (all the store's pages; BuildCrawlReport picks the ones of
// `state`'s crawl, and while it is unfinished those of the last finished
// crawl it has not reached yet) among `institutions` by the site each start
// URL is admitted under. A site shared by two institutions counts for both.
// Pass the crawl's real state: an unfinished one has not checked every page.
std::vector<InstitutionFindings> AttributeFindings(
    const std::vector<store::InstitutionRecord>& institutions,
    const std::vector<store::PageRecord>& pages, const store::CrawlState& state,
    const std::set<std::string>& mail_providers);

}  // namespace domex::cli
