// Telling a domex store from someone else's RocksDB database, and from a
// store written by a newer domex. Pure; thread-safe.
//
// A store holds kFormatKey -> FormatMarker(version), written the moment the
// store is created, before anything else. Stores made before the marker
// existed (domex 0.1) are recognised by their keys instead: every key is
// one of domex's own (encoding.h) — "f/", "h/", "l/", "p/", "s/",
// "scan/" and "m/sitemaps/" prefixes, and the "m/" keys listed in kMetaKeys.
// Such a store is marked the next time it is opened for writing, so years of
// history keep working; one key outside that layout makes the database foreign,
// and domex neither reads nor writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace domex::store {

inline constexpr std::string_view kFormatKey = "m/format";
// The format this domex writes and the newest it reads. 2: pages may have
// the status kMissing (404/410), which format 1 readers cannot decode.
// 3: scan records end with the config's acknowledgements, crawl states
// with what limits left out.
inline constexpr uint64_t kFormatVersion = 3;

// "domex-store <version>": the value stored under kFormatKey.
std::string FormatMarker(uint64_t version);

// What a key-space walk found (see NextKnownKey).
struct StoreContents {
  bool empty = true;                       // no key at all
  std::optional<std::string> marker;       // the value under kFormatKey
  std::optional<std::string> foreign_key;  // the first key not domex's
};

enum class FormatCheck {
  kMarked,    // a domex store of this domex's format
  kOlder,     // of an older format this domex reads: re-marked on writing
  kUnmarked,  // empty, or a domex 0.1 store: usable once marked
};

// Whether the store in `dir` with `contents` may be used. Fails
// (kInvalidArgument, one line naming `dir`) on a foreign key, and on a
// marker that is newer than kFormatVersion or does not decode.
Result<FormatCheck> CheckStoreFormat(const StoreContents& contents,
                                     const std::string& dir);

// Walking the key space without reading every key: for a key of domex's
// layout, the smallest key past the range it belongs to (past the whole
// "p/" range for a page key, just past the key itself for an "m/" key);
// nullopt for a key that is not domex's.
std::optional<std::string> NextKnownKey(std::string_view key);

}  // namespace domex::store
