// Store on RocksDB. Layout (see encoding.h): "p/<url>" page records,
// "f/<seq>" frontier entries, "s/<url>" the generation a URL was last
// enqueued in, "m/..." crawl state and the next frontier seq,
// "l/<origin>/<domain>" lookalike checks, "scan/<id>" scan records,
// "h/<scan>/..." what each scan saw, "m/format" the store's format marker
// (store_format.h).
//
// The store holds every harvested address, so it is its owner's alone: the
// directory is 0700 and every file in it 0600, whatever the umask.
#include <dirent.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "store/encoding.h"
#include "store/lookalike_history.h"
#include "store/store.h"
#include "store/store_format.h"

namespace domex::store {

namespace {

// Every message is one line even when RocksDB's has a newline in it.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

bool Contains(const std::string& s, const char* needle) {
  return s.find(needle) != std::string::npos;
}

// The one place rocksdb::Status becomes domex::Status. The lock conflicts
// come back as IOError: "While lock file" (fcntl says another process holds
// it) and "lock hold by current process" (another DB in this process).
Status FromRocks(const rocksdb::Status& s, const std::string& dir) {
  if (s.ok()) return Status::Ok();
  const std::string what = s.ToString();
  if (Contains(what, "While lock file") ||
      Contains(what, "lock hold by current process")) {
    return Status::Busy("database " + dir + " is in use by another domex run");
  }
  // ENOSPC, from the write that found the disk full or from RocksDB
  // repeating that background error on every later write: the same plain
  // sentence either way. Each acknowledged batch is already in the log.
  if (s.IsNoSpace() || Contains(what, "No space left on device")) {
    return Status::IoError("database " + dir +
                           ": the disk is full (No space left on device); "
                           "what was stored before is kept: free some space "
                           "and run again");
  }
  std::string msg = OneLine("database " + dir + ": " + what);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument() || s.IsNotSupported()) {
    return Status::InvalidArgument(msg);
  }
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain()) {
    return Status::Busy(msg);
  }
  return Status::IoError(msg);
}

// RocksDB 7.8 creates its files 0644 (less the umask) whatever it is asked;
// this file system restricts each file it creates to its owner right after.
// The directory is 0700 by then, so the moment between exposes nothing.
class OwnerOnlyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using rocksdb::FileSystemWrapper::FileSystemWrapper;
  using IOStatus = rocksdb::IOStatus;
  using Opts = rocksdb::FileOptions;
  using Writable = std::unique_ptr<rocksdb::FSWritableFile>;

  const char* Name() const override { return "DomexOwnerOnlyFileSystem"; }

  IOStatus NewWritableFile(const std::string& f, const Opts& o, Writable* r,
                           rocksdb::IODebugContext* d) override {
    return Restrict(f, target()->NewWritableFile(f, o, r, d), r);
  }
  IOStatus ReopenWritableFile(const std::string& f, const Opts& o, Writable* r,
                              rocksdb::IODebugContext* d) override {
    return Restrict(f, target()->ReopenWritableFile(f, o, r, d), r);
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                             const Opts& o, Writable* r,
                             rocksdb::IODebugContext* d) override {
    return Restrict(f, target()->ReuseWritableFile(f, old, o, r, d), r);
  }
  IOStatus NewRandomRWFile(const std::string& f, const Opts& o,
                           std::unique_ptr<rocksdb::FSRandomRWFile>* r,
                           rocksdb::IODebugContext* d) override {
    return Restrict(f, target()->NewRandomRWFile(f, o, r, d), r);
  }
  IOStatus NewLogger(const std::string& f, const rocksdb::IOOptions& o,
                     std::shared_ptr<rocksdb::Logger>* r,
                     rocksdb::IODebugContext* d) override {
    return Restrict(f, target()->NewLogger(f, o, r, d), r);
  }
  IOStatus LockFile(const std::string& f, const rocksdb::IOOptions& o,
                    rocksdb::FileLock** l,
                    rocksdb::IODebugContext* d) override {
    IOStatus s = target()->LockFile(f, o, l, d);
    if (s.ok() && chmod(f.c_str(), 0600) != 0) {
      // The lock is held; RocksDB releases it when Open fails.
      return IOStatus::IOError("cannot make " + f + " private",
                               std::strerror(errno));
    }
    return s;
  }

 private:
  template <typename Handle>
  static IOStatus Restrict(const std::string& f, IOStatus s, Handle* handle) {
    if (s.ok() && chmod(f.c_str(), 0600) != 0) {
      handle->reset();
      return IOStatus::IOError("cannot make " + f + " private",
                               std::strerror(errno));
    }
    return s;
  }
};

rocksdb::Env* OwnerOnlyEnv() {
  // Never destroyed: RocksDB's background threads may use it until exit.
  static rocksdb::Env* env =
      rocksdb::NewCompositeEnv(
          std::make_shared<OwnerOnlyFileSystem>(rocksdb::FileSystem::Default()))
          .release();
  return env;
}

// A CLI opens one DB for one run: keep file handles and log files modest.
rocksdb::Options MakeOptions() {
  rocksdb::Options options;
  options.env = OwnerOnlyEnv();
  options.create_if_missing = true;
  options.max_open_files = 256;
  options.keep_log_file_num = 2;
  options.max_log_file_size = 1 << 20;
  // Without this every run leaves a chatty LOG behind in the store dir.
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  return options;
}

// RocksDB reports a file in the way or a missing parent with messages about
// its internals; checking first gives the user a plain sentence.
Status CheckDirPath(const std::string& dir, bool must_exist) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT && must_exist) {
      return Status::NotFound("no domex database at " + dir);
    }
    if (errno == ENOENT) {
      // RocksDB creates the directory itself, but not its parents.
      std::filesystem::path path =
          std::filesystem::path(dir).lexically_normal();
      if (path.filename().empty()) path = path.parent_path();  // "db/"
      const std::string parent = path.parent_path().string();
      if (parent.empty() || stat(parent.c_str(), &st) == 0) {
        return Status::Ok();
      }
      return Status::IoError("cannot create database " + dir + ": " + parent +
                             " does not exist");
    }
    return Status::IoError("database " + dir + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::IoError("database " + dir + " is not a directory");
  }
  return Status::Ok();
}

// The first key after every key that starts with `prefix` (which does not
// end in 0xff).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  ++end.back();
  return end;
}

// The names in `dir`, without "." and "..".
Result<std::vector<std::string>> ListDir(const std::string& dir) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir.c_str()), closedir);
  if (!d) {
    return Status::IoError("database " + dir + ": " + std::strerror(errno));
  }
  std::vector<std::string> names;
  while (const dirent* e = readdir(d.get())) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  return names;
}

// A name RocksDB gives a file of its own: what a creation killed before it
// wrote CURRENT leaves behind.
bool IsRocksDbFile(const std::string& name) {
  if (name == "LOCK" || name == "LOG" || name == "IDENTITY") return true;
  for (const char* prefix : {"LOG.old.", "MANIFEST-", "OPTIONS-"}) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  for (const char* suffix : {".log", ".sst", ".dbtmp"}) {
    const size_t n = std::strlen(suffix);
    if (name.size() > n && name.compare(name.size() - n, n, suffix) == 0) {
      return true;
    }
  }
  return false;
}

// For Open, after CheckDirPath: creates `dir` 0700 when it is missing, and
// says whether it already holds a database. An existing directory holding
// anything else is refused: `--db ~` must not fill a home directory with a
// database.
Result<bool> PrepareDir(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    // mkdir applies the umask; chmod makes it exactly 0700 whatever it is.
    if (mkdir(dir.c_str(), 0700) != 0 || chmod(dir.c_str(), 0700) != 0) {
      return Status::IoError("cannot create database " + dir + ": " +
                             std::strerror(errno));
    }
    return false;
  }
  if (stat((dir + "/CURRENT").c_str(), &st) == 0) return true;
  Result<std::vector<std::string>> names = ListDir(dir);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    if (!IsRocksDbFile(name)) {
      return Status::InvalidArgument(
          dir + " is not a domex database (it holds '" + name +
          "'); give --db a new or empty directory");
    }
  }
  return false;
}

// Makes an existing store its owner's alone: the directory 0700 and its
// files 0600 (domex 0.1 left them 0755 and 0644, readable by every local
// user).
Status RestrictToOwner(const std::string& dir) {
  Result<std::vector<std::string>> names = ListDir(dir);
  if (!names.ok()) return names.status();
  std::vector<std::pair<std::string, mode_t>> paths = {{dir, 0700}};
  for (const std::string& name : *names)
    paths.push_back({dir + "/" + name, 0600});
  for (const auto& [path, mode] : paths) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;  // removed meanwhile
    const bool kind_ok =
        path == dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
    if (!kind_ok || (st.st_mode & 077) == 0) continue;
    if (chmod(path.c_str(), mode) != 0) {
      return Status::IoError("database " + dir + " is readable by others and " +
                             "cannot be made private: " + path + ": " +
                             std::strerror(errno));
    }
  }
  return Status::Ok();
}

std::string FixedU64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

bool ParseFixedU64(const std::string& s, uint64_t* v) {
  if (s.size() != 8) return false;
  *v = 0;
  for (char c : s) *v = (*v << 8) | static_cast<uint8_t>(c);
  return true;
}

class RocksDbStore : public Store {
 public:
  RocksDbStore(std::unique_ptr<rocksdb::DB> db, std::string dir, bool read_only)
      : db_(std::move(db)), dir_(std::move(dir)), read_only_(read_only) {
    // No process crash can lose an acknowledged write with sync=false: the
    // WAL write has reached the OS page cache. Only a machine crash can,
    // and Sync() at the end of a run bounds that.
    write_options_.sync = false;
  }

  Status LoadNextSeq() {
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), std::string(kNextSeqKey), &value);
    if (s.IsNotFound()) return Status::Ok();
    if (!s.ok()) return FromRocks(s, dir_);
    if (!ParseFixedU64(value, &next_seq_)) {
      return Status::Corruption("database " + dir_ +
                                ": frontier counter does not decode");
    }
    return Status::Ok();
  }

  Result<std::optional<CrawlState>> LoadCrawlState() override {
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), std::string(kCrawlStateKey), &value);
    if (s.IsNotFound()) return std::optional<CrawlState>();
    if (!s.ok()) return FromRocks(s, dir_);
    Result<CrawlState> state = DecodeCrawlState(value);
    if (!state.ok()) return Named(state.status());
    return std::optional<CrawlState>(std::move(state).value());
  }

  Status SaveCrawlState(const CrawlState& state) override {
    if (read_only_) return ReadOnlyError();
    return FromRocks(db_->Put(write_options_, std::string(kCrawlStateKey),
                              EncodeCrawlState(state)),
                     dir_);
  }

  Result<std::vector<FrontierEntry>> LoadFrontier() override {
    std::vector<FrontierEntry> entries;
    Status s = Scan("f/", [&](const rocksdb::Slice& value, bool*) {
      Result<FrontierEntry> e =
          DecodeFrontierEntry(std::string_view(value.data(), value.size()));
      if (!e.ok()) return e.status();
      entries.push_back(std::move(e).value());
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return entries;
  }

  Result<std::vector<FrontierEntry>> StartCrawl(
      const CrawlState& state,
      const std::vector<FrontierEntry>& start) override {
    if (read_only_) return ReadOnlyError();
    rocksdb::WriteBatch batch;
    // "f/" keys are 8-byte big-endian seqs, all below "f0".
    batch.DeleteRange(std::string("f/"), std::string("f0"));
    batch.DeleteRange(std::string(kSitemapUsagePrefix),
                      PrefixEnd(kSitemapUsagePrefix));
    batch.Put(std::string(kCrawlStateKey), EncodeCrawlState(state));
    return Apply(&batch, state.generation, start);
  }

  Result<std::vector<FrontierEntry>> Enqueue(
      uint64_t generation, const std::vector<FrontierEntry>& entries) override {
    rocksdb::WriteBatch batch;
    return Apply(&batch, generation, entries);
  }

  Result<std::vector<FrontierEntry>> CommitPage(
      const PageRecord& page, const FrontierEntry& visited,
      const std::vector<FrontierEntry>& discovered) override {
    rocksdb::WriteBatch batch;
    batch.Put(PageKey(page.url), EncodePage(page));
    batch.Delete(FrontierKey(visited.seq));
    return Apply(&batch, page.generation, discovered);
  }

  Result<std::vector<FrontierEntry>> CommitVisit(
      const FrontierEntry& visited, uint64_t generation,
      const SitemapUsage& usage,
      const std::vector<FrontierEntry>& discovered) override {
    rocksdb::WriteBatch batch;
    batch.Delete(FrontierKey(visited.seq));
    batch.Put(SitemapUsageKey(usage.site), EncodeSitemapUsage(usage));
    return Apply(&batch, generation, discovered);
  }

  Result<std::vector<SitemapUsage>> LoadSitemapUsage(
      uint64_t generation) override {
    std::vector<SitemapUsage> out;
    Status s = Scan(std::string(kSitemapUsagePrefix),
                    [&](const rocksdb::Slice& value, bool*) {
                      Result<SitemapUsage> u =
                          DecodeSitemapUsage(value.ToStringView());
                      if (!u.ok()) return u.status();
                      if (u->generation == generation) out.push_back(*u);
                      return Status::Ok();
                    });
    if (!s.ok()) return s;
    return out;
  }

  Result<std::optional<PageRecord>> GetPage(const std::string& url) override {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), PageKey(url), &value);
    if (s.IsNotFound()) return std::optional<PageRecord>();
    if (!s.ok()) return FromRocks(s, dir_);
    Result<PageRecord> page = DecodePage(value);
    if (!page.ok()) return Named(page.status());
    return std::optional<PageRecord>(std::move(page).value());
  }

  Status ForEachPage(
      const std::function<bool(const PageRecord&)>& fn) override {
    return Scan("p/", [&](const rocksdb::Slice& value, bool* more) {
      Result<PageRecord> page =
          DecodePage(std::string_view(value.data(), value.size()));
      if (!page.ok()) return page.status();
      *more = fn(*page);
      return Status::Ok();
    });
  }

  Result<std::vector<LookalikeRecord>> RecordLookalikeChecks(
      const std::vector<LookalikeRecord>& checks) override {
    if (read_only_) return ReadOnlyError();
    // One MultiGet for the earlier records of the whole batch.
    std::vector<std::string> keys;
    keys.reserve(checks.size());
    for (const LookalikeRecord& c : checks) {
      keys.push_back(LookalikeKey(c.origin, c.domain));
    }
    std::vector<rocksdb::Slice> key_slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    db_->MultiGet(rocksdb::ReadOptions(), db_->DefaultColumnFamily(),
                  keys.size(), key_slices.data(), values.data(),
                  statuses.data());
    rocksdb::WriteBatch batch;
    std::vector<LookalikeRecord> stored;
    stored.reserve(checks.size());
    std::unordered_map<std::string, size_t> in_batch;  // key -> stored index
    for (size_t i = 0; i < checks.size(); ++i) {
      std::optional<LookalikeRecord> before;
      auto earlier = in_batch.find(keys[i]);
      if (earlier != in_batch.end()) {
        before = stored[earlier->second];
      } else if (statuses[i].ok()) {
        Result<LookalikeRecord> old = DecodeLookalike(values[i].ToStringView());
        // A damaged record only loses its first-seen date.
        if (old.ok()) before = std::move(old).value();
      } else if (!statuses[i].IsNotFound()) {
        return FromRocks(statuses[i], dir_);
      }
      in_batch[keys[i]] = stored.size();
      stored.push_back(MergeLookalikeCheck(before, checks[i]));
      batch.Put(keys[i], EncodeLookalike(stored.back()));
    }
    Status s = FromRocks(db_->Write(write_options_, &batch), dir_);
    if (!s.ok()) return s;
    return stored;
  }

  Status ForEachLookalike(
      const std::string& origin,
      const std::function<bool(const LookalikeRecord&)>& fn) override {
    return Scan(
        LookalikePrefix(origin), [&](const rocksdb::Slice& value, bool* more) {
          Result<LookalikeRecord> record =
              DecodeLookalike(std::string_view(value.data(), value.size()));
          if (!record.ok()) return record.status();
          *more = fn(*record);
          return Status::Ok();
        });
  }

  Result<ScanRecord> BeginScan(ScanRecord scan) override {
    if (read_only_) return ReadOnlyError();
    // The next id follows the last stored scan: no counter to keep in step.
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions()));
    const std::string prefix(kScanPrefix);
    it->SeekForPrev(prefix + std::string(8, '\xff'));
    scan.id = 1;
    if (it->Valid() && it->key().starts_with(prefix)) {
      Result<ScanRecord> last = DecodeScan(it->value().ToStringView());
      if (!last.ok()) return Named(last.status());
      scan.id = last->id + 1;
    }
    Status s = FromRocks(it->status(), dir_);
    if (!s.ok()) return s;
    s = SaveScan(scan);
    if (!s.ok()) return s;
    return scan;
  }

  Status SaveScan(const ScanRecord& scan) override {
    if (read_only_) return ReadOnlyError();
    return FromRocks(
        db_->Put(write_options_, ScanKey(scan.id), EncodeScan(scan)), dir_);
  }

  Status ForEachScan(
      const std::function<bool(const ScanRecord&)>& fn) override {
    return Scan(std::string(kScanPrefix),
                [&](const rocksdb::Slice& value, bool* more) {
                  Result<ScanRecord> scan = DecodeScan(value.ToStringView());
                  if (!scan.ok()) return scan.status();
                  *more = fn(*scan);
                  return Status::Ok();
                });
  }

  Status SaveSightings(
      uint64_t scan_id, const std::vector<AddressSighting>& addresses,
      const std::vector<LookalikeSighting>& lookalikes) override {
    if (read_only_) return ReadOnlyError();
    rocksdb::WriteBatch batch;
    for (char kind : {'a', 'l'}) {
      const std::string from = SightingPrefix(scan_id, kind);
      std::string to = from;
      to.back() = '/' + 1;  // just past every key with this prefix
      batch.DeleteRange(from, to);
    }
    for (const AddressSighting& a : addresses) {
      batch.Put(AddressSightingKey(scan_id, a.institution, a.address),
                EncodeAddressSighting(a));
    }
    for (const LookalikeSighting& l : lookalikes) {
      batch.Put(LookalikeSightingKey(scan_id, l.institution, l.lookalike.origin,
                                     l.lookalike.domain),
                EncodeLookalikeSighting(l));
    }
    return FromRocks(db_->Write(write_options_, &batch), dir_);
  }

  Status ForEachAddressSighting(
      uint64_t scan_id,
      const std::function<bool(const AddressSighting&)>& fn) override {
    return Scan(SightingPrefix(scan_id, 'a'), [&](const rocksdb::Slice& value,
                                                  bool* more) {
      Result<AddressSighting> a = DecodeAddressSighting(value.ToStringView());
      if (!a.ok()) return a.status();
      *more = fn(*a);
      return Status::Ok();
    });
  }

  Status ForEachLookalikeSighting(
      uint64_t scan_id,
      const std::function<bool(const LookalikeSighting&)>& fn) override {
    return Scan(SightingPrefix(scan_id, 'l'),
                [&](const rocksdb::Slice& value, bool* more) {
                  Result<LookalikeSighting> l =
                      DecodeLookalikeSighting(value.ToStringView());
                  if (!l.ok()) return l.status();
                  *more = fn(*l);
                  return Status::Ok();
                });
  }

  Status Sync() override {
    if (read_only_) return Status::Ok();
    return FromRocks(db_->FlushWAL(/*sync=*/true), dir_);
  }

 private:
  Status Named(const Status& s) const {
    return Status::Corruption("database " + dir_ + ": " + s.message());
  }

  Status ReadOnlyError() const {
    return Status::InvalidArgument("database " + dir_ +
                                   " was opened read-only");
  }

  // Calls `fn` with each value whose key starts with `prefix`, in key
  // order, until it fails or clears `*more`.
  using ScanFn = std::function<Status(const rocksdb::Slice&, bool* more)>;
  Status Scan(const std::string& prefix, const ScanFn& fn) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions()));
    bool more = true;
    for (it->Seek(prefix); more && it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      Status s = fn(it->value(), &more);
      if (!s.ok()) return Named(s);
    }
    return FromRocks(it->status(), dir_);
  }

  // Whether `url` was already enqueued in `generation`.
  Result<bool> Seen(const std::string& url, uint64_t generation) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), SeenKey(url), &value);
    if (s.IsNotFound()) return false;
    if (!s.ok()) return FromRocks(s, dir_);
    uint64_t seen_generation;
    if (!ParseFixedU64(value, &seen_generation)) {
      // A damaged marker only means the URL may be visited once more.
      return false;
    }
    return seen_generation == generation;
  }

  // Adds the enqueue of `entries` to `batch` and writes it. The seq counter
  // goes in the same batch, so a crash never reuses a seq.
  Result<std::vector<FrontierEntry>> Apply(
      rocksdb::WriteBatch* batch, uint64_t generation,
      const std::vector<FrontierEntry>& entries) {
    if (read_only_) return ReadOnlyError();
    std::vector<FrontierEntry> added;
    std::unordered_set<std::string> in_batch;
    uint64_t next = next_seq_;
    for (const FrontierEntry& entry : entries) {
      if (!in_batch.insert(entry.url).second) continue;
      Result<bool> seen = Seen(entry.url, generation);
      if (!seen.ok()) return seen.status();
      if (*seen) continue;
      FrontierEntry e = entry;
      e.seq = next++;
      batch->Put(FrontierKey(e.seq), EncodeFrontierEntry(e));
      batch->Put(SeenKey(e.url), FixedU64(generation));
      added.push_back(std::move(e));
    }
    if (next != next_seq_) batch->Put(std::string(kNextSeqKey), FixedU64(next));
    Status s = FromRocks(db_->Write(write_options_, batch), dir_);
    if (!s.ok()) return s;
    next_seq_ = next;  // only once the batch that persists it is written
    return added;
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::string dir_;
  bool read_only_;
  rocksdb::WriteOptions write_options_;
  uint64_t next_seq_ = 1;
};

// Which of domex's kinds of key the store holds, by one seek per key range
// (store_format.h), and its format marker.
Result<StoreContents> ReadContents(rocksdb::DB* db, const std::string& dir) {
  StoreContents contents;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid();) {
    contents.empty = false;
    std::optional<std::string> next = NextKnownKey(it->key().ToStringView());
    if (!next) {
      contents.foreign_key = it->key().ToString();
      break;
    }
    it->Seek(*next);
  }
  Status s = FromRocks(it->status(), dir);
  if (!s.ok()) return s;
  std::string marker;
  rocksdb::Status got =
      db->Get(rocksdb::ReadOptions(), std::string(kFormatKey), &marker);
  if (got.ok()) contents.marker = std::move(marker);
  if (!got.ok() && !got.IsNotFound()) return FromRocks(got, dir);
  return contents;
}

// domex keeps everything in the default column family; a database with
// others is another program's.
Status CheckColumnFamilies(const rocksdb::Options& options,
                           const std::string& dir) {
  std::vector<std::string> families;
  Status s =
      FromRocks(rocksdb::DB::ListColumnFamilies(options, dir, &families), dir);
  if (!s.ok()) return s;
  for (const std::string& family : families) {
    if (family != rocksdb::kDefaultColumnFamilyName) {
      return Status::InvalidArgument(
          dir + " is not a domex database (it holds the column family '" +
          family + "'); domex will not read or write another program's data");
    }
  }
  return Status::Ok();
}

// Opens `dir` read-only and checks that it is a domex store this domex
// reads. The caller owns the returned database.
Result<rocksdb::DB*> OpenChecked(const std::string& dir, FormatCheck* format) {
  rocksdb::Options options = MakeOptions();
  options.create_if_missing = false;
  Status s = CheckColumnFamilies(options, dir);
  if (!s.ok()) return s;
  rocksdb::DB* raw = nullptr;
  s = FromRocks(rocksdb::DB::OpenForReadOnly(options, dir, &raw), dir);
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::DB> db(raw);
  Result<StoreContents> contents = ReadContents(db.get(), dir);
  if (!contents.ok()) return contents.status();
  Result<FormatCheck> check = CheckStoreFormat(*contents, dir);
  if (!check.ok()) return check.status();
  *format = *check;
  return db.release();
}

Result<std::unique_ptr<Store>> Finish(rocksdb::DB* raw, const std::string& dir,
                                      bool read_only) {
  auto store = std::make_unique<RocksDbStore>(std::unique_ptr<rocksdb::DB>(raw),
                                              dir, read_only);
  Status s = store->LoadNextSeq();
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Status CheckNotEmpty(const std::string& dir) {
  if (dir.empty()) {
    return Status::InvalidArgument("the database path is empty (--db DIR)");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir) {
  Status s = CheckNotEmpty(dir);
  if (s.ok()) s = CheckDirPath(dir, /*must_exist=*/false);
  if (!s.ok()) return s;
  Result<bool> existing = PrepareDir(dir);
  if (!existing.ok()) return existing.status();
  FormatCheck format = FormatCheck::kUnmarked;
  if (*existing) {
    // Checked read-only first: opening for writing already writes (a new
    // log and manifest), and another program's database stays untouched.
    Result<rocksdb::DB*> checked = OpenChecked(dir, &format);
    if (!checked.ok()) return checked.status();
    delete *checked;
    s = RestrictToOwner(dir);
    if (!s.ok()) return s;
  }
  rocksdb::DB* raw = nullptr;
  s = FromRocks(rocksdb::DB::Open(MakeOptions(), dir, &raw), dir);
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::DB> db(raw);
  if (format != FormatCheck::kMarked) {
    // A new store, or one an older domex made (checked above): marked
    // before anything else is written, and durably, so no store is ever
    // left holding records of this format without its marker (an older
    // domex then refuses it in one line instead of misreading it).
    rocksdb::WriteOptions sync;
    sync.sync = true;
    s = FromRocks(
        db->Put(sync, std::string(kFormatKey), FormatMarker(kFormatVersion)),
        dir);
    if (!s.ok()) return s;
  }
  return Finish(db.release(), dir, /*read_only=*/false);
}

Result<std::unique_ptr<Store>> Store::OpenReadOnly(const std::string& dir) {
  Status s = CheckNotEmpty(dir);
  if (s.ok()) s = CheckDirPath(dir, /*must_exist=*/true);
  if (!s.ok()) return s;
  // An empty or foreign directory has no CURRENT file: not a store.
  struct stat st;
  if (stat((dir + "/CURRENT").c_str(), &st) != 0) {
    return Status::NotFound("no domex database at " + dir);
  }
  FormatCheck format;
  Result<rocksdb::DB*> db = OpenChecked(dir, &format);
  if (!db.ok()) return db.status();
  return Finish(*db, dir, /*read_only=*/true);
}

}  // namespace domex::store
