// RenderScanText: the scan report for a terminal or a cron mail.
#include <algorithm>

#include "reports/lookalike_report.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/terminal_text.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using store::LookalikeRecord;
using store::ScanRecord;

constexpr size_t kItemsShown = 50;
constexpr size_t kPagesShown = 3;
constexpr size_t kAddressesPerPage = 10;  // in "Pages to fix"
constexpr size_t kFailedShown = 20;
constexpr size_t kScansShown = 20;
constexpr size_t kErrorsShown = 10;
constexpr char kMore[] = " more (all are in --format json or csv)";

std::string Safe(const std::string& s) { return TerminalSafe(s); }

std::string SafeList(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += Safe(v[i]);
  }
  return out;
}

std::string Time(int64_t t) { return t == 0 ? "-" : UtcDateTime(t); }

std::string Name(const LookalikeRecord& r) {
  std::string name = Safe(r.domain);
  if (!r.unicode.empty()) name += " (" + Safe(r.unicode) + ")";
  return name;
}

std::string Mail(const LookalikeRecord& r) {
  return (TakesMail(r) ? "mail: " : "") + MailSummary(r, Safe);
}

std::string PageLines(const std::vector<std::string>& pages,
                      const std::string& indent) {
  std::string out;
  for (size_t i = 0; i < pages.size() && i < kPagesShown; ++i) {
    out += indent + Safe(pages[i]) + "\n";
  }
  if (pages.size() > kPagesShown) {
    out += indent + "(+" + std::to_string(pages.size() - kPagesShown) +
           " more pages)\n";
  }
  return out;
}

// Applies `line` to at most kItemsShown items, then counts the rest.
template <typename T, typename F>
std::string Capped(const std::vector<T>& items, const std::string& indent,
                   F line, size_t cap = kItemsShown) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < cap; ++i) out += line(*items[i]);
  if (items.size() > cap) {
    out +=
        indent + "... and " + std::to_string(items.size() - cap) + kMore + "\n";
  }
  return out;
}

std::string Header(const ScanReport& r, const ScanView& v) {
  std::string out = "Scan report: " + ReportSubject(r) + "\n";
  const ScanRecord* latest = FindScan(r, r.latest);
  if (latest != nullptr && !latest->finished) {
    out += "scan " + std::to_string(r.latest) +
           " did not finish (interrupted or still running)\n";
  }
  return out + "Changes: " + ChangesSentence(v.changes) + "\n";
}

std::string ActionSection(const ScanView& v) {
  if (v.action_addresses.empty() && v.action_lookalikes.empty()) {
    return "\nNothing needs action.\n";
  }
  std::string out = "\nNEEDS ACTION\n";
  if (!v.action_addresses.empty()) {
    out += "New addresses a harvester can collect (" +
           std::to_string(v.action_addresses.size()) + "):\n";
    out += Capped(v.action_addresses, "  ", [](const AddressItem& a) {
      return "  " + Safe(a.address) + "  [" + Safe(a.institution) + "]  " +
             HarvestableLabel(a.harvestable_by) + "  (" + SafeList(a.forms) +
             ")\n" + PageLines(a.pages, "      ");
    });
  }
  if (!v.action_lookalikes.empty()) {
    out += "New or changed lookalikes that take mail (" +
           std::to_string(v.action_lookalikes.size()) + "):\n";
    out += Capped(v.action_lookalikes, "  ", [](const LookalikeItem& l) {
      std::string line = "  ! " + Name(l.record) + "  [" + Safe(l.institution) +
                         "]  lookalike of " + Safe(l.record.origin) + ", " +
                         Safe(l.record.verdict) + ", " +
                         ItemStatusName(l.status) + "  " + Mail(l.record) +
                         "\n";
      for (const std::string& c : l.changes) line += "      " + Safe(c) + "\n";
      return line;
    });
  }
  return out;
}

// "contact.html: 7 addresses", the addresses, and a remedy per form.
std::string PagesToFixSection(const ScanReport& r) {
  const std::vector<PageToFix> pages = PagesToFix(r);
  if (pages.empty()) return "";
  std::string out = "\nPages to fix (" + std::to_string(pages.size()) + "):\n";
  for (size_t i = 0; i < pages.size() && i < kItemsShown; ++i) {
    const PageToFix& p = pages[i];
    out += "  " + Safe(p.url) + ": " +
           Plural(p.addresses.size(), "address", "addresses") + "\n";
    std::vector<std::string> addresses;
    for (size_t k = 0; k < p.addresses.size() && k < kAddressesPerPage; ++k) {
      addresses.push_back(p.addresses[k]->address);
    }
    out += "    " + SafeList(addresses);
    if (p.addresses.size() > kAddressesPerPage) {
      out += " (+" + std::to_string(p.addresses.size() - kAddressesPerPage) +
             " more)";
    }
    out += "\n";
    for (const std::string& form : p.forms) {
      const std::string remedy = FormRemedy(form);
      if (!remedy.empty()) out += "    - " + remedy + "\n";
    }
  }
  if (pages.size() > kItemsShown) {
    out += "  ... and " + std::to_string(pages.size() - kItemsShown) + kMore +
           "\n";
  }
  return out;
}

std::string Seen(const ScanReport& r, uint64_t first, uint64_t last) {
  const std::string span = SeenSpan(r, first, last);
  return span.empty() ? "" : "  " + span;
}

std::string StatusColumn(ItemStatus s) {
  std::string name = ItemStatusName(s);
  return "  " + name + std::string(9 - name.size(), ' ');
}

std::string AddressLine(const ScanReport& r, const AddressItem& a) {
  std::string line = StatusColumn(a.status) + Safe(a.address) + "  " +
                     HarvestableLabel(a.harvestable_by) + "  (" +
                     SafeList(a.forms) + ")" +
                     Seen(r, a.first_seen, a.last_seen);
  if (a.pages.empty() && !a.not_checked_pages.empty()) {
    return line +
           "\n             not seen this time: its pages were not "
           "checked (seen there before):\n" +
           PageLines(a.not_checked_pages, "             ");
  }
  return line + "\n" + PageLines(a.pages, "             ");
}

std::string LookalikeLine(const ScanReport& report, const LookalikeItem& l) {
  const LookalikeRecord& r = l.record;
  std::string line = StatusColumn(l.status) +
                     (Exists(r) && TakesMail(r) ? "! " : "  ") + Name(r) +
                     "  " + Safe(r.verdict);
  if (Exists(r)) line += "  " + Mail(r);
  line += "  [" + SafeList(r.fuzzers) + "]" +
          Seen(report, l.first_seen, l.last_seen) + "\n";
  for (const std::string& c : l.changes) {
    line += "             " + Safe(c) + "\n";
  }
  return line;
}

std::string SummaryLine(const InstitutionSummary& s) {
  std::string out;
  if (!s.sites.empty()) out += "sites: " + SafeList(s.sites);
  if (!s.domains.empty()) {
    out += std::string(out.empty() ? "" : "; ") +
           "domains: " + SafeList(s.domains);
  }
  if (!out.empty()) out += "\n";
  return out + Plural(s.pages_checked, "page", "pages") + " checked, " +
         std::to_string(s.pages_failed) + " not checked; " +
         Plural(s.addresses, "address", "addresses") + "; " +
         Plural(s.lookalikes_registered, "registered lookalike",
                "registered lookalikes") +
         ", " + std::to_string(s.lookalikes_take_mail) + " take mail\n";
}

std::string InstitutionSection(const ScanReport& r, const InstitutionView& i) {
  const std::string title = "== " + Safe(i.name) + " ==";
  std::string out = "\n" + title + "\n";
  if (i.summary != nullptr) out += SummaryLine(*i.summary);
  if (!i.addresses.empty()) {
    out += "Addresses (" + std::to_string(i.addresses.size()) + "):\n";
    out += Capped(i.addresses, "  ",
                  [&r](const AddressItem& a) { return AddressLine(r, a); });
  }
  if (!i.lookalikes.empty() || i.unregistered > 0) {
    out += "Lookalikes (" + std::to_string(i.lookalikes.size()) + ")";
    if (i.unregistered > 0) {
      out += ", " + std::to_string(i.unregistered) + " unregistered not listed";
    }
    out += ":\n" + Capped(i.lookalikes, "  ", [&r](const LookalikeItem& l) {
             return LookalikeLine(r, l);
           });
  }
  if (!i.gone_addresses.empty() || !i.gone_lookalikes.empty()) {
    out += "Gone (not seen in this scan):\n";
    out += Capped(i.gone_addresses, "  ", [&r](const AddressItem& a) {
      return "  address    " + Safe(a.address) + "  last seen " +
             ScanDay(r, a.last_seen) + "\n";
    });
    out += Capped(i.gone_lookalikes, "  ", [&r](const LookalikeItem& l) {
      return "  lookalike  " + Name(l.record) + "  last seen " +
             ScanDay(r, l.last_seen) + "\n";
    });
  }
  return out;
}

std::string ProblemSection(const std::string& title,
                           const std::vector<PageProblem>& problems) {
  if (problems.empty()) return "";
  std::string out =
      "\n" + title + " (" + std::to_string(problems.size()) + "):\n";
  std::vector<const PageProblem*> pages;
  for (const PageProblem& p : problems) pages.push_back(&p);
  return out + Capped(
                   pages, "  ",
                   [](const PageProblem& p) {
                     return "  " + Safe(p.url) + "  (" + Safe(p.reason) + ")\n";
                   },
                   kFailedShown);
}

// Pages not checked, then broken links (404/410: checked, nothing there).
std::string PageSections(const ScanReport& r) {
  std::string out =
      ProblemSection(
          "Not checked (failed) - addresses on these pages are unknown",
          r.failed_pages) +
      ProblemSection(
          "Linked but missing (HTTP 404/410) - what was on them is gone",
          r.missing_pages);
  if (!r.left_out.empty()) {
    out += "\nLeft out by limits (not requested, not checked):\n";
    for (const store::LeftOutTally& t : r.left_out) {
      out += "  " + Safe(LeftOutSentence(t)) + "\n";
    }
  }
  return out;
}

// Columns padded to their widest cell, two spaces apart; numbers and times
// only, so byte widths are display widths.
std::string Table(const std::vector<std::vector<std::string>>& rows,
                  const std::string& indent) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size())
        line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string ScansSection(const ScanReport& r) {
  if (r.scans.empty()) return "";
  std::vector<std::vector<std::string>> rows = {
      {"scan", "started", "finished", "pages", "not checked", "addresses",
       "registered lookalikes", "errors"}};
  const size_t shown = std::min(r.scans.size(), kScansShown);
  for (size_t k = 0; k < shown; ++k) {
    const ScanRecord& s = r.scans[r.scans.size() - 1 - k];  // newest first
    rows.push_back({std::to_string(s.id), Time(s.started_at),
                    s.finished ? Time(s.finished_at) : "unfinished",
                    std::to_string(s.pages_checked),
                    std::to_string(s.pages_failed), std::to_string(s.addresses),
                    std::to_string(s.lookalikes_registered),
                    std::to_string(s.errors.size())});
  }
  std::string out = "\nScans (" + std::to_string(r.scans.size()) +
                    ", newest first):\n" + Table(rows, "  ");
  if (r.scans.size() > shown) {
    out += "  ... and " + std::to_string(r.scans.size() - shown) +
           " earlier scans (all are in --format json)\n";
  }
  return out;
}

std::string ErrorsSection(const ScanReport& r) {
  const ScanRecord* s = FindScan(r, r.latest);
  if (s == nullptr || s->errors.empty()) return "";
  std::string out = "\nErrors in scan " + std::to_string(r.latest) + " (" +
                    std::to_string(s->errors.size()) + "):\n";
  for (size_t i = 0; i < s->errors.size() && i < kErrorsShown; ++i) {
    out += "  " + Safe(s->errors[i]) + "\n";
  }
  if (s->errors.size() > kErrorsShown) {
    out += "  ... and " + std::to_string(s->errors.size() - kErrorsShown) +
           " more (all are in --format json)\n";
  }
  return out;
}

std::string AcknowledgedSection(const ScanReport& r, const ScanView& v) {
  const std::vector<AckRow> rows = AcknowledgedRows(r, v);
  if (rows.empty()) return "";
  std::string out = "\nAcknowledged in the config - no news while it stands (" +
                    std::to_string(rows.size()) + "):\n";
  for (const AckRow& row : rows) {
    out +=
        "  " + row.kind + std::string(11 - row.kind.size(), ' ') +
        Safe(row.name) +
        (row.institution.empty() ? "" : "  [" + Safe(row.institution) + "]") +
        "  " + Safe(row.why) + "\n";
  }
  return out;
}

}  // namespace

std::string RenderScanText(const ScanReport& report,
                           const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  std::string out = Header(report, v) + ActionSection(v);
  if (!options.changes_only) out += PagesToFixSection(report);
  for (const InstitutionView& i : v.institutions) {
    out += InstitutionSection(report, i);
  }
  out += PageSections(report) + ErrorsSection(report);
  if (!options.changes_only) {
    out += AcknowledgedSection(report, v) + ScansSection(report);
  }
  return out;
}

}  // namespace domex::reports
