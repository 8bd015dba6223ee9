#include "reports/crawl_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "reports/json.h"
#include "reports/terminal_text.h"
#include "store/page_outcome.h"

namespace domex::reports {

namespace {

using store::PageRecord;
using store::PageStatus;

// ---- Building
// ----------------------------------------------------------------

struct SiteAgg {
  std::set<std::string> forms;
  std::set<std::string> pages;
  std::set<std::string> not_checked;
};

struct AddressAgg {
  std::set<std::string> forms;
  std::set<std::string> pages;
  std::set<std::string> not_checked;
  std::map<std::string, SiteAgg> sites;
};

std::vector<std::string> ToVector(const std::set<std::string>& s) {
  return std::vector<std::string>(s.begin(), s.end());
}

// `checked`: the page was checked this time; otherwise its findings are
// what an earlier crawl saw there.
void AddFindings(const PageRecord& page, bool checked,
                 std::map<std::string, AddressAgg>* addresses) {
  for (const store::FoundAddress& found : page.addresses) {
    AddressAgg& agg = (*addresses)[found.address];
    SiteAgg& site = agg.sites[page.site];
    (checked ? agg.pages : agg.not_checked).insert(page.url);
    (checked ? site.pages : site.not_checked).insert(page.url);
    agg.forms.insert(found.forms.begin(), found.forms.end());
    site.forms.insert(found.forms.begin(), found.forms.end());
  }
}

AddressExposure ToExposure(const std::string& address, const AddressAgg& agg) {
  AddressExposure e;
  e.address = address;
  e.forms = ToVector(agg.forms);
  e.pages = ToVector(agg.pages);
  e.not_checked_pages = ToVector(agg.not_checked);
  e.harvestable_by = HarvestableBy(e.forms);
  for (const auto& [site, site_agg] : agg.sites) {
    e.by_site.push_back({site, ToVector(site_agg.forms),
                         ToVector(site_agg.pages),
                         ToVector(site_agg.not_checked)});
  }
  return e;
}

// ---- JSON
// --------------------------------------------------------------------

void WriteAddress(const AddressExposure& a, JsonWriter& w) {
  w.BeginObject();
  w.Key("address");
  w.String(a.address);
  w.Key("forms");
  w.Strings(a.forms);
  w.Key("pages");
  w.Strings(a.pages);
  w.Key("harvestable_by");
  w.String(a.harvestable_by);
  std::vector<std::string> sites;
  for (const SiteExposure& s : a.by_site) sites.push_back(s.site);
  w.Key("sites");
  w.Strings(sites);
  w.Key("not_checked_pages");
  w.Strings(a.not_checked_pages);
  w.Key("seen_on_checked_page");
  w.Bool(a.seen());
  w.EndObject();
}

// ---- Text
// --------------------------------------------------------------------

constexpr size_t kPagesPerAddress = 3;
constexpr size_t kProblemLines = 20;

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += TerminalSafe(v[i]);
  }
  return out;
}

size_t SitesWithAddresses(const CrawlReport& r) {
  std::set<std::string> sites;
  for (const AddressExposure& a : r.addresses) {
    for (const SiteExposure& s : a.by_site) sites.insert(s.site);
  }
  return sites.size();
}

std::string NotReached(const CrawlReport& r) {
  if (!r.finished) return " not reached yet";
  return r.limit_reached ? " of the last crawl not revisited (limits)"
                         : " of earlier crawls not revisited";
}

// The first line. With no addresses, a count of pages that could not be
// checked always follows: "no addresses" alone would overstate it.
std::string Summary(const CrawlReport& r) {
  std::string pages = Plural(r.fetched, "page", "pages") + " checked";
  std::string line;
  if (!r.addresses.empty()) {
    const size_t unseen =
        std::count_if(r.addresses.begin(), r.addresses.end(),
                      [](const AddressExposure& a) { return !a.seen(); });
    line = Plural(r.addresses.size(), "address", "addresses") + " exposed on " +
           Plural(SitesWithAddresses(r), "site", "sites");
    if (unseen > 0) {
      line += " (" + std::to_string(unseen) +
              " known only from pages not checked this time)";
    }
    line += "; " + pages + ", " + std::to_string(r.failed) + " not checked";
    if (r.not_reached > 0) {
      line += ", " + std::to_string(r.not_reached) + NotReached(r);
    }
  } else {
    line = "no addresses found on the " + pages;
    if (r.failed > 0) {
      line +=
          "; " + Plural(r.failed, "page", "pages") + " could not be checked";
    }
    if (r.not_reached > 0) {
      line += "; " + Plural(r.not_reached, "page", "pages") + NotReached(r);
    }
  }
  if (r.missing > 0) {
    line += ", " + std::to_string(r.missing) + " missing (HTTP 404/410)";
  }
  if (r.skipped_robots > 0) {
    line += ", " + std::to_string(r.skipped_robots) + " skipped by robots.txt";
  }
  return line + "\n";
}

std::string Label(const std::string& harvestable_by) {
  return harvestable_by == "js-capable" ? "needs a JavaScript-capable harvester"
                                        : "readable by any harvester";
}

// Lines of `items`, at most `cap` of them, then "(+N more)".
std::string Capped(const std::vector<std::string>& items, size_t cap,
                   const std::string& indent) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < cap; ++i) {
    out += indent + items[i] + "\n";
  }
  if (items.size() > cap) {
    out += indent + "(+" + std::to_string(items.size() - cap) + " more)\n";
  }
  return out;
}

std::string PageList(const std::vector<std::string>& urls) {
  std::vector<std::string> pages;
  for (const std::string& p : urls) pages.push_back(TerminalSafe(p));
  return Capped(pages, kPagesPerAddress, "      ");
}

std::string AddressBlock(const AddressExposure& a, const SiteExposure& s) {
  std::string out = "  " + TerminalSafe(a.address) + "  [" +
                    Label(HarvestableBy(s.forms)) + "]";
  if (s.pages.empty()) {
    out += "  not seen this time: its pages were not checked";
  }
  out += "\n    forms: " + Join(s.forms, ", ") + "\n";
  if (!s.pages.empty()) {
    out += "    on " + Plural(s.pages.size(), "page", "pages") + ":\n" +
           PageList(s.pages);
  }
  if (!s.not_checked_pages.empty()) {
    out += "    on " + Plural(s.not_checked_pages.size(), "page", "pages") +
           " not checked this time (seen there before):\n" +
           PageList(s.not_checked_pages);
  }
  return out;
}

// Site -> its addresses; an address on two sites appears under both.
std::string SiteSections(const CrawlReport& r) {
  std::map<std::string, std::string> blocks;
  for (const AddressExposure& a : r.addresses) {
    for (const SiteExposure& s : a.by_site)
      blocks[s.site] += AddressBlock(a, s);
  }
  std::string out;
  for (const auto& [site, block] : blocks) {
    std::string title = TerminalSafe(site.empty() ? "(no site)" : site);
    out += "\n" + title + "\n" + std::string(title.size(), '-') + "\n" + block;
  }
  return out;
}

std::vector<std::string> ProblemLines(const std::vector<PageProblem>& pages) {
  std::vector<std::string> lines;
  for (const PageProblem& p : pages) {
    lines.push_back(TerminalSafe(p.url) + "  (" + TerminalSafe(p.reason) + ")");
  }
  return lines;
}

std::string ProblemSections(const CrawlReport& r) {
  std::string out;
  if (!r.failed_pages.empty()) {
    out += "\nNot checked (failed) - addresses on these pages are unknown:\n";
    out += Capped(ProblemLines(r.failed_pages), kProblemLines, "  ");
  }
  if (!r.missing_pages.empty()) {
    out += "\nLinked but missing (HTTP 404/410) - what was on them is gone:\n";
    out += Capped(ProblemLines(r.missing_pages), kProblemLines, "  ");
  }
  if (!r.robots_skipped.empty()) {
    std::vector<std::string> lines;
    for (const std::string& url : r.robots_skipped)
      lines.push_back(TerminalSafe(url));
    out += "\nSkipped because robots.txt disallows them (not requested):\n";
    out += Capped(lines, kProblemLines, "  ");
  }
  if (!r.external_links.empty()) {
    std::vector<std::string> lines;
    for (const std::string& url : r.external_links)
      lines.push_back(TerminalSafe(url));
    out += "\nLinks out of scope (recorded, not followed): " +
           std::to_string(r.external_links.size()) + "\n";
    out += Capped(lines, kProblemLines, "  ");
  }
  return out;
}

std::string LeftOutSection(const CrawlReport& r) {
  if (r.left_out.empty()) return "";
  std::vector<std::string> lines;
  for (const store::LeftOutTally& t : r.left_out) {
    lines.push_back(TerminalSafe(LeftOutSentence(t)));
  }
  return "\nLeft out by limits (not requested, not checked):\n" +
         Capped(lines, kProblemLines, "  ");
}

// Pages of the latest crawl. While it is unfinished, also the pages of the
// last finished crawl it has not revisited yet: their record is still the
// latest word on them, but they were not checked this time. The same when
// it finished but limits left URLs out, as one of those may be such a page.
// And in any case an older page of one of this crawl's sites that holds
// addresses: a new crawl re-seeds those pages, so one it did not record was
// not reached (stopped, or a store older than re-seeding), never evidence
// that its addresses are gone. Other older pages are gone from the site.
enum class InReport { kNo, kThisCrawl, kNotReached };

InReport Where(const PageRecord& page, const store::CrawlState& state,
               const std::set<std::string>& crawl_sites) {
  if (page.generation == state.generation) return InReport::kThisCrawl;
  if (page.generation > state.generation) return InReport::kNo;
  if ((!state.finished || state.limit_reached) &&
      state.previous_generation != 0 &&
      page.generation == state.previous_generation) {
    return InReport::kNotReached;
  }
  if (!page.addresses.empty() && page.status != PageStatus::kMissing &&
      crawl_sites.count(page.site) > 0) {
    return InReport::kNotReached;
  }
  return InReport::kNo;
}

}  // namespace

std::string HarvestableBy(const std::vector<std::string>& forms) {
  // Empty does not occur (an address is always seen in some form); if it
  // did, claiming the weaker harvester is the cautious answer.
  if (forms.empty()) return "any-crawler";
  for (const std::string& f : forms) {
    if (f != "javascript") return "any-crawler";
  }
  return "js-capable";
}

CrawlReport BuildCrawlReport(const std::vector<store::PageRecord>& pages,
                             const store::CrawlState& state) {
  CrawlReport r;
  r.ignored_robots = state.ignore_robots;
  r.finished = state.finished;
  r.limit_reached = state.limit_reached;
  r.left_out = state.left_out;
  // This crawl's records by URL: where its redirects lead.
  std::unordered_map<std::string_view, const PageRecord*> crawl;
  std::set<std::string> crawl_sites;
  for (const PageRecord& page : pages) {
    if (page.generation != state.generation) continue;
    crawl[page.url] = &page;
    crawl_sites.insert(page.site);
  }
  const store::PageLookup lookup =
      [&crawl](const std::string& url) -> const PageRecord* {
    auto it = crawl.find(url);
    return it == crawl.end() ? nullptr : it->second;
  };
  const std::map<std::string, std::string> unchecked_sites =
      store::SitesNotChecked(state.start_urls, lookup);
  std::set<std::string> sites, external, robots;
  std::map<std::string, AddressAgg> addresses;
  for (const PageRecord& page : pages) {
    const InReport where = Where(page, state, crawl_sites);
    if (where == InReport::kNo) continue;
    if (!page.site.empty()) sites.insert(page.site);
    if (where == InReport::kNotReached || page.status != PageStatus::kFailed) {
      // A failed page's links are an earlier crawl's.
      external.insert(page.external_links.begin(), page.external_links.end());
    }
    if (where == InReport::kNotReached) {
      // Its record is the latest word on it, but it was not checked now.
      if (page.status == PageStatus::kMissing) continue;
      if (page.status == PageStatus::kFetched ||
          page.status == PageStatus::kFailed || !page.addresses.empty()) {
        ++r.not_reached;
      }
      AddFindings(page, /*checked=*/false, &addresses);
      continue;
    }
    const store::PageOutcome outcome =
        store::OutcomeInSite(page, lookup, unchecked_sites);
    switch (outcome.outcome) {
      case store::Outcome::kChecked:
        // A redirect's earlier findings are gone from its URL, which now
        // shows its target (a page of its own, or out of scope).
        if (page.status == PageStatus::kRedirect) break;
        ++r.fetched;
        AddFindings(page, /*checked=*/true, &addresses);
        break;
      case store::Outcome::kMissing:
        ++r.missing;
        r.missing_pages.push_back({page.url, outcome.reason});
        break;
      case store::Outcome::kNotChecked:
        // It keeps what an earlier crawl found there.
        ++r.failed;
        r.failed_pages.push_back({page.url, outcome.reason});
        AddFindings(page, /*checked=*/false, &addresses);
        break;
      case store::Outcome::kSkippedRobots:
        ++r.skipped_robots;
        robots.insert(page.url);
        break;
    }
  }
  for (const auto& [address, agg] : addresses) {
    r.addresses.push_back(ToExposure(address, agg));
  }
  // `pages` come in URL order (the store's); sorted all the same.
  for (std::vector<PageProblem>* list : {&r.failed_pages, &r.missing_pages}) {
    std::sort(list->begin(), list->end(),
              [](const PageProblem& a, const PageProblem& b) {
                return a.url < b.url;
              });
  }
  for (const auto& [site, reason] : unchecked_sites) {
    r.sites_not_checked.push_back({site, reason});
  }
  r.sites = ToVector(sites);
  r.external_links = ToVector(external);
  r.robots_skipped = ToVector(robots);
  return r;
}

void WriteProblems(const std::vector<PageProblem>& problems, JsonWriter& w) {
  w.BeginArray();
  for (const PageProblem& p : problems) {
    w.BeginObject();
    w.Key("url");
    w.String(p.url);
    w.Key("reason");
    w.String(p.reason);
    w.EndObject();
  }
  w.EndArray();
}

void WriteCrawlFields(const CrawlReport& r, JsonWriter& w) {
  w.Key("addresses");
  w.BeginArray();
  for (const AddressExposure& a : r.addresses) WriteAddress(a, w);
  w.EndArray();
  w.Key("pages");
  w.BeginObject();
  w.Key("fetched");
  w.Int(r.fetched);
  w.Key("failed");
  w.Int(r.failed);
  w.Key("missing");
  w.Int(r.missing);
  w.Key("skipped_robots");
  w.Int(r.skipped_robots);
  w.Key("not_reached");
  w.Int(r.not_reached);
  w.EndObject();
  w.Key("failed_pages");
  WriteProblems(r.failed_pages, w);
  w.Key("missing_pages");
  WriteProblems(r.missing_pages, w);
  w.Key("sites_not_checked");
  WriteProblems(r.sites_not_checked, w);
  w.Key("robots_skipped");
  w.Strings(r.robots_skipped);
  w.Key("external_links");
  w.Strings(r.external_links);
  w.Key("ignored_robots");
  w.Bool(r.ignored_robots);
  w.Key("finished");
  w.Bool(r.finished);
  w.Key("limit_reached");
  w.Bool(r.limit_reached);
  w.Key("left_out");
  WriteLeftOut(r.left_out, w);
}

std::string RenderCrawlJson(const CrawlReport& r) {
  JsonWriter w;
  w.BeginObject();
  WriteCrawlFields(r, w);
  w.EndObject();
  return w.Take();
}

std::string RenderCrawlText(const CrawlReport& r) {
  std::string out = Summary(r);
  for (const PageProblem& site : r.sites_not_checked) {
    out += TerminalSafe(site.reason) + " (none of its addresses is gone)\n";
  }
  if (r.ignored_robots) out += "robots.txt was ignored (--ignore-robots)\n";
  if (!r.finished) {
    out += "crawl incomplete: rerun the same command to resume\n";
  }
  if (r.limit_reached) {
    out +=
        "some URLs were left out by --max-pages, --max-depth or the "
        "crawler-trap cap (--max-per-pattern)\n";
  }
  return out + SiteSections(r) + ProblemSections(r) + LeftOutSection(r);
}

std::string LeftOutSentence(const store::LeftOutTally& t) {
  struct Limit {
    const char* limit;
    const char* by;
    const char* setting;  // the config key (flag: '-' for '_')
  };
  static const Limit kLimits[] = {
      {"trap", "the crawler-trap cap", "max_per_pattern"},
      {"max-depth", "the depth limit", "max_depth"},
      {"max-pages", "the page limit per site", "max_pages"},
      {"queue", "the queue limit per site (twice the page limit)", "max_pages"},
  };
  const Limit* limit = nullptr;
  for (const Limit& l : kLimits) {
    if (t.limit == l.limit) limit = &l;
  }
  std::string out = Plural(t.count, "URL", "URLs") + " like " + t.pattern;
  if (!t.example.empty()) out += " (e.g. " + t.example + ")";
  if (limit == nullptr) return out + " left out by " + t.limit;
  return out + " left out by " + limit->by + " (" + limit->setting + " " +
         std::to_string(t.limit_value) + "): raise " + limit->setting +
         " to check them";
}

void WriteLeftOut(const std::vector<store::LeftOutTally>& left_out,
                  JsonWriter& w) {
  w.BeginArray();
  for (const store::LeftOutTally& t : left_out) {
    w.BeginObject();
    w.Key("site");
    w.String(t.site);
    w.Key("limit");
    w.String(t.limit);
    w.Key("limit_value");
    w.Int(t.limit_value);
    w.Key("pattern");
    w.String(t.pattern);
    w.Key("example");
    w.String(t.example);
    w.Key("count");
    w.Int(t.count);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace domex::reports
