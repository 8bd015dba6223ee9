// domex merge --db OUT DB...: one store for the report of N shards.
//
// OUT is built anew from the shards: every scan (merged by id, see
// MergeScans), what each scan saw, and the pages of each shard's latest
// crawl (renumbered as one crawl), which is what `domex report` reads. It
// is a report store, not a crawl store: frontiers stay with the shards,
// which keep scanning into their own stores. The merged crawl's state is
// recorded (finished only if every shard's was), so its report never takes
// a crawl cut short for a finished one.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/merge.h"
#include "cli/scan_output.h"
#include "store/store.h"

namespace domex::cli {
namespace {

// The merged store's one crawl generation: that of its latest scan.
constexpr uint64_t kMergedGeneration = 1;

struct Shard {
  std::unique_ptr<store::Store> db;
  std::vector<store::ScanRecord> scans;
};

// The pages of the shard's latest scan's crawl, as one merged crawl.
Status CopyPages(store::Store& from, uint64_t generation, store::Store& to) {
  if (generation == 0) return Status::Ok();
  Status copied = Status::Ok();
  Status s = from.ForEachPage([&](const store::PageRecord& p) {
    if (p.generation != generation) return true;
    store::PageRecord page = p;
    page.generation = kMergedGeneration;
    copied = to.CommitPage(page, store::FrontierEntry(), {}).status();
    return copied.ok();
  });
  return s.ok() ? copied : s;
}

// Folds the state of the crawl a shard's latest scan ran into `merged`: the
// merged crawl finished only if every shard's did, as far as its store
// says (a shard whose state was replaced or cannot be read did not).
void FoldCrawlState(store::Store& shard, uint64_t generation,
                    store::CrawlState* merged) {
  if (generation == 0) return;  // no site to crawl: nothing left unchecked
  Result<std::optional<store::CrawlState>> state = shard.LoadCrawlState();
  if (!state.ok() || !*state || (*state)->generation != generation) {
    merged->finished = false;
    return;
  }
  const store::CrawlState& s = **state;
  merged->start_urls.insert(merged->start_urls.end(), s.start_urls.begin(),
                            s.start_urls.end());
  merged->finished = merged->finished && s.finished;
  merged->ignore_robots = merged->ignore_robots || s.ignore_robots;
  merged->limit_reached = merged->limit_reached || s.limit_reached;
  merged->started_at = std::max(merged->started_at, s.started_at);
  merged->finished_at = std::max(merged->finished_at, s.finished_at);
}

}  // namespace

int MergeCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("merge"));
  if (!args.ok()) return Fail(args.status().message());
  if (!args->Has("db") || args->positional.empty()) {
    return Fail(
        "merge needs --db OUT and the shard stores: "
        "domex merge --db OUT DB...");
  }
  const std::string out = args->Value("db", "");
  struct stat st;
  if (stat(out.c_str(), &st) == 0) {
    return Fail(out +
                " already exists: merge builds a new store (remove the "
                "previous merge first)");
  }
  std::vector<Shard> shards;
  for (const std::string& dir : args->positional) {
    Result<std::unique_ptr<store::Store>> db = store::Store::OpenReadOnly(dir);
    if (!db.ok()) return Fail(db.status().message());
    Shard shard;
    shard.db = std::move(db).value();
    Status s = shard.db->ForEachScan([&](const store::ScanRecord& scan) {
      shard.scans.push_back(scan);
      return true;
    });
    if (!s.ok()) return Fail(s.message());
    if (shard.scans.empty()) return Fail("no scans in " + dir);
    shards.push_back(std::move(shard));
  }
  Result<std::unique_ptr<store::Store>> merged = store::Store::Open(out);
  if (!merged.ok()) return Fail(merged.status().message());

  std::map<uint64_t, std::vector<size_t>> by_id;  // scan id -> shards
  for (size_t i = 0; i < shards.size(); ++i) {
    for (size_t k = 0; k < shards[i].scans.size(); ++k) {
      by_id[shards[i].scans[k].id].push_back(i);
    }
  }
  const uint64_t latest = by_id.rbegin()->first;
  store::CrawlState crawl;
  crawl.generation = kMergedGeneration;
  crawl.finished = true;
  for (const auto& [id, owners] : by_id) {
    std::vector<store::ScanRecord> parts;
    std::vector<store::AddressSighting> addresses;
    std::vector<store::LookalikeSighting> lookalikes;
    for (size_t i : owners) {
      for (const store::ScanRecord& s : shards[i].scans) {
        if (s.id != id) continue;
        parts.push_back(s);
        Status st = LoadSightings(*shards[i].db, id, &addresses, &lookalikes);
        if (st.ok() && id == latest) {
          st = CopyPages(*shards[i].db, s.crawl_generation, **merged);
          FoldCrawlState(*shards[i].db, s.crawl_generation, &crawl);
        }
        if (!st.ok()) return Fail(st.message());
      }
    }
    store::ScanRecord scan = MergeScans(parts, shards.size());
    if (id == latest) scan.crawl_generation = kMergedGeneration;
    Status st = (*merged)->SaveSightings(id, addresses, lookalikes);
    if (st.ok()) st = (*merged)->SaveScan(scan);
    if (!st.ok()) return Fail(st.message());
  }
  std::sort(crawl.start_urls.begin(), crawl.start_urls.end());
  if (!crawl.finished) crawl.finished_at = 0;
  Status synced = (*merged)->SaveCrawlState(crawl);
  if (synced.ok()) synced = (*merged)->Sync();
  if (!synced.ok()) return Fail(synced.message());
  std::printf("merged %zu stores into %s: %zu scans\n", shards.size(),
              out.c_str(), by_id.size());
  return 0;
}

}  // namespace domex::cli
