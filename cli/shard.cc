#include "cli/shard.h"

#include <charconv>
#include <cstdint>

namespace domex::cli {
namespace {

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool ParseInt(std::string_view s, int* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<Shard> ParseShard(std::string_view text) {
  constexpr int kMaxShards = 10000;
  const size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos ||
      !ParseInt(text.substr(0, slash), &shard.index) ||
      !ParseInt(text.substr(slash + 1), &shard.count) || shard.index < 1 ||
      shard.count < shard.index || shard.count > kMaxShards) {
    return Status::InvalidArgument(
        "option '--shard' wants K/N with 1 <= K <= N <= 10000, not '" +
        std::string(text) + "'");
  }
  return shard;
}

std::vector<InstitutionConfig> ShardOf(
    const std::vector<InstitutionConfig>& all, const Shard& shard) {
  std::vector<InstitutionConfig> out;
  for (const InstitutionConfig& i : all) {
    if (Fnv1a(i.name) % static_cast<uint64_t>(shard.count) ==
        static_cast<uint64_t>(shard.index - 1)) {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace domex::cli
