// Merging shard stores (`domex merge`): the scans of N shards that ran the
// same nights, as if one process had scanned every institution. Pure parts
// here; the command copies records between stores.
#pragma once

#include <vector>

#include "store/records.h"

namespace domex::cli {

// One scan record from the records shards keep under the same id: earliest
// start, latest end, finished only if every shard's is (and every shard has
// it: `shards` is the number of stores merged), institutions and errors in
// shard order, checked domains and counts combined. The crawl generation
// is left 0 (the merged store renumbers pages).
store::ScanRecord MergeScans(const std::vector<store::ScanRecord>& parts,
                             size_t shards);

}  // namespace domex::cli
