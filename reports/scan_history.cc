#include "reports/scan_history.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "reports/lookalike_report.h"
#include "store/lookalike_history.h"

namespace domex::reports {
namespace {

using store::AddressSighting;
using store::LookalikeRecord;
using store::LookalikeSighting;

using AddressKey = std::pair<std::string, std::string>;  // institution, address
using LookalikeKey = std::tuple<std::string, std::string, std::string>;

AddressKey KeyOf(const AddressSighting& a) {
  return {a.institution, a.address};
}
LookalikeKey KeyOf(const LookalikeSighting& l) {
  return {l.institution, l.lookalike.origin, l.lookalike.domain};
}

bool Exists(const LookalikeRecord& r) { return store::LookalikeExists(r); }

template <typename Sighting>
const std::vector<Sighting>& Of(
    const std::map<uint64_t, std::vector<Sighting>>& by_scan, uint64_t scan) {
  static const std::vector<Sighting> kNone;
  auto it = by_scan.find(scan);
  return it == by_scan.end() ? kNone : it->second;
}

template <typename Sighting, typename Key>
std::map<Key, const Sighting*> Index(const std::vector<Sighting>& sightings) {
  std::map<Key, const Sighting*> out;
  for (const Sighting& s : sightings) out[KeyOf(s)] = &s;
  return out;
}

// First and last scan (up to `latest`) in which `seen` held for an item.
struct Span {
  uint64_t first = 0;
  uint64_t last = 0;
  void Add(uint64_t scan) {
    if (first == 0) first = scan;
    last = scan;
  }
};

void ListChange(const std::string& what, const std::vector<std::string>& before,
                const std::vector<std::string>& now,
                std::vector<std::string>* changes) {
  std::set<std::string> b(before.begin(), before.end());
  std::set<std::string> n(now.begin(), now.end());
  for (const std::string& x : n) {
    if (b.count(x) == 0) changes->push_back(what + " +" + x);
  }
  for (const std::string& x : b) {
    if (n.count(x) == 0) changes->push_back(what + " -" + x);
  }
}

// What differs between two checks of an existing lookalike, in words.
std::vector<std::string> Changes(const LookalikeRecord& before,
                                 const LookalikeRecord& now) {
  std::vector<std::string> changes;
  if (before.verdict != now.verdict) {
    changes.push_back("verdict " + before.verdict + " -> " + now.verdict);
  }
  if (before.mail != now.mail) {
    changes.push_back("mail " + before.mail + " -> " + now.mail);
  }
  ListChange("MX", before.mx, now.mx, &changes);
  ListChange("A", before.a, now.a, &changes);
  ListChange("AAAA", before.aaaa, now.aaaa, &changes);
  ListChange("NS", before.ns, now.ns, &changes);
  return changes;
}

std::vector<AddressItem> CompareAddresses(
    const ScanHistory& h, uint64_t latest, uint64_t since,
    const std::set<std::string>& institutions) {
  std::map<AddressKey, Span> spans;
  for (const store::ScanRecord& scan : h.scans) {
    if (scan.id > latest) break;
    for (const AddressSighting& a : Of(h.addresses, scan.id)) {
      spans[KeyOf(a)].Add(scan.id);
    }
  }
  const auto now = Index<AddressSighting, AddressKey>(Of(h.addresses, latest));
  const auto before =
      Index<AddressSighting, AddressKey>(Of(h.addresses, since));
  std::map<AddressKey, AddressItem> items;
  auto add = [&](const AddressSighting& a, ItemStatus status) {
    AddressItem item;
    item.institution = a.institution;
    item.address = a.address;
    item.forms = a.forms;
    item.pages = a.pages;
    item.sites = a.sites;
    item.harvestable_by = HarvestableBy(a.forms);
    item.status = status;
    item.first_seen = spans[KeyOf(a)].first;
    item.last_seen = spans[KeyOf(a)].last;
    items[KeyOf(a)] = std::move(item);
  };
  for (const auto& [key, a] : now) {
    add(*a, since == 0 || before.count(key) == 0 ? ItemStatus::kNew
                                                 : ItemStatus::kPresent);
  }
  for (const auto& [key, a] : before) {
    if (now.count(key) == 0 && institutions.count(a->institution) > 0) {
      add(*a, ItemStatus::kGone);
    }
  }
  std::vector<AddressItem> out;
  for (auto& [key, item] : items) out.push_back(std::move(item));
  return out;
}

std::vector<LookalikeItem> CompareLookalikes(
    const ScanHistory& h, uint64_t latest, uint64_t since,
    const std::set<std::string>& institutions) {
  std::map<LookalikeKey, Span> spans;
  for (const store::ScanRecord& scan : h.scans) {
    if (scan.id > latest) break;
    for (const LookalikeSighting& l : Of(h.lookalikes, scan.id)) {
      if (Exists(l.lookalike)) spans[KeyOf(l)].Add(scan.id);
    }
  }
  const auto now =
      Index<LookalikeSighting, LookalikeKey>(Of(h.lookalikes, latest));
  const auto before =
      Index<LookalikeSighting, LookalikeKey>(Of(h.lookalikes, since));
  std::map<LookalikeKey, LookalikeItem> items;
  auto add = [&](const LookalikeSighting& l, ItemStatus status,
                 std::vector<std::string> changes) {
    LookalikeItem item;
    item.institution = l.institution;
    item.record = l.lookalike;
    item.status = status;
    item.changes = std::move(changes);
    item.first_seen = spans[KeyOf(l)].first;
    item.last_seen = spans[KeyOf(l)].last;
    items[KeyOf(l)] = std::move(item);
  };
  for (const auto& [key, l] : now) {
    auto was = before.find(key);
    const bool existed = was != before.end() && Exists(was->second->lookalike);
    if (!Exists(l->lookalike)) {
      // Unknown now: it may still exist; only what existed is worth listing.
      if (existed || since == 0) add(*l, ItemStatus::kPresent, {});
      continue;
    }
    if (since == 0 || !existed) {
      add(*l, ItemStatus::kNew, {});
      continue;
    }
    std::vector<std::string> changes =
        Changes(was->second->lookalike, l->lookalike);
    const ItemStatus status =
        changes.empty() ? ItemStatus::kPresent : ItemStatus::kChanged;
    add(*l, status, std::move(changes));
  }
  for (const auto& [key, l] : before) {
    if (now.count(key) == 0 && Exists(l->lookalike) &&
        institutions.count(l->institution) > 0) {
      add(*l, ItemStatus::kGone, {});
    }
  }
  std::vector<LookalikeItem> out;
  for (auto& [key, item] : items) out.push_back(std::move(item));
  return out;
}

bool IsCurrent(ItemStatus s) { return s != ItemStatus::kGone; }

}  // namespace

Result<ScanReport> BuildScanReport(const ScanHistory& history, uint64_t latest,
                                   uint64_t since) {
  auto find = [&](uint64_t id) {
    return std::find_if(
        history.scans.begin(), history.scans.end(),
        [id](const store::ScanRecord& s) { return s.id == id; });
  };
  auto latest_scan = find(latest);
  if (latest_scan == history.scans.end()) {
    return Status::NotFound("no scan " + std::to_string(latest));
  }
  if (since == 0 && latest_scan != history.scans.begin()) {
    since = std::prev(latest_scan)->id;
  } else if (since != 0 &&
             (since >= latest || find(since) == history.scans.end())) {
    return Status::NotFound("no scan " + std::to_string(since) +
                            " before scan " + std::to_string(latest));
  }
  ScanReport report;
  report.scans = history.scans;
  report.latest = latest;
  report.since = since;
  report.failed_pages = history.failed_pages;
  std::set<std::string> names;
  for (const store::InstitutionRecord& i : latest_scan->institution_list) {
    names.insert(i.name);
  }
  report.addresses = CompareAddresses(history, latest, since, names);
  report.lookalikes = CompareLookalikes(history, latest, since, names);
  for (const store::InstitutionRecord& i : latest_scan->institution_list) {
    InstitutionSummary s;
    s.name = i.name;
    s.sites = i.sites;
    s.domains = i.domains;
    auto pages = history.pages.find(i.name);
    if (pages != history.pages.end()) {
      s.pages_checked = pages->second.first;
      s.pages_failed = pages->second.second;
    }
    for (const AddressItem& a : report.addresses) {
      if (a.institution == i.name && IsCurrent(a.status)) ++s.addresses;
    }
    for (const LookalikeItem& l : report.lookalikes) {
      if (l.institution != i.name || !IsCurrent(l.status) ||
          !Exists(l.record)) {
        continue;
      }
      ++s.lookalikes_registered;
      if (TakesMail(l.record)) ++s.lookalikes_take_mail;
    }
    report.institutions.push_back(std::move(s));
  }
  return report;
}

}  // namespace domex::reports
