// The store's record decoding (store/encoding.h): a value read back from
// RocksDB may be truncated, from another version, or garbage. Input: the
// stored bytes, tried as every kind of record.
#include <string>
#include <string_view>

#include "store/encoding.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// Whatever decodes must encode to bytes that decode to the same record
// (the encoding is not unique - varints may be padded - but it is stable
// from the first re-encoding on).
template <typename Record>
void RoundTrip(std::string_view bytes, const char* kind,
               domex::Result<Record> (*decode)(std::string_view),
               std::string (*encode)(const Record&)) {
  const auto record = decode(bytes);
  if (!record.ok()) {
    FUZZ_CHECK(record.status().message().find_first_of("\r\n") ==
                   std::string::npos,
               kind);
    return;
  }
  const std::string encoded = encode(*record);
  const auto again = decode(encoded);
  FUZZ_CHECK(again.ok(), std::string(kind) + " does not decode again");
  FUZZ_CHECK(encode(*again) == encoded, std::string(kind) + " changed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex::store;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  RoundTrip<PageRecord>(bytes, "page", &DecodePage, &EncodePage);
  RoundTrip<FrontierEntry>(bytes, "frontier", &DecodeFrontierEntry,
                           &EncodeFrontierEntry);
  RoundTrip<CrawlState>(bytes, "crawl state", &DecodeCrawlState,
                        &EncodeCrawlState);
  RoundTrip<LookalikeRecord>(bytes, "lookalike", &DecodeLookalike,
                             &EncodeLookalike);
  RoundTrip<AddressSighting>(bytes, "address sighting",
                             &DecodeAddressSighting, &EncodeAddressSighting);
  RoundTrip<LookalikeSighting>(bytes, "lookalike sighting",
                               &DecodeLookalikeSighting,
                               &EncodeLookalikeSighting);
  RoundTrip<ScanRecord>(bytes, "scan", &DecodeScan, &EncodeScan);
  return 0;
}
