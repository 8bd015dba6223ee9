#include "reports/unscanned_report.h"

#include <algorithm>
#include <tuple>

namespace domex::reports {
namespace {

void AddCrawl(const CrawlReport& crawl, ScanReport* report) {
  for (const AddressExposure& a : crawl.addresses) {
    for (const SiteExposure& site : a.by_site) {
      AddressItem item;
      item.institution = site.site;
      item.address = a.address;
      item.forms = site.forms;
      item.pages = site.pages;
      item.not_checked_pages = site.not_checked_pages;
      item.harvestable_by = HarvestableBy(site.forms);
      item.sites = {site.site};
      item.status = ItemStatus::kNew;
      report->addresses.push_back(std::move(item));
    }
  }
  std::sort(report->addresses.begin(), report->addresses.end(),
            [](const AddressItem& x, const AddressItem& y) {
              return std::tie(x.institution, x.address) <
                     std::tie(y.institution, y.address);
            });
  report->failed_pages = crawl.failed_pages;
  for (const PageProblem& site : crawl.sites_not_checked) {
    report->failed_pages.push_back(
        {site.url, "site not checked: " + site.reason});
  }
  report->missing_pages = crawl.missing_pages;
  report->left_out = crawl.left_out;
}

}  // namespace

ScanReport ReportWithoutScans(
    const CrawlReport* crawl,
    const std::vector<store::LookalikeRecord>& lookalikes) {
  ScanReport report;
  if (crawl != nullptr) AddCrawl(*crawl, &report);
  for (const store::LookalikeRecord& record : lookalikes) {
    LookalikeItem item;
    item.institution = record.origin;
    item.record = record;
    item.status = ItemStatus::kNew;
    report.lookalikes.push_back(std::move(item));
  }
  std::sort(report.lookalikes.begin(), report.lookalikes.end(),
            [](const LookalikeItem& x, const LookalikeItem& y) {
              return std::tie(x.institution, x.record.domain) <
                     std::tie(y.institution, y.record.domain);
            });
  return report;
}

}  // namespace domex::reports
