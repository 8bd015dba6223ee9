#include "reports/scan_report.h"

#include <algorithm>
#include <map>

#include "reports/lookalike_report.h"
#include "reports/scan_view.h"
#include "reports/time_text.h"
#include "store/lookalike_history.h"

namespace domex::reports {
namespace {

using store::LookalikeRecord;

// Registered before wildcard before unknown before the rest.
int VerdictRank(const LookalikeRecord& r) {
  if (r.verdict == "registered") return 0;
  if (r.verdict == "wildcard") return 1;
  if (r.verdict == "unknown") return 2;
  return 3;
}

bool Listed(const LookalikeItem& item) {
  return Exists(item.record) || item.record.verdict == "unknown" ||
         item.status == ItemStatus::kChanged;
}

void SortLookalikes(std::vector<const LookalikeItem*>* items) {
  std::stable_sort(items->begin(), items->end(),
                   [](const LookalikeItem* a, const LookalikeItem* b) {
                     const int ra = VerdictRank(a->record);
                     const int rb = VerdictRank(b->record);
                     if (ra != rb) return ra < rb;
                     return TakesMail(a->record) && !TakesMail(b->record);
                   });
}

ChangeCounts CountChanges(const ScanReport& r) {
  ChangeCounts c;
  for (const AddressItem& a : r.addresses) {
    if (!IsChange(a)) continue;
    if (a.status == ItemStatus::kNew) ++c.new_addresses;
    if (a.status == ItemStatus::kGone) ++c.gone_addresses;
    if (a.status == ItemStatus::kPresent) ++c.lapsed_acknowledgements;
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (!IsChange(l)) continue;
    if (l.status == ItemStatus::kNew) ++c.new_lookalikes;
    if (l.status == ItemStatus::kChanged) ++c.changed_lookalikes;
    if (l.status == ItemStatus::kGone) ++c.gone_lookalikes;
    if (l.status == ItemStatus::kPresent) ++c.lapsed_acknowledgements;
  }
  return c;
}

// Institutions by name, in config order, then the others by name.
std::vector<InstitutionView> EmptyInstitutions(const ScanReport& r) {
  std::vector<InstitutionView> out;
  std::map<std::string, size_t> index;
  for (const InstitutionSummary& s : r.institutions) {
    if (index.count(s.name) != 0) continue;
    index[s.name] = out.size();
    InstitutionView view;
    view.name = s.name;
    view.summary = &s;
    out.push_back(std::move(view));
  }
  std::map<std::string, bool> others;
  for (const AddressItem& a : r.addresses) {
    if (index.count(a.institution) == 0) others[a.institution] = true;
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (index.count(l.institution) == 0) others[l.institution] = true;
  }
  for (const auto& [name, unused] : others) {
    InstitutionView view;
    view.name = name;
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace

const char* ItemStatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kNew:
      return "new";
    case ItemStatus::kPresent:
      return "present";
    case ItemStatus::kGone:
      return "gone";
    case ItemStatus::kChanged:
      return "changed";
  }
  return "present";
}

bool Exists(const LookalikeRecord& record) {
  return store::LookalikeExists(record);
}

bool Acknowledged(const std::optional<AckState>& ack) {
  return ack && !ack->expired;
}

bool Lapsed(const std::optional<AckState>& ack) { return ack && ack->expired; }

bool IsChange(const AddressItem& item) {
  if (Acknowledged(item.acknowledged)) return false;
  if (Lapsed(item.acknowledged)) return true;
  return item.status != ItemStatus::kPresent;
}

bool IsChange(const LookalikeItem& item) {
  if (Acknowledged(item.acknowledged)) return false;
  if (Lapsed(item.acknowledged) && item.status != ItemStatus::kGone) {
    return Exists(item.record);
  }
  switch (item.status) {
    case ItemStatus::kPresent:
      return false;
    case ItemStatus::kNew:
      return Exists(item.record);
    case ItemStatus::kGone:
    case ItemStatus::kChanged:
      return true;
  }
  return false;
}

bool NeedsAction(const AddressItem& item) {
  if (Acknowledged(item.acknowledged)) return false;
  return item.status == ItemStatus::kNew ||
         (Lapsed(item.acknowledged) && item.status != ItemStatus::kGone);
}

bool NeedsAction(const LookalikeItem& item) {
  if (Acknowledged(item.acknowledged)) return false;
  return (item.status == ItemStatus::kNew ||
          item.status == ItemStatus::kChanged ||
          (Lapsed(item.acknowledged) && item.status != ItemStatus::kGone)) &&
         Exists(item.record) && TakesMail(item.record);
}

ScanView MakeScanView(const ScanReport& r, const RenderOptions& options) {
  ScanView v;
  v.changes = CountChanges(r);
  if (options.changes_only && v.changes.Total() == 0) {
    v.render_nothing = true;
    return v;
  }
  for (const AddressItem& a : r.addresses) {
    if (NeedsAction(a)) v.action_addresses.push_back(&a);
  }
  std::stable_sort(v.action_addresses.begin(), v.action_addresses.end(),
                   [](const AddressItem* a, const AddressItem* b) {
                     return a->harvestable_by != "js-capable" &&
                            b->harvestable_by == "js-capable";
                   });
  for (const LookalikeItem& l : r.lookalikes) {
    if (NeedsAction(l)) v.action_lookalikes.push_back(&l);
  }

  v.institutions = EmptyInstitutions(r);
  std::map<std::string, InstitutionView*> by_name;
  for (InstitutionView& i : v.institutions) by_name[i.name] = &i;
  for (const AddressItem& a : r.addresses) {
    if (Acknowledged(a.acknowledged)) {
      if (!options.changes_only) v.acknowledged_addresses.push_back(&a);
      continue;
    }
    if (options.changes_only && !IsChange(a)) continue;
    InstitutionView* i = by_name[a.institution];
    (a.status == ItemStatus::kGone ? i->gone_addresses : i->addresses)
        .push_back(&a);
  }
  for (const LookalikeItem& l : r.lookalikes) {
    if (Acknowledged(l.acknowledged)) {
      if (!options.changes_only) v.acknowledged_lookalikes.push_back(&l);
      continue;
    }
    if (options.changes_only && !IsChange(l)) continue;
    InstitutionView* i = by_name[l.institution];
    if (l.status == ItemStatus::kGone) {
      i->gone_lookalikes.push_back(&l);
    } else if (Listed(l)) {
      i->lookalikes.push_back(&l);
    } else {
      ++i->unregistered;
    }
  }
  for (InstitutionView& i : v.institutions) SortLookalikes(&i.lookalikes);
  if (options.changes_only) {
    v.institutions.erase(
        std::remove_if(v.institutions.begin(), v.institutions.end(),
                       [](const InstitutionView& i) { return i.Empty(); }),
        v.institutions.end());
  }
  return v;
}

const store::ScanRecord* FindScan(const ScanReport& report, uint64_t id) {
  for (const store::ScanRecord& s : report.scans) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

namespace {

std::string ScanWhen(const ScanReport& r, uint64_t id) {
  std::string out = "scan " + std::to_string(id);
  const int64_t started = ScanStartedAt(r, id);
  if (started != 0) out += " (started " + UtcDateTime(started) + ")";
  return out;
}

}  // namespace

std::string ReportTitle(const ScanReport& report) {
  if (report.latest == 0) return "domex report: the latest crawl";
  return "domex scan report: scan " + std::to_string(report.latest);
}

std::string ReportSubject(const ScanReport& r) {
  if (r.latest == 0) {
    return "the latest crawl and lookalike checks, with nothing to compare "
           "(no scan recorded: 'domex scan' compares each run with the one "
           "before): everything is new";
  }
  if (r.since == 0) {
    return ScanWhen(r, r.latest) + ", the first scan: everything is new";
  }
  return ScanWhen(r, r.latest) + ", compared with " + ScanWhen(r, r.since);
}

int64_t ScanStartedAt(const ScanReport& report, uint64_t id) {
  const store::ScanRecord* s = FindScan(report, id);
  return s == nullptr ? 0 : s->started_at;
}

std::string ScanDay(const ScanReport& report, uint64_t id) {
  if (id == 0) return "";
  const int64_t t = ScanStartedAt(report, id);
  return t == 0 ? "scan " + std::to_string(id) : UtcDate(t);
}

std::string SeenSpan(const ScanReport& report, uint64_t first, uint64_t last) {
  if (last == 0) return "";
  const std::string to = ScanDay(report, last);
  const std::string from = first == 0 ? to : ScanDay(report, first);
  return from == to ? "seen " + to : "seen " + from + " to " + to;
}

std::string JoinList(const std::vector<std::string>& items,
                     const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string MailSummary(const LookalikeRecord& r,
                        std::string (*value)(const std::string&)) {
  auto first = [value](const std::vector<std::string>& v) {
    constexpr size_t kShown = 3;
    std::string out;
    for (size_t i = 0; i < v.size() && i < kShown; ++i) {
      out += (i > 0 ? ", " : "") + value(v[i]);
    }
    return v.size() > kShown ? out + ", ..." : out;
  };
  if (r.mail == "mx") return "MX " + first(r.mx);
  if (r.mail == "implicit") {
    return "implicit MX (address " + first(r.a.empty() ? r.aaaa : r.a) + ")";
  }
  if (r.mail == "null-mx") return "no mail (null MX)";
  if (r.mail == "none") return "no mail";
  return "mail unknown";
}

std::string HarvestableLabel(const std::string& harvestable_by) {
  return harvestable_by == "js-capable" ? "needs a JavaScript-capable harvester"
                                        : "readable by any harvester";
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Truncate(const std::string& s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) continue;
    if (chars == max_chars) return s.substr(0, i) + "\xe2\x80\xa6";
    ++chars;
  }
  return s;
}

std::string ChangesSentence(const ChangeCounts& c) {
  return Plural(c.new_addresses, "new address", "new addresses") + ", " +
         std::to_string(c.gone_addresses) + " gone; " +
         Plural(c.new_lookalikes, "new lookalike", "new lookalikes") + ", " +
         std::to_string(c.changed_lookalikes) + " changed, " +
         std::to_string(c.gone_lookalikes) + " gone" +
         (c.lapsed_acknowledgements == 0
              ? ""
              : "; " + Plural(c.lapsed_acknowledgements,
                              "acknowledgement expired",
                              "acknowledgements expired"));
}

std::vector<PageToFix> PagesToFix(const ScanReport& r) {
  std::map<std::string, PageToFix> by_url;
  for (const AddressItem& a : r.addresses) {
    if (a.status == ItemStatus::kGone || Acknowledged(a.acknowledged)) continue;
    for (const std::string& page : a.pages) {
      PageToFix& p = by_url[page];
      p.url = page;
      p.addresses.push_back(&a);
      p.forms.insert(p.forms.end(), a.forms.begin(), a.forms.end());
    }
  }
  std::vector<PageToFix> out;
  for (auto& [url, page] : by_url) {
    std::sort(page.forms.begin(), page.forms.end());
    page.forms.erase(std::unique(page.forms.begin(), page.forms.end()),
                     page.forms.end());
    std::sort(page.addresses.begin(), page.addresses.end(),
              [](const AddressItem* x, const AddressItem* y) {
                return x->address < y->address;
              });
    page.addresses.erase(
        std::unique(page.addresses.begin(), page.addresses.end(),
                    [](const AddressItem* x, const AddressItem* y) {
                      return x->address == y->address;
                    }),
        page.addresses.end());
    out.push_back(std::move(page));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PageToFix& x, const PageToFix& y) {
                     return x.addresses.size() > y.addresses.size();
                   });
  return out;
}

std::string FormRemedy(const std::string& form) {
  static const std::map<std::string, std::string> kRemedies = {
      {"text",
       "plain text: any harvester reads it; use a contact form or a role "
       "address that filters mail"},
      {"mailto",
       "mailto: link: any harvester reads the link; use a contact form"},
      {"entity",
       "HTML entities (&#64;): every HTML parser decodes them; no protection"},
      {"percent", "%40 escapes: decoded like any URL; no protection"},
      {"at-dot",
       "spelled out (name [at] school [dot] in): harvesters undo it; no "
       "protection"},
      {"split",
       "split by tags or comments: the page's text still shows it; no "
       "protection"},
      {"hidden",
       "hidden on the page: still in its HTML for any harvester; remove it"},
      {"reversed",
       "reversed with CSS: still in the HTML, reversed back by harvesters"},
      {"cloudflare",
       "Cloudflare email protection: the key is in the page, any harvester "
       "decodes it"},
      {"javascript",
       "assembled by JavaScript: a JavaScript-capable harvester still reads "
       "it; use a contact form"},
      {"document",
       "in a linked document (PDF): harvesters read documents too; remove it "
       "or use a role address"},
  };
  auto it = kRemedies.find(form);
  return it == kRemedies.end() ? "" : it->second;
}

std::vector<AckRow> AcknowledgedRows(const ScanReport& r, const ScanView& v) {
  std::vector<AckRow> rows;
  for (const AddressItem* a : v.acknowledged_addresses) {
    rows.push_back(
        {"address", a->address, a->institution, AckText(*a->acknowledged)});
  }
  for (const LookalikeItem* l : v.acknowledged_lookalikes) {
    rows.push_back({"lookalike", l->record.domain, l->institution,
                    AckText(*l->acknowledged)});
  }
  for (const AcknowledgedPage& p : r.acknowledged_pages) {
    rows.push_back(
        {"page", p.page.url, "",
         AckText(p.acknowledged) + "; not checked: " + p.page.reason});
  }
  return rows;
}

std::string AckText(const AckState& ack) {
  std::string out = ack.reason;
  if (!ack.expires.empty()) {
    out += ack.expired ? " (expired " + ack.expires + ")"
                       : " (until " + ack.expires + ")";
  }
  return out;
}

}  // namespace domex::reports
