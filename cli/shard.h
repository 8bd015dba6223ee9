// `domex scan --shard K/N`: which institutions one of N machines scans.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/scan_config.h"
#include "common/status.h"

namespace domex::cli {

struct Shard {
  int index = 1;  // K, from 1
  int count = 1;  // N
};

// "K/N" with 1 <= K <= N <= 10000; the error names the flag.
Result<Shard> ParseShard(std::string_view text);

// The institutions of `all` that shard `shard` scans: those whose name's
// FNV-1a hash is K-1 modulo N. Stable across runs, machines and config
// order, so an institution stays on its shard as others come and go; the N
// shards together cover every institution exactly once.
std::vector<InstitutionConfig> ShardOf(
    const std::vector<InstitutionConfig>& all, const Shard& shard);

}  // namespace domex::cli
