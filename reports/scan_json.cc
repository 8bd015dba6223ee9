// RenderScanJson: the scan report for programs (contract in scan_render.h).
#include "reports/json.h"
#include "reports/lookalike_report.h"
#include "reports/scan_list.h"
#include "reports/scan_render.h"
#include "reports/scan_view.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using store::ScanRecord;

void ScanId(JsonWriter& w, const char* key, uint64_t id) {
  w.Key(key);
  if (id == 0) {
    w.Null();
  } else {
    w.Int(static_cast<int64_t>(id));
  }
}

void Time(JsonWriter& w, const char* key, int64_t t) {
  w.Key(key);
  if (t == 0) {
    w.Null();
  } else {
    w.String(UtcDateTime(t));
  }
}

// "first_seen": when scan `id` started; "first_seen_scan": its id.
void Seen(JsonWriter& w, const ScanReport& r, const std::string& key,
          uint64_t id) {
  Time(w, key.c_str(), ScanStartedAt(r, id));
  ScanId(w, (key + "_scan").c_str(), id);
}

// "acknowledged": null, or {"reason":..,"expires":"YYYY-MM-DD"|null,
// "expired":false}.
void Ack(JsonWriter& w, const std::optional<AckState>& ack) {
  w.Key("acknowledged");
  if (!ack) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("reason");
  w.String(ack->reason);
  w.Key("expires");
  if (ack->expires.empty()) {
    w.Null();
  } else {
    w.String(ack->expires);
  }
  w.Key("expired");
  w.Bool(ack->expired);
  w.EndObject();
}

void Count(JsonWriter& w, const char* key, int64_t n) {
  w.Key(key);
  w.Int(n);
}

void WriteAddress(JsonWriter& w, const ScanReport& r, const AddressItem& a) {
  w.BeginObject();
  // The fields of RenderCrawlJson's address objects...
  w.Key("address");
  w.String(a.address);
  w.Key("forms");
  w.Strings(a.forms);
  w.Key("pages");
  w.Strings(a.pages);
  w.Key("harvestable_by");
  w.String(a.harvestable_by);
  w.Key("sites");
  w.Strings(a.sites);
  w.Key("not_checked_pages");
  w.Strings(a.not_checked_pages);
  w.Key("seen_on_checked_page");
  w.Bool(!a.pages.empty() && a.status != ItemStatus::kGone);
  // ...and the scan's.
  w.Key("institution");
  w.String(a.institution);
  w.Key("status");
  w.String(ItemStatusName(a.status));
  Seen(w, r, "first_seen", a.first_seen);
  Seen(w, r, "last_seen", a.last_seen);
  if (!a.seen_in.empty()) {
    w.Key("seen_in");
    w.BeginArray();
    for (const auto& [from, to] : a.seen_in) {
      w.BeginObject();
      Seen(w, r, "from", from);
      Seen(w, r, "to", to);
      w.EndObject();
    }
    w.EndArray();
  }
  Ack(w, a.acknowledged);
  w.Key("needs_action");
  w.Bool(NeedsAction(a));
  w.EndObject();
}

void WriteLookalike(JsonWriter& w, const ScanReport& r,
                    const LookalikeItem& l) {
  w.BeginObject();
  WriteLookalikeDnsFields(l.record, w);
  Seen(w, r, "first_seen", l.first_seen);
  Seen(w, r, "last_seen", l.last_seen);
  Time(w, "checked_at", l.record.checked_at);
  w.Key("institution");
  w.String(l.institution);
  w.Key("status");
  w.String(ItemStatusName(l.status));
  w.Key("changes");
  w.Strings(l.changes);
  if (!l.history.empty()) {
    w.Key("history");
    w.BeginArray();
    for (const LookalikeState& h : l.history) {
      w.BeginObject();
      Seen(w, r, "since", h.scan);
      w.Key("verdict");
      w.String(h.verdict);
      w.Key("mail");
      w.String(h.mail);
      w.EndObject();
    }
    w.EndArray();
  }
  Ack(w, l.acknowledged);
  w.Key("needs_action");
  w.Bool(NeedsAction(l));
  w.EndObject();
}

void WriteInstitution(JsonWriter& w, const InstitutionSummary& s) {
  w.BeginObject();
  w.Key("name");
  w.String(s.name);
  w.Key("sites");
  w.Strings(s.sites);
  w.Key("domains");
  w.Strings(s.domains);
  Count(w, "pages_checked", s.pages_checked);
  Count(w, "pages_failed", s.pages_failed);
  Count(w, "addresses", s.addresses);
  Count(w, "lookalikes_registered", s.lookalikes_registered);
  Count(w, "lookalikes_take_mail", s.lookalikes_take_mail);
  w.EndObject();
}

// What needs action, in the order the other formats show it: keys of
// items that are in full in "addresses" and "lookalikes".
void WriteSummary(JsonWriter& w, const ScanView& v) {
  w.Key("needs_action");
  w.BeginObject();
  w.Key("addresses");
  w.BeginArray();
  for (const AddressItem* a : v.action_addresses) {
    w.BeginObject();
    w.Key("institution");
    w.String(a->institution);
    w.Key("address");
    w.String(a->address);
    w.Key("harvestable_by");
    w.String(a->harvestable_by);
    w.EndObject();
  }
  w.EndArray();
  w.Key("lookalikes");
  w.BeginArray();
  for (const LookalikeItem* l : v.action_lookalikes) {
    w.BeginObject();
    w.Key("institution");
    w.String(l->institution);
    w.Key("origin");
    w.String(l->record.origin);
    w.Key("domain");
    w.String(l->record.domain);
    w.Key("status");
    w.String(ItemStatusName(l->status));
    w.Key("mail");
    w.String(l->record.mail);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("changes");
  w.BeginObject();
  Count(w, "new_addresses", v.changes.new_addresses);
  Count(w, "gone_addresses", v.changes.gone_addresses);
  Count(w, "new_lookalikes", v.changes.new_lookalikes);
  Count(w, "changed_lookalikes", v.changes.changed_lookalikes);
  Count(w, "gone_lookalikes", v.changes.gone_lookalikes);
  Count(w, "lapsed_acknowledgements", v.changes.lapsed_acknowledgements);
  w.EndObject();
}

}  // namespace

std::string RenderScanJson(const ScanReport& report,
                           const RenderOptions& options) {
  const ScanView v = MakeScanView(report, options);
  if (v.render_nothing) return "";
  JsonWriter w;
  w.BeginObject();
  w.Key("schema");
  w.String(kScanReportSchema);
  Seen(w, report, "latest", report.latest);
  Seen(w, report, "since", report.since);
  w.Key("changes_only");
  w.Bool(options.changes_only);
  WriteSummary(w, v);
  w.Key("addresses");
  w.BeginArray();
  for (const AddressItem& a : report.addresses) {
    if (!options.changes_only || IsChange(a)) WriteAddress(w, report, a);
  }
  w.EndArray();
  w.Key("lookalikes");
  w.BeginArray();
  for (const LookalikeItem& l : report.lookalikes) {
    if (!options.changes_only || IsChange(l)) WriteLookalike(w, report, l);
  }
  w.EndArray();
  for (const auto& [key, problems] :
       {std::pair{"failed_pages", &report.failed_pages},
        std::pair{"missing_pages", &report.missing_pages}}) {
    w.Key(key);
    WriteProblems(*problems, w);
  }
  w.Key("left_out");
  WriteLeftOut(report.left_out, w);
  w.Key("acknowledged_pages");
  w.BeginArray();
  for (const AcknowledgedPage& p : report.acknowledged_pages) {
    w.BeginObject();
    w.Key("url");
    w.String(p.page.url);
    w.Key("reason");
    w.String(p.page.reason);
    Ack(w, p.acknowledged);
    w.EndObject();
  }
  w.EndArray();
  w.Key("institutions");
  w.BeginArray();
  for (const InstitutionSummary& s : report.institutions) {
    WriteInstitution(w, s);
  }
  w.EndArray();
  w.Key("scans");
  w.BeginArray();
  for (const ScanRecord& s : report.scans) WriteScanJson(s, w);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace domex::reports
