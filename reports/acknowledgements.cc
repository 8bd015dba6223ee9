// ApplyAcknowledgements (scan_report.h).
#include <map>
#include <utility>

#include "common/text.h"
#include "reports/scan_report.h"
#include "reports/time_text.h"

namespace domex::reports {
namespace {

using Key = std::pair<std::string, std::string>;  // kind, value

std::optional<AckState> Find(const std::map<Key, AckState>& acks,
                             const std::string& kind,
                             const std::string& value) {
  auto it = acks.find({kind, value});
  if (it == acks.end()) return std::nullopt;
  return it->second;
}

// Keeps the problems no standing acknowledgement names; moves the others.
void MovePages(const std::map<Key, AckState>& acks,
               std::vector<PageProblem>* pages,
               std::vector<AcknowledgedPage>* acknowledged) {
  std::vector<PageProblem> kept;
  for (PageProblem& p : *pages) {
    std::optional<AckState> ack = Find(acks, "page", p.url);
    if (ack && !ack->expired) {
      acknowledged->push_back({std::move(p), *ack});
    } else {
      kept.push_back(std::move(p));
    }
  }
  *pages = std::move(kept);
}

}  // namespace

bool AcknowledgementStands(const std::vector<store::Acknowledgement>& acks,
                           const std::string& kind, const std::string& value,
                           int64_t now) {
  const std::string today = UtcDate(now);
  for (const store::Acknowledgement& a : acks) {
    if (a.kind == kind && a.value == value &&
        (a.expires.empty() || a.expires >= today)) {
      return true;
    }
  }
  return false;
}

void ApplyAcknowledgements(const std::vector<store::Acknowledgement>& list,
                           int64_t now, ScanReport* report) {
  if (list.empty()) return;
  const std::string today = UtcDate(now);
  std::map<Key, AckState> acks;
  for (const store::Acknowledgement& a : list) {
    acks[{a.kind, a.value}] = {a.reason, a.expires,
                               !a.expires.empty() && a.expires < today};
  }
  for (AddressItem& a : report->addresses) {
    a.acknowledged = Find(acks, "address", AsciiLower(a.address));
  }
  for (LookalikeItem& l : report->lookalikes) {
    l.acknowledged = Find(acks, "lookalike", l.record.domain);
  }
  MovePages(acks, &report->failed_pages, &report->acknowledged_pages);
  MovePages(acks, &report->missing_pages, &report->acknowledged_pages);
}

}  // namespace domex::reports
