// RenderScanCsv: the scan report as one spreadsheet table (layout in
// scan_render.h).
#include <set>

#include "reports/csv.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"

namespace domex::reports {
namespace {

enum Column {
  kKind,
  kInstitution,
  kStatus,
  kNeedsAction,
  kName,
  kUnicode,
  kOrigin,
  kForms,
  kHarvestableBy,
  kSites,
  kPages,
  kFuzzers,
  kVerdict,
  kMail,
  kA,
  kAaaa,
  kMx,
  kNs,
  kChanges,
  kFirstSeen,
  kLastSeen,
  kReason,
  kColumns
};

const std::vector<std::string>& Header() {
  static const std::vector<std::string> header = {
      "kind",      "institution", "status",  "needs_action",   "name",
      "unicode",   "origin",      "forms",   "harvestable_by", "sites",
      "pages",     "fuzzers",     "verdict", "mail",           "a",
      "aaaa",      "mx",          "ns",      "changes",        "first_seen",
      "last_seen", "reason"};
  return header;
}

std::string List(const std::vector<std::string>& v) { return JoinList(v, ";"); }

std::string Id(uint64_t id) { return id == 0 ? "" : std::to_string(id); }

std::string Row(const AddressItem& a) {
  std::vector<std::string> f(kColumns);
  f[kKind] = "address";
  f[kInstitution] = a.institution;
  f[kStatus] = ItemStatusName(a.status);
  f[kNeedsAction] = NeedsAction(a) ? "yes" : "no";
  f[kName] = a.address;
  f[kForms] = List(a.forms);
  f[kHarvestableBy] = a.harvestable_by;
  f[kSites] = List(a.sites);
  f[kPages] = List(a.pages);
  if (a.pages.empty() && !a.not_checked_pages.empty()) {
    f[kPages] = List(a.not_checked_pages);
    f[kReason] = "pages not checked this time";
  }
  f[kFirstSeen] = Id(a.first_seen);
  f[kLastSeen] = Id(a.last_seen);
  return CsvRow(f);
}

std::string Row(const LookalikeItem& l) {
  const store::LookalikeRecord& r = l.record;
  std::vector<std::string> f(kColumns);
  f[kKind] = "lookalike";
  f[kInstitution] = l.institution;
  f[kStatus] = ItemStatusName(l.status);
  f[kNeedsAction] = NeedsAction(l) ? "yes" : "no";
  f[kName] = r.domain;
  f[kUnicode] = r.unicode;
  f[kOrigin] = r.origin;
  f[kFuzzers] = List(r.fuzzers);
  f[kVerdict] = r.verdict;
  f[kMail] = r.mail;
  f[kA] = List(r.a);
  f[kAaaa] = List(r.aaaa);
  f[kMx] = List(r.mx);
  f[kNs] = List(r.ns);
  f[kChanges] = List(l.changes);
  f[kFirstSeen] = Id(l.first_seen);
  f[kLastSeen] = Id(l.last_seen);
  return CsvRow(f);
}

std::string Row(const PageProblem& p, const char* kind) {
  std::vector<std::string> f(kColumns);
  f[kKind] = kind;
  f[kName] = p.url;
  f[kReason] = p.reason;
  return CsvRow(f);
}

}  // namespace

std::string RenderScanCsv(const ScanReport& report,
                          const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  std::string out = CsvRow(Header());
  // What needs action first; each item still appears once.
  std::set<const void*> done;
  for (const AddressItem* a : v.action_addresses) {
    out += Row(*a);
    done.insert(a);
  }
  for (const LookalikeItem* l : v.action_lookalikes) {
    out += Row(*l);
    done.insert(l);
  }
  for (const AddressItem& a : report.addresses) {
    if (done.count(&a) != 0) continue;
    if (!options.changes_only || IsChange(a)) out += Row(a);
  }
  for (const LookalikeItem& l : report.lookalikes) {
    if (done.count(&l) != 0) continue;
    if (!options.changes_only || IsChange(l)) out += Row(l);
  }
  for (const PageProblem& p : report.failed_pages) {
    out += Row(p, "failed_page");
  }
  for (const PageProblem& p : report.missing_pages) {
    out += Row(p, "missing_page");
  }
  return out;
}

}  // namespace domex::reports
