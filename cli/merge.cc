#include "cli/merge.h"

#include <algorithm>
#include <set>

namespace domex::cli {

store::ScanRecord MergeScans(const std::vector<store::ScanRecord>& parts,
                             size_t shards) {
  store::ScanRecord m;
  if (parts.empty()) return m;
  m.id = parts.front().id;
  m.started_at = parts.front().started_at;
  m.config_path = parts.front().config_path;
  m.config_digest = parts.front().config_digest;
  m.finished = parts.size() == shards;
  std::set<std::string> origins, names;
  for (const store::ScanRecord& p : parts) {
    m.started_at = std::min(m.started_at, p.started_at);
    m.finished_at = std::max(m.finished_at, p.finished_at);
    m.finished = m.finished && p.finished;
    for (const store::InstitutionRecord& i : p.institution_list) {
      if (names.insert(i.name).second) m.institution_list.push_back(i);
    }
    origins.insert(p.checked_origins.begin(), p.checked_origins.end());
    m.sites += p.sites;
    m.pages_checked += p.pages_checked;
    m.pages_failed += p.pages_failed;
    m.addresses += p.addresses;
    m.lookalikes += p.lookalikes;
    m.lookalikes_registered += p.lookalikes_registered;
    m.lookalikes_unknown += p.lookalikes_unknown;
    m.errors.insert(m.errors.end(), p.errors.begin(), p.errors.end());
  }
  if (!m.finished) m.finished_at = 0;
  m.institutions = static_cast<int>(m.institution_list.size());
  m.checked_origins.assign(origins.begin(), origins.end());
  return m;
}

}  // namespace domex::cli
