#include "cli/scan_output.h"

#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "cli/scan_findings.h"
#include "resolver/permute_data.h"

namespace domex::cli {

Status LoadSightings(store::Store& db, uint64_t scan,
                     std::vector<store::AddressSighting>* addresses,
                     std::vector<store::LookalikeSighting>* lookalikes) {
  Status s =
      db.ForEachAddressSighting(scan, [&](const store::AddressSighting& a) {
        addresses->push_back(a);
        return true;
      });
  if (!s.ok()) return s;
  return db.ForEachLookalikeSighting(scan,
                                     [&](const store::LookalikeSighting& l) {
                                       lookalikes->push_back(l);
                                       return true;
                                     });
}

store::CrawlState CrawlStateOf(store::Store& db, uint64_t generation) {
  Result<std::optional<store::CrawlState>> stored = db.LoadCrawlState();
  if (stored.ok() && *stored && (*stored)->generation == generation) {
    return **stored;
  }
  // Nothing says that crawl finished: it may have been cut short, and a
  // crawl not known to be finished never makes what it missed look gone.
  store::CrawlState state;
  state.generation = generation;
  state.finished = false;
  return state;
}

bool ScanComplete(bool crawl_finished, bool stopped, const Status& pages_read) {
  return crawl_finished && !stopped && pages_read.ok();
}

Result<reports::ScanHistory> LoadScanHistory(
    store::Store& db, const std::set<std::string>& mail_providers,
    const std::vector<InstitutionFindings>* latest_findings) {
  reports::ScanHistory h;
  Status s = db.ForEachScan([&h](const store::ScanRecord& scan) {
    h.scans.push_back(scan);
    return true;
  });
  if (!s.ok()) return s;
  if (h.scans.empty()) return Status::NotFound("no scan yet");
  for (const store::ScanRecord& scan : h.scans) {
    s = LoadSightings(db, scan.id, &h.addresses[scan.id],
                      &h.lookalikes[scan.id]);
    if (!s.ok()) return s;
  }
  const store::ScanRecord& latest = h.scans.back();
  std::vector<InstitutionFindings> loaded;
  if (latest_findings == nullptr && latest.crawl_generation != 0) {
    std::vector<store::PageRecord> pages;
    s = db.ForEachPage([&pages](const store::PageRecord& p) {
      pages.push_back(p);
      return true;
    });
    if (!s.ok()) return s;
    // The pages as that scan's crawl left them (a later crawl in the same
    // store replaces the records of the pages it visits again).
    loaded = AttributeFindings(latest.institution_list, pages,
                               CrawlStateOf(db, latest.crawl_generation),
                               mail_providers);
    latest_findings = &loaded;
  }
  if (latest_findings == nullptr) return h;
  // Pages once each, even when institutions share a site.
  std::map<std::string, reports::PageProblem> failed, missing;
  std::set<std::tuple<std::string, std::string, std::string>> left_out;
  for (const InstitutionFindings& f : *latest_findings) {
    h.pages[f.name] = {f.crawl.fetched, f.crawl.failed};
    // Each institution's report has the whole crawl's tallies: once each.
    for (const store::LeftOutTally& t : f.crawl.left_out) {
      if (left_out.insert({t.site, t.limit, t.pattern}).second) {
        h.left_out.push_back(t);
      }
    }
    for (const reports::PageProblem& p : f.crawl.failed_pages) {
      failed[p.url] = p;
    }
    for (const reports::PageProblem& p : f.crawl.missing_pages) {
      missing[p.url] = p;
    }
  }
  for (auto& [url, problem] : failed) h.failed_pages.push_back(problem);
  for (auto& [url, problem] : missing) h.missing_pages.push_back(problem);
  return h;
}

Result<std::set<std::string>> LoadMailProviders(const std::string& seeds_dir) {
  Result<std::vector<std::string>> words = resolver::LoadWordList(
      seeds_dir + "/mail_providers.txt", /*allow_dots=*/true);
  if (!words.ok()) return words.status();
  return std::set<std::string>(words->begin(), words->end());
}

Result<ScanOutput> ScanOutputFrom(const Args& args) {
  ScanOutput out;
  out.format = args.Value("format", "text");
  static const std::set<std::string> kFormats = {"text", "md", "json", "csv",
                                                 "html"};
  if (kFormats.count(out.format) == 0) {
    return Status::InvalidArgument("unknown report format '" + out.format +
                                   "' (choose text, md, json, csv or html)");
  }
  out.options.changes_only = args.Has("changes-only");
  return out;
}

std::string RenderScanReport(const reports::ScanReport& report,
                             const ScanOutput& output) {
  const reports::RenderOptions& o = output.options;
  if (output.format == "md") return reports::RenderScanMarkdown(report, o);
  if (output.format == "json") return reports::RenderScanJson(report, o);
  if (output.format == "csv") return reports::RenderScanCsv(report, o);
  if (output.format == "html") return reports::RenderScanHtml(report, o);
  return reports::RenderScanText(report, o);
}

}  // namespace domex::cli
