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

template <typename Key, typename Item>
std::vector<Item> ToVector(std::map<Key, Item>& items) {
  std::vector<Item> out;
  for (auto& [key, item] : items) out.push_back(std::move(item));
  return out;
}

// First and last scan (up to `latest`) in which `seen` held for an item.
// Also the runs of consecutive scans: `index` is the scan's position in
// the list of scans, so a gap in it starts a new run.
struct Span {
  uint64_t first = 0;
  uint64_t last = 0;
  std::vector<std::pair<uint64_t, uint64_t>> runs;
  size_t last_index = 0;
  void Add(uint64_t scan, size_t index) {
    if (first == 0) first = scan;
    if (runs.empty() || index != last_index + 1) {
      runs.push_back({scan, scan});
    } else {
      runs.back().second = scan;
    }
    last = scan;
    last_index = index;
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
    const ScanHistory& h, const store::ScanRecord& latest, uint64_t since,
    const std::set<std::string>& institutions) {
  std::map<AddressKey, Span> spans;
  for (size_t i = 0; i < h.scans.size() && h.scans[i].id <= latest.id; ++i) {
    for (const AddressSighting& a : Of(h.addresses, h.scans[i].id)) {
      if (!a.unchecked) spans[KeyOf(a)].Add(h.scans[i].id, i);
    }
  }
  const auto now =
      Index<AddressSighting, AddressKey>(Of(h.addresses, latest.id));
  const auto before =
      Index<AddressSighting, AddressKey>(Of(h.addresses, since));
  std::map<AddressKey, AddressItem> items;
  auto add = [&](const AddressSighting& a, ItemStatus status) {
    AddressItem item;
    item.institution = a.institution;
    item.address = a.address;
    item.forms = a.forms;
    // An unchecked sighting's pages are the ones not checked this time
    // (for "gone", they are simply where it was last known).
    const bool not_checked = a.unchecked && status != ItemStatus::kGone;
    (not_checked ? item.not_checked_pages : item.pages) = a.pages;
    item.sites = a.sites;
    item.harvestable_by = HarvestableBy(a.forms);
    item.status = status;
    item.first_seen = spans[KeyOf(a)].first;
    item.last_seen = spans[KeyOf(a)].last;
    item.seen_in = spans[KeyOf(a)].runs;
    items[KeyOf(a)] = std::move(item);
  };
  for (const auto& [key, a] : now) {
    const bool was = since != 0 && before.count(key) > 0;
    // Its pages failed this time: still there as far as anyone knows.
    if (a->unchecked && !was) continue;
    add(*a, was ? ItemStatus::kPresent : ItemStatus::kNew);
  }
  // An unfinished scan (stopped, or its crawl out of time) saw only part of
  // the sites: what it did not see is not gone. A complete one that knows
  // an address on no page at all (not even one not checked this time, see
  // AttributeFindings) checked them all: gone, even when the earlier scan
  // knew it only from pages it could not check.
  if (!latest.finished) return ToVector(items);
  for (const auto& [key, a] : before) {
    if (now.count(key) == 0 && institutions.count(a->institution) > 0) {
      add(*a, ItemStatus::kGone);
    }
  }
  return ToVector(items);
}

// What a scan knew of a lookalike: it exists (a registered or wildcard
// sighting), it does not (its origin was checked and it was not seen), or
// nothing (unknown, or its origin not checked).
enum class Known { kExists, kAbsent, kNothing };

struct ScanLookalikes {
  const store::ScanRecord* scan;
  std::map<LookalikeKey, const LookalikeSighting*> sightings;
  std::set<std::string> checked;
  Known StateOf(const LookalikeKey& key) const {
    auto it = sightings.find(key);
    if (it != sightings.end()) {
      return Exists(it->second->lookalike) ? Known::kExists : Known::kNothing;
    }
    return checked.count(std::get<1>(key)) > 0 ? Known::kAbsent
                                               : Known::kNothing;
  }
};

std::vector<LookalikeItem> CompareLookalikes(
    const ScanHistory& h, const store::ScanRecord& latest, uint64_t since,
    const std::set<std::string>& institutions) {
  std::vector<ScanLookalikes> scans;  // oldest first, up to latest
  std::set<LookalikeKey> keys;
  for (const store::ScanRecord& scan : h.scans) {
    if (scan.id > latest.id) break;
    ScanLookalikes s{
        &scan,
        Index<LookalikeSighting, LookalikeKey>(Of(h.lookalikes, scan.id)),
        {scan.checked_origins.begin(), scan.checked_origins.end()}};
    for (const auto& [key, sighting] : s.sightings) keys.insert(key);
    scans.push_back(std::move(s));
  }
  std::vector<LookalikeItem> out;
  for (const LookalikeKey& key : keys) {
    if (institutions.count(std::get<0>(key)) == 0) continue;
    Span span;
    const LookalikeSighting* last_existing = nullptr;  // up to `since`
    Known before = Known::kNothing;  // the last thing known up to `since`
    std::vector<LookalikeState> history;
    for (size_t i = 0; i < scans.size(); ++i) {
      const ScanLookalikes& s = scans[i];
      const Known k = s.StateOf(key);
      if (k == Known::kExists) span.Add(s.scan->id, i);
      if (k != Known::kNothing) {
        LookalikeState state{s.scan->id, "unregistered", "none"};
        if (k == Known::kExists) {
          const LookalikeRecord& r = s.sightings.at(key)->lookalike;
          state.verdict = r.verdict;
          state.mail = r.mail;
        }
        if (history.empty() || history.back().verdict != state.verdict ||
            history.back().mail != state.mail) {
          history.push_back(std::move(state));
        }
      }
      if (s.scan->id > since || s.scan->id == latest.id) continue;
      if (k != Known::kNothing) before = k;
      if (k == Known::kExists) last_existing = s.sightings.at(key);
    }
    const ScanLookalikes& now = scans.back();
    const Known k = now.StateOf(key);
    auto it = now.sightings.find(key);
    LookalikeItem item;
    item.institution = std::get<0>(key);
    item.first_seen = span.first;
    item.last_seen = span.last;
    item.history = std::move(history);
    const bool existed = since != 0 && before == Known::kExists;
    if (k == Known::kExists) {
      item.record = it->second->lookalike;
      if (!existed) {
        item.status = ItemStatus::kNew;
      } else {
        item.changes = Changes(last_existing->lookalike, item.record);
        item.status =
            item.changes.empty() ? ItemStatus::kPresent : ItemStatus::kChanged;
      }
    } else if (k == Known::kAbsent) {
      if (!existed) continue;
      item.record = last_existing->lookalike;
      item.status = ItemStatus::kGone;
    } else {
      // Unknown now, or not looked at: listed only if it existed, as it was.
      if (last_existing == nullptr || before != Known::kExists) continue;
      item.record = it != now.sightings.end() ? it->second->lookalike
                                              : last_existing->lookalike;
      item.status = ItemStatus::kPresent;
    }
    out.push_back(std::move(item));
  }
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
  if (since == 0) {
    // The last complete scan before: a partial one is no baseline.
    for (auto it = history.scans.begin(); it != latest_scan; ++it) {
      if (it->finished) since = it->id;
    }
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
  report.missing_pages = history.missing_pages;
  report.left_out = history.left_out;
  std::set<std::string> names;
  for (const store::InstitutionRecord& i : latest_scan->institution_list) {
    names.insert(i.name);
  }
  report.addresses = CompareAddresses(history, *latest_scan, since, names);
  report.lookalikes = CompareLookalikes(history, *latest_scan, since, names);
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
  ApplyAcknowledgements(latest_scan->acknowledgements, latest_scan->started_at,
                        &report);
  return report;
}

}  // namespace domex::reports
