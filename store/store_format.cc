#include "store/store_format.h"

#include "common/text.h"

namespace domex::store {
namespace {

constexpr std::string_view kMarkerPrefix = "domex-store ";

// The prefixes of domex's record keys (encoding.h); every key under one of
// them is domex's, whatever follows.
constexpr std::string_view kPrefixes[] = {"f/", "h/",    "l/",         "p/",
                                          "s/", "scan/", "m/sitemaps/"};
// The single keys under "m/" (encoding.h and kFormatKey).
constexpr std::string_view kMetaKeys[] = {"m/crawl", "m/next_seq", "m/format"};

// A key as it can be shown in one line: printable ASCII kept, other bytes
// as \xNN, at most 60 bytes of it.
std::string Shown(std::string_view key) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < key.size() && i < 60; ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  if (key.size() > 60) out += "...";
  return out;
}

}  // namespace

std::string FormatMarker(uint64_t version) {
  return std::string(kMarkerPrefix) + std::to_string(version);
}

Result<FormatCheck> CheckStoreFormat(const StoreContents& contents,
                                     const std::string& dir) {
  if (contents.foreign_key) {
    return Status::InvalidArgument(
        dir + " is not a domex database (it holds the key '" +
        Shown(*contents.foreign_key) +
        "'); domex will not read or write another program's data");
  }
  if (!contents.marker) return FormatCheck::kUnmarked;
  const std::string& marker = *contents.marker;
  long long version = 0;
  if (marker.compare(0, kMarkerPrefix.size(), kMarkerPrefix) != 0 ||
      !ParseNonNegative(std::string_view(marker).substr(kMarkerPrefix.size()),
                        &version) ||
      version == 0) {
    return Status::InvalidArgument("database " + dir +
                                   ": its format marker does not decode ('" +
                                   Shown(marker) + "')");
  }
  if (static_cast<uint64_t>(version) > kFormatVersion) {
    return Status::InvalidArgument(
        "database " + dir + " has store format " + std::to_string(version) +
        ", newer than this domex reads (" + std::to_string(kFormatVersion) +
        "): use a newer domex");
  }
  return static_cast<uint64_t>(version) < kFormatVersion ? FormatCheck::kOlder
                                                         : FormatCheck::kMarked;
}

std::optional<std::string> NextKnownKey(std::string_view key) {
  for (std::string_view prefix : kPrefixes) {
    if (key.substr(0, prefix.size()) == prefix) {
      std::string past(prefix);
      past.back() = '/' + 1;  // "p0" sorts just after every "p/..." key
      return past;
    }
  }
  for (std::string_view meta : kMetaKeys) {
    if (key == meta) return std::string(key) + '\0';  // the next key up
  }
  return std::nullopt;
}

}  // namespace domex::store
