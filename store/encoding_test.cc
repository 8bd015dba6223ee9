#include "store/encoding.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>

namespace domex::store {
namespace {

PageRecord FullPage() {
  PageRecord p;
  p.url = "https://school.in/staff?x=1";
  p.site = "school.in";
  p.generation = 300;  // two varint bytes
  p.status = PageStatus::kFetched;
  p.http_status = 200;
  p.not_modified = true;
  p.error = "";
  p.content_type = "text/html; charset=utf-8";
  p.etag = "\"abc\"";
  p.last_modified = "Mon, 23 Nov 2026 09:00:00 GMT";
  p.fetched_at = 1795424400;
  p.depth = 3;
  p.links = {"https://school.in/a", "https://school.in/b"};
  p.external_links = {"https://other.in/"};
  p.redirect_to = "";
  p.addresses = {{"head@school.in", {"mailto", "text"}},
                 {"office@school.in", {"javascript"}}};
  return p;
}

bool SamePage(const PageRecord& a, const PageRecord& b) {
  return a.url == b.url && a.site == b.site && a.generation == b.generation &&
         a.status == b.status && a.http_status == b.http_status &&
         a.not_modified == b.not_modified && a.error == b.error &&
         a.content_type == b.content_type && a.etag == b.etag &&
         a.last_modified == b.last_modified && a.fetched_at == b.fetched_at &&
         a.depth == b.depth && a.links == b.links &&
         a.external_links == b.external_links &&
         a.redirect_to == b.redirect_to && a.addresses == b.addresses;
}

FrontierEntry FullEntry() {
  FrontierEntry e;
  e.seq = 0x0102030405060708ULL;
  e.url = "https://school.in/sitemap.xml";
  e.site = "school.in";
  e.kind = FrontierEntry::Kind::kSitemap;
  e.depth = 2;
  e.redirects = 1;
  return e;
}

CrawlState FullState() {
  CrawlState s;
  s.generation = 7;
  s.start_urls = {"https://a.in/", "https://b.in/"};
  s.finished = true;
  s.ignore_robots = true;
  s.limit_reached = true;
  s.previous_generation = 6;
  s.started_at = -5;  // negative values survive zigzag
  s.finished_at = std::numeric_limits<int64_t>::max();
  s.left_out = {{"a.in", "trap", 2000, "a.in/news/0/notice-0.html",
                 "https://a.in/news/7/notice-3.html", 1234}};
  return s;
}

LookalikeRecord FullLookalike() {
  LookalikeRecord l;
  l.origin = "army.mil";
  l.domain = "xn--rmy-5cd.mil";
  l.unicode = "\xc3\xa1rmy.mil";
  l.fuzzers = {"homoglyph", "vowel-swap"};
  l.verdict = "registered";
  l.mail = "mx";
  l.a = {"192.0.2.1", "192.0.2.2"};
  l.aaaa = {"2001:db8::1"};
  l.mx = {"10 mx.example", "0 ."};
  l.ns = {"ns1.example"};
  l.checked_at = 1700000000;
  l.first_seen = 1600000000;
  l.last_seen = -1;
  return l;
}

ScanRecord FullScan() {
  ScanRecord s;
  s.id = 300;
  s.started_at = 1795435200;
  s.finished_at = 1795435260;
  s.finished = true;
  s.config_path = "/etc/domex/scan.toml";
  s.config_digest = "fnv1a64:0123456789abcdef";
  s.crawl_generation = 12;
  s.institutions = 3;
  s.sites = 4;
  s.pages_checked = 500;
  s.pages_failed = 2;
  s.addresses = 17;
  s.lookalikes = 9000;
  s.lookalikes_registered = 30;
  s.lookalikes_unknown = -1;  // negative survives zigzag
  s.errors = {"https://a.in/: timeout", "dns: 3 unknown"};
  s.checked_origins = {"a.in", "army.mil"};
  s.institution_list = {{"Springfield School", {"https://a.in/"}, {"a.in"}},
                        {"Army", {}, {"army.mil", "army.ml"}}};
  s.acknowledgements = {
      {"lookalike", "springfeild.in", "registered by us", "2027-06-30"},
      {"address", "office@a.in", "front desk, on purpose", ""}};
  return s;
}

// A crawl state as store format 2 wrote it: no tallies at the end.
std::string Format2State() {
  CrawlState s = FullState();
  s.left_out.clear();
  std::string bytes = EncodeCrawlState(s);
  bytes.pop_back();  // the count, 0
  return bytes;
}

TEST(EncodingTest, CrawlStateOfFormat2HasNoTallies) {
  Result<CrawlState> s = DecodeCrawlState(Format2State());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->generation, FullState().generation);
  EXPECT_EQ(s->finished_at, FullState().finished_at);
  EXPECT_TRUE(s->left_out.empty());
}

// A scan record as store format 2 wrote it: no acknowledgements at the end.
std::string Format2Scan() {
  ScanRecord s = FullScan();
  s.acknowledgements.clear();
  std::string bytes = EncodeScan(s);
  bytes.pop_back();  // the count, 0
  return bytes;
}

TEST(EncodingTest, ScanOfFormat2HasNoAcknowledgements) {
  Result<ScanRecord> s = DecodeScan(Format2Scan());
  ASSERT_TRUE(s.ok()) << s.status().message();
  ScanRecord want = FullScan();
  want.acknowledgements.clear();
  EXPECT_EQ(*s, want);
}

AddressSighting FullAddressSighting() {
  return {"Springfield School",
          "principal@a.in",
          {"mailto", "text"},
          {"https://a.in/", "https://a.in/contact"},
          {"a.in"},
          true};
}

LookalikeSighting FullLookalikeSighting() { return {"Army", FullLookalike()}; }

TEST(EncodingTest, SightingsRoundTrip) {
  auto a = DecodeAddressSighting(EncodeAddressSighting(FullAddressSighting()));
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(*a, FullAddressSighting());
  auto l =
      DecodeLookalikeSighting(EncodeLookalikeSighting(FullLookalikeSighting()));
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(*l, FullLookalikeSighting());
}

TEST(EncodingTest, ScanRoundTrip) {
  for (const ScanRecord& s : {FullScan(), ScanRecord()}) {
    auto decoded = DecodeScan(EncodeScan(s));
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, s);
  }
}

TEST(EncodingTest, LookalikeRoundTrip) {
  for (const LookalikeRecord& l : {FullLookalike(), LookalikeRecord()}) {
    auto decoded = DecodeLookalike(EncodeLookalike(l));
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, l);
  }
}

TEST(EncodingTest, PageRoundTrip) {
  PageRecord p = FullPage();
  auto decoded = DecodePage(EncodePage(p));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_TRUE(SamePage(p, *decoded));

  PageRecord failed;
  failed.url = "https://school.in/broken";
  failed.status = PageStatus::kRedirect;
  failed.http_status = -1;
  failed.redirect_to = "https://school.in/new";
  failed.depth = std::numeric_limits<int>::min();
  auto decoded_failed = DecodePage(EncodePage(failed));
  ASSERT_TRUE(decoded_failed.ok());
  EXPECT_TRUE(SamePage(failed, *decoded_failed));
}

// Every status survives, and a byte past the last one is corruption.
TEST(EncodingTest, PageStatusesRoundTrip) {
  for (PageStatus status :
       {PageStatus::kFetched, PageStatus::kFailed, PageStatus::kSkippedRobots,
        PageStatus::kRedirect, PageStatus::kMissing}) {
    PageRecord p = FullPage();
    p.status = status;
    auto decoded = DecodePage(EncodePage(p));
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(decoded->status, status);
  }
  PageRecord p = FullPage();
  p.status = static_cast<PageStatus>(6);
  EXPECT_EQ(DecodePage(EncodePage(p)).status().code(),
            Status::Code::kCorruption);
}

TEST(EncodingTest, FrontierEntryRoundTrip) {
  FrontierEntry e = FullEntry();
  auto decoded = DecodeFrontierEntry(EncodeFrontierEntry(e));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->seq, e.seq);
  EXPECT_EQ(decoded->url, e.url);
  EXPECT_EQ(decoded->site, e.site);
  EXPECT_EQ(decoded->kind, e.kind);
  EXPECT_EQ(decoded->depth, e.depth);
  EXPECT_EQ(decoded->redirects, e.redirects);
}

TEST(EncodingTest, CrawlStateRoundTrip) {
  CrawlState s = FullState();
  auto decoded = DecodeCrawlState(EncodeCrawlState(s));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->generation, s.generation);
  EXPECT_EQ(decoded->start_urls, s.start_urls);
  EXPECT_EQ(decoded->finished, s.finished);
  EXPECT_EQ(decoded->ignore_robots, s.ignore_robots);
  EXPECT_EQ(decoded->limit_reached, s.limit_reached);
  EXPECT_EQ(decoded->previous_generation, s.previous_generation);
  EXPECT_EQ(decoded->started_at, s.started_at);
  EXPECT_EQ(decoded->finished_at, s.finished_at);
  EXPECT_EQ(decoded->left_out, s.left_out);
}

SitemapUsage FullUsage() {
  return {"school.in", 7, 200, int64_t{3} << 32, 20000};
}

TEST(EncodingTest, SitemapUsageRoundTrip) {
  auto decoded = DecodeSitemapUsage(EncodeSitemapUsage(FullUsage()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, FullUsage());
}

// Each decoder, and a valid encoding for it, so one table covers them all.
struct Codec {
  const char* name;
  std::string valid;
  std::function<Status(std::string_view)> decode;
};

std::vector<Codec> Codecs() {
  return {
      {"page", EncodePage(FullPage()),
       [](std::string_view b) { return DecodePage(b).status(); }},
      {"frontier", EncodeFrontierEntry(FullEntry()),
       [](std::string_view b) { return DecodeFrontierEntry(b).status(); }},
      {"state", EncodeCrawlState(FullState()),
       [](std::string_view b) { return DecodeCrawlState(b).status(); }},
      {"lookalike", EncodeLookalike(FullLookalike()),
       [](std::string_view b) { return DecodeLookalike(b).status(); }},
      {"scan", EncodeScan(FullScan()),
       [](std::string_view b) { return DecodeScan(b).status(); }},
      {"address sighting", EncodeAddressSighting(FullAddressSighting()),
       [](std::string_view b) { return DecodeAddressSighting(b).status(); }},
      {"lookalike sighting", EncodeLookalikeSighting(FullLookalikeSighting()),
       [](std::string_view b) { return DecodeLookalikeSighting(b).status(); }},
      {"sitemap usage", EncodeSitemapUsage(FullUsage()),
       [](std::string_view b) { return DecodeSitemapUsage(b).status(); }},
  };
}

TEST(EncodingTest, EveryTruncationIsCorruption) {
  for (const Codec& c : Codecs()) {
    for (size_t n = 0; n < c.valid.size(); ++n) {
      // Cut just before its acknowledgements, a scan is one of format 2.
      if (c.name == std::string("scan") && n == Format2Scan().size()) continue;
      if (c.name == std::string("state") && n == Format2State().size()) {
        continue;  // a crawl state of format 2
      }
      Status s = c.decode(std::string_view(c.valid).substr(0, n));
      EXPECT_EQ(s.code(), Status::Code::kCorruption)
          << c.name << " truncated to " << n << " of " << c.valid.size();
    }
  }
}

TEST(EncodingTest, TrailingBytesAreCorruption) {
  for (const Codec& c : Codecs()) {
    EXPECT_EQ(c.decode(c.valid + "x").code(), Status::Code::kCorruption)
        << c.name;
  }
}

TEST(EncodingTest, UnknownVersionIsCorruption) {
  for (const Codec& c : Codecs()) {
    for (char version : {'\0', '\2', '\xff'}) {
      std::string bytes = c.valid;
      bytes[0] = version;
      EXPECT_EQ(c.decode(bytes).code(), Status::Code::kCorruption) << c.name;
    }
  }
}

TEST(EncodingTest, GarbageNeverCrashes) {
  const std::vector<std::string> rows = {
      std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11),
      std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10),
      std::string("\x01\x80", 2),
      std::string("\x01\x05\x61\x62", 4),  // string longer than the rest
      std::string(200, '\xff'),
      std::string(50, '\0'),
      "{\"json\": true}",
  };
  for (const Codec& c : Codecs()) {
    for (const std::string& row : rows) {
      EXPECT_EQ(c.decode(row).code(), Status::Code::kCorruption) << c.name;
    }
    // Flip each byte of a valid encoding: decoding may succeed with other
    // values or fail, but must stay in bounds (run under ASan to prove it).
    for (size_t i = 0; i < c.valid.size(); ++i) {
      std::string bytes = c.valid;
      bytes[i] = static_cast<char>(bytes[i] ^ 0xa5);
      (void)c.decode(bytes);
    }
  }
}

TEST(EncodingTest, HugeCountsAreRejectedWithoutAllocating) {
  // Version, url "", site "", generation 0, status 1, http 0, not_modified 0,
  // 4 empty strings, fetched_at 0, depth 0, then a links count of 2^60.
  std::string bytes("\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00", 13);
  bytes += std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x10", 9);
  EXPECT_EQ(DecodePage(bytes).status().code(), Status::Code::kCorruption);
}

TEST(EncodingTest, BadEnumsAreCorruption) {
  PageRecord p = FullPage();
  p.status = static_cast<PageStatus>(9);
  EXPECT_EQ(DecodePage(EncodePage(p)).status().code(),
            Status::Code::kCorruption);
  FrontierEntry e = FullEntry();
  e.kind = static_cast<FrontierEntry::Kind>(0);
  EXPECT_EQ(DecodeFrontierEntry(EncodeFrontierEntry(e)).status().code(),
            Status::Code::kCorruption);
}

TEST(EncodingTest, Keys) {
  EXPECT_EQ(PageKey("https://a.in/"), "p/https://a.in/");
  EXPECT_EQ(SeenKey("https://a.in/"), "s/https://a.in/");
  EXPECT_EQ(LookalikeKey("army.mil", "army.ml"), "l/army.mil/army.ml");
  EXPECT_EQ(LookalikePrefix("army.mil"), "l/army.mil/");
  EXPECT_EQ(LookalikePrefix(""), "l/");
  EXPECT_EQ(SitemapUsageKey("a.in"), "m/sitemaps/a.in");
  EXPECT_EQ(SitemapUsageKey("a.in").rfind(kSitemapUsagePrefix, 0), 0u);
  EXPECT_EQ(ScanKey(0x0102), std::string("scan/\0\0\0\0\0\0\x01\x02", 13));
  EXPECT_LT(ScanKey(255), ScanKey(256));
  // Scan keys never fall among the "s/" (seen URL) keys.
  EXPECT_NE(ScanKey(1).rfind("s/", 0), 0u);
  // One origin's prefix never matches another origin that extends it.
  EXPECT_NE(
      LookalikeKey("army.mil.in", "x.in").rfind(LookalikePrefix("army.mil"), 0),
      0u);
  EXPECT_EQ(FrontierKey(0x0102), std::string("f/\0\0\0\0\0\0\x01\x02", 10));
  // Big-endian: byte order is numeric order, across byte boundaries too.
  const std::vector<uint64_t> seqs = {0,     1,     255,          256,
                                      65535, 65536, (1ULL << 56), ~0ULL};
  for (size_t i = 1; i < seqs.size(); ++i) {
    EXPECT_LT(FrontierKey(seqs[i - 1]), FrontierKey(seqs[i])) << seqs[i];
  }
}

}  // namespace
}  // namespace domex::store
