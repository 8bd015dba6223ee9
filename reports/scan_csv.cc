// RenderScanCsv: the scan report as one spreadsheet table (layout in
// scan_render.h).
#include <set>

#include "reports/csv.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/time_text.h"

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
  kFirstSeenScan,
  kLastSeenScan,
  kReason,
  kAcknowledged,
  kAcknowledgedWhy,
  kAcknowledgedUntil,
  kColumns
};

const std::vector<std::string>& Header() {
  static const std::vector<std::string> header = {"kind",
                                                  "institution",
                                                  "status",
                                                  "needs_action",
                                                  "name",
                                                  "unicode",
                                                  "origin",
                                                  "forms",
                                                  "harvestable_by",
                                                  "sites",
                                                  "pages",
                                                  "fuzzers",
                                                  "verdict",
                                                  "mail",
                                                  "a",
                                                  "aaaa",
                                                  "mx",
                                                  "ns",
                                                  "changes",
                                                  "first_seen",
                                                  "last_seen",
                                                  "first_seen_scan",
                                                  "last_seen_scan",
                                                  "reason",
                                                  "acknowledged",
                                                  "acknowledged_why",
                                                  "acknowledged_until"};
  return header;
}

std::string List(const std::vector<std::string>& v) { return JoinList(v, ";"); }

std::string Id(uint64_t id) { return id == 0 ? "" : std::to_string(id); }

// first_seen/last_seen: when those scans started (RFC 3339), ids beside.
void SeenCells(const ScanReport& report, uint64_t first, uint64_t last,
               std::vector<std::string>* f) {
  const auto time = [&report](uint64_t id) {
    const int64_t t = ScanStartedAt(report, id);
    return t == 0 ? std::string() : UtcDateTime(t);
  };
  (*f)[kFirstSeen] = time(first);
  (*f)[kLastSeen] = time(last);
  (*f)[kFirstSeenScan] = Id(first);
  (*f)[kLastSeenScan] = Id(last);
}

// acknowledged: "yes" while it stands, "expired" after (news again).
void AckCells(const std::optional<AckState>& ack, std::vector<std::string>* f) {
  if (!ack) return;
  (*f)[kAcknowledged] = ack->expired ? "expired" : "yes";
  (*f)[kAcknowledgedWhy] = ack->reason;
  (*f)[kAcknowledgedUntil] = ack->expires;
}

std::string Row(const ScanReport& report, const AddressItem& a) {
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
  SeenCells(report, a.first_seen, a.last_seen, &f);
  AckCells(a.acknowledged, &f);
  return CsvRow(f);
}

std::string Row(const ScanReport& report, const LookalikeItem& l) {
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
  SeenCells(report, l.first_seen, l.last_seen, &f);
  AckCells(l.acknowledged, &f);
  return CsvRow(f);
}

std::string Row(const PageProblem& p, const char* kind,
                const std::optional<AckState>& ack = std::nullopt) {
  std::vector<std::string> f(kColumns);
  f[kKind] = kind;
  f[kName] = p.url;
  f[kReason] = p.reason;
  AckCells(ack, &f);
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
    out += Row(report, *a);
    done.insert(a);
  }
  for (const LookalikeItem* l : v.action_lookalikes) {
    out += Row(report, *l);
    done.insert(l);
  }
  for (const AddressItem& a : report.addresses) {
    if (done.count(&a) != 0) continue;
    if (!options.changes_only || IsChange(a)) out += Row(report, a);
  }
  for (const LookalikeItem& l : report.lookalikes) {
    if (done.count(&l) != 0) continue;
    if (!options.changes_only || IsChange(l)) out += Row(report, l);
  }
  for (const PageProblem& p : report.failed_pages) {
    out += Row(p, "failed_page");
  }
  for (const PageProblem& p : report.missing_pages) {
    out += Row(p, "missing_page");
  }
  for (const store::LeftOutTally& t : report.left_out) {
    std::vector<std::string> f(kColumns);
    f[kKind] = "left_out";
    f[kName] = t.pattern;
    f[kReason] = LeftOutSentence(t);
    out += CsvRow(f);
  }
  if (!options.changes_only) {
    for (const AcknowledgedPage& p : report.acknowledged_pages) {
      out += Row(p.page, "acknowledged_page", p.acknowledged);
    }
  }
  return out;
}

}  // namespace domex::reports
