// Byte encodings of store records: versioned, length-prefixed, and checked on
// every read, so a truncated or foreign value is kCorruption, never a crash.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "store/records.h"

namespace domex::store {

std::string EncodePage(const PageRecord& page);
Result<PageRecord> DecodePage(std::string_view bytes);

std::string EncodeFrontierEntry(const FrontierEntry& entry);
Result<FrontierEntry> DecodeFrontierEntry(std::string_view bytes);

std::string EncodeCrawlState(const CrawlState& state);
Result<CrawlState> DecodeCrawlState(std::string_view bytes);

std::string EncodeSitemapUsage(const SitemapUsage& usage);
Result<SitemapUsage> DecodeSitemapUsage(std::string_view bytes);

std::string EncodeLookalike(const LookalikeRecord& record);
Result<LookalikeRecord> DecodeLookalike(std::string_view bytes);

std::string EncodeAddressSighting(const AddressSighting& sighting);
Result<AddressSighting> DecodeAddressSighting(std::string_view bytes);

std::string EncodeLookalikeSighting(const LookalikeSighting& sighting);
Result<LookalikeSighting> DecodeLookalikeSighting(std::string_view bytes);

std::string EncodeScan(const ScanRecord& scan);
Result<ScanRecord> DecodeScan(std::string_view bytes);

// Keys. Prefixes keep kinds apart; numbers are big-endian so byte order is
// numeric order.
std::string PageKey(std::string_view url);  // "p/" + url
std::string FrontierKey(uint64_t seq);      // "f/" + 8 bytes
std::string SeenKey(std::string_view url);  // "s/" + url
// "l/" + origin + "/" + domain; LookalikePrefix(origin) is "l/" + origin +
// "/" (all of "l/" when origin is empty). Origins and domains are host
// names, which hold no '/'.
std::string LookalikeKey(std::string_view origin, std::string_view domain);
std::string LookalikePrefix(std::string_view origin);
std::string ScanKey(uint64_t id);  // "scan/" + 8 bytes
inline constexpr std::string_view kScanPrefix = "scan/";
// What a scan saw: "h/" + 8-byte scan id + "/a/" or "/l/" (SightingPrefix),
// then institution NUL address, or institution NUL origin "/" domain.
// Institution names hold no NUL (the configuration refuses control
// characters).
std::string SightingPrefix(uint64_t scan, char kind);
std::string AddressSightingKey(uint64_t scan, std::string_view institution,
                               std::string_view address);
std::string LookalikeSightingKey(uint64_t scan, std::string_view institution,
                                 std::string_view origin,
                                 std::string_view domain);
inline constexpr std::string_view kCrawlStateKey = "m/crawl";
// "m/sitemaps/" + site: the latest crawl's SitemapUsage of each site.
std::string SitemapUsageKey(std::string_view site);
inline constexpr std::string_view kSitemapUsagePrefix = "m/sitemaps/";
inline constexpr std::string_view kNextSeqKey = "m/next_seq";

}  // namespace domex::store
