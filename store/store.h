// Store: domex's persistent state in one RocksDB directory.
//
// One process at a time: Open takes RocksDB's lock, and a second process gets
// kBusy at once instead of waiting. Every mutation is one atomic WriteBatch,
// so a crash or kill -9 leaves either all of a page's outcome (record,
// findings, frontier changes) or none of it. A full disk fails the write
// that meets it, and every later one, with kIoError "the disk is full";
// everything acknowledged before stays readable. Not thread-safe: one
// thread uses a Store.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/records.h"

namespace domex::store {

class Store {
 public:
  virtual ~Store() = default;

  // Opens or creates the store in `dir`: the directory 0700 and every file
  // RocksDB makes in it 0600, whatever the umask (an existing store with
  // looser modes is tightened). A new store, or one made before the format
  // marker (store_format.h), is marked. kBusy when another process has it
  // open; kInvalidArgument for an empty path, a directory holding other
  // files, another program's database or a newer store format (each left
  // untouched); kIoError/kCorruption when it cannot be read. The message
  // names `dir` and the problem in one line.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir);

  // Opens an existing store for reading only (reports); writes nothing, not
  // even the format marker. kNotFound when there is no store in `dir`;
  // refuses what Open refuses. Works while a crawl holds the lock.
  static Result<std::unique_ptr<Store>> OpenReadOnly(const std::string& dir);

  // The latest crawl's state, or nullopt in a new store.
  virtual Result<std::optional<CrawlState>> LoadCrawlState() = 0;
  virtual Status SaveCrawlState(const CrawlState& state) = 0;

  // In one atomic batch: drops every frontier entry and sitemap usage (what
  // an abandoned crawl left), saves `state` and enqueues `start` for
  // state.generation.
  // A crash leaves either the old crawl or the new one, never a new state
  // with an empty frontier. Returns the entries added.
  virtual Result<std::vector<FrontierEntry>> StartCrawl(
      const CrawlState& state, const std::vector<FrontierEntry>& start) = 0;

  // Entries waiting to be visited, in `seq` order.
  virtual Result<std::vector<FrontierEntry>> LoadFrontier() = 0;

  // Adds entries whose URL was not yet seen in `generation`, marks them
  // seen, and returns the entries actually added (with `seq` assigned).
  virtual Result<std::vector<FrontierEntry>> Enqueue(
      uint64_t generation, const std::vector<FrontierEntry>& entries) = 0;

  // In one atomic batch: stores `page` (replacing any earlier record of its
  // URL), removes `visited` from the frontier (nothing for seq 0, which the
  // store never assigns: a page recorded without being queued), and
  // enqueues `discovered` as Enqueue does. Returns the entries actually
  // added.
  virtual Result<std::vector<FrontierEntry>> CommitPage(
      const PageRecord& page, const FrontierEntry& visited,
      const std::vector<FrontierEntry>& discovered) = 0;

  // In one atomic batch: removes a sitemap's frontier entry (no page is
  // recorded), stores `usage` (its site's sitemap budgets as used so far,
  // replacing the earlier record of usage.site), and enqueues `discovered`
  // in `generation` as Enqueue does. Returns the entries actually added.
  virtual Result<std::vector<FrontierEntry>> CommitVisit(
      const FrontierEntry& visited, uint64_t generation,
      const SitemapUsage& usage,
      const std::vector<FrontierEntry>& discovered) = 0;

  // The sitemap usage of each site in crawl `generation` (StartCrawl drops
  // that of earlier crawls).
  virtual Result<std::vector<SitemapUsage>> LoadSitemapUsage(
      uint64_t generation) = 0;

  virtual Result<std::optional<PageRecord>> GetPage(const std::string& url) = 0;

  // Calls `fn` for every stored page in URL order until it returns false.
  virtual Status ForEachPage(
      const std::function<bool(const PageRecord&)>& fn) = 0;

  // In one atomic batch: records the outcome of checking each lookalike
  // (see MergeLookalikeCheck: first/last seen are carried over from the
  // stored record of the same origin and domain, which is replaced). Returns
  // the records as stored.
  virtual Result<std::vector<LookalikeRecord>> RecordLookalikeChecks(
      const std::vector<LookalikeRecord>& checks) = 0;

  // Calls `fn` for every stored lookalike of `origin` (every origin when
  // empty), in (origin, domain) order, until it returns false.
  virtual Status ForEachLookalike(
      const std::string& origin,
      const std::function<bool(const LookalikeRecord&)>& fn) = 0;

  // Stores a new scan record with the next id (one more than the last
  // scan's) and returns it with its id.
  virtual Result<ScanRecord> BeginScan(ScanRecord scan) = 0;
  // Replaces the record of scan.id (which BeginScan returned).
  virtual Status SaveScan(const ScanRecord& scan) = 0;
  // Calls `fn` for every scan in id order until it returns false.
  virtual Status ForEachScan(
      const std::function<bool(const ScanRecord&)>& fn) = 0;

  // In one atomic batch: what scan `scan_id` saw (replacing what was saved
  // for it before, so a repeated save does not duplicate).
  virtual Status SaveSightings(
      uint64_t scan_id, const std::vector<AddressSighting>& addresses,
      const std::vector<LookalikeSighting>& lookalikes) = 0;
  // What scan `scan_id` saw, by institution then address (or origin and
  // domain), until `fn` returns false.
  virtual Status ForEachAddressSighting(
      uint64_t scan_id,
      const std::function<bool(const AddressSighting&)>& fn) = 0;
  virtual Status ForEachLookalikeSighting(
      uint64_t scan_id,
      const std::function<bool(const LookalikeSighting&)>& fn) = 0;

  // Durably flushes the write-ahead log (end of a run).
  virtual Status Sync() = 0;
};

}  // namespace domex::store
