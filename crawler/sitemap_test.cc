#include "crawler/sitemap.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

namespace domex::crawler {
namespace {

// Compresses `data` as a gzip stream (what a server's .xml.gz holds).
std::string GzipForTest(const std::string& data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  EXPECT_EQ(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

struct Row {
  std::string body;
  bool is_index;
  std::vector<std::string> locs;
};

TEST(SitemapParse, Table) {
  const Row rows[] = {
      {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
       "  <url><loc>https://www.school.in/</loc><priority>1</priority></url>\n"
       "  <url><loc>\n   https://www.school.in/staff   \n</loc></url>\n"
       "</urlset>\n",
       false,
       {"https://www.school.in/", "https://www.school.in/staff"}},
      {"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
       "<sitemap><loc>https://s.in/a.xml</loc></sitemap>"
       "<sitemap><loc>https://s.in/b.xml.gz</loc></sitemap></sitemapindex>",
       true,
       {"https://s.in/a.xml", "https://s.in/b.xml.gz"}},
      // Entities and character references.
      {"<urlset><url><loc>https://s.in/?a=1&amp;b=2&amp;c=&lt;&gt;&quot;&apos;"
       "</loc></url><url><loc>https://s.in/caf&#233;&#x2F;&#X41;</loc></url>"
       "<url><loc>https://s.in/&unknown;&#0;&amp</loc></url></urlset>",
       false,
       {"https://s.in/?a=1&b=2&c=<>\"'", "https://s.in/caf\xc3\xa9/A",
        "https://s.in/&unknown;&#0;&amp"}},
      // Namespace prefixes, CDATA, comments, attributes, empty locs.
      {"\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- <loc>https://no/</loc> -->"
       "<sm:sitemapindex xmlns:sm=\"x\"><sm:sitemap>"
       "<sm:loc>https://s.in/1.xml</sm:loc></sm:sitemap><sitemap>"
       "<loc><![CDATA[https://s.in/2.xml?a=1&b=2]]></loc></sitemap>"
       "<sitemap><loc id=\"x\"> <![CDATA[https://s.in/]]>3.xml </loc></sitemap>"
       "<sitemap><loc></loc><loc/><LOC>https://s.in/4.xml</LOC></sitemap>"
       "</sm:sitemapindex>",
       true,
       {"https://s.in/1.xml", "https://s.in/2.xml?a=1&b=2", "https://s.in/3.xml",
        "https://s.in/4.xml"}},
      // Elements whose names merely start with "loc" are not <loc>.
      {"<urlset><url><location>https://no/</location>"
       "<loc>https://yes/</loc></url></urlset>",
       false,
       {"https://yes/"}},
      // Plain text sitemaps.
      {"https://s.in/a\r\nhttp://s.in/b\n\n# comment\nftp://s.in/c\n  "
       "HTTPS://s.in/d  \nnot a url\n",
       false,
       {"https://s.in/a", "http://s.in/b", "HTTPS://s.in/d"}},
      // Truncated and unclosed XML still yields what it can.
      {"<urlset><url><loc>https://s.in/a</loc></url><url><loc>https://s.in/b",
       false,
       {"https://s.in/a", "https://s.in/b"}},
      {"", false, {}},
      {"<", false, {}},
      {"<urlset><loc", false, {}},
  };
  for (const Row& row : rows) {
    Result<Sitemap> map = ParseSitemap(row.body, 1 << 20);
    ASSERT_TRUE(map.ok()) << row.body << ": " << map.status().message();
    EXPECT_EQ(map->is_index, row.is_index) << row.body;
    EXPECT_EQ(map->locs, row.locs) << row.body;
  }
}

TEST(SitemapParse, GzipIndex) {
  std::string xml =
      "<?xml version=\"1.0\"?><sitemapindex>"
      "<sitemap><loc>https://www.school.in/sitemap-1.xml.gz</loc></sitemap>"
      "<sitemap><loc>https://www.school.in/sitemap-2.xml.gz</loc></sitemap>"
      "</sitemapindex>";
  Result<Sitemap> map = ParseSitemap(GzipForTest(xml), 1 << 20);
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_TRUE(map->is_index);
  EXPECT_EQ(map->locs, (std::vector<std::string>{
                           "https://www.school.in/sitemap-1.xml.gz",
                           "https://www.school.in/sitemap-2.xml.gz"}));
  EXPECT_EQ(map->bytes, xml.size()) << "counted after gunzip";
  EXPECT_EQ(ParseSitemap(xml, 1 << 20)->bytes, xml.size());
}

TEST(SitemapParse, CapsLocations) {
  std::string text;
  for (size_t i = 0; i < kMaxSitemapUrls + 10; ++i) {
    text += "https://s.in/" + std::to_string(i) + "\n";
  }
  Result<Sitemap> map = ParseSitemap(text, 1 << 24);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->locs.size(), kMaxSitemapUrls);
  std::string xml = "<urlset>";
  for (size_t i = 0; i < kMaxSitemapUrls + 10; ++i) {
    xml += "<url><loc>https://s.in/" + std::to_string(i) + "</loc></url>";
  }
  map = ParseSitemap(xml, 1 << 24);
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->locs.size(), kMaxSitemapUrls);
}

TEST(SitemapParse, Errors) {
  std::string xml = "<urlset><url><loc>https://s.in/</loc></url></urlset>";
  std::string gz = GzipForTest(xml);
  std::string corrupt = gz;
  corrupt[gz.size() / 2] = static_cast<char>(corrupt[gz.size() / 2] ^ 0x55);
  std::string bomb = GzipForTest(std::string(10 << 20, 'a'));  // 10 MiB
  struct ErrorRow {
    std::string body;
    size_t max_bytes;
  };
  const ErrorRow errors[] = {
      {gz.substr(0, gz.size() / 2), 1 << 20},  // truncated
      {corrupt, 1 << 20},
      {std::string("\x1f\x8b", 2), 1 << 20},
      {std::string("\x1f\x8bnot gzip at all", 17), 1 << 20},
      {bomb, 1 << 20},                 // inflates past the limit
      {xml, 10},                       // plain body over the limit
      {gz, xml.size() - 1},            // just one byte too many
  };
  for (const ErrorRow& row : errors) {
    EXPECT_FALSE(ParseSitemap(row.body, row.max_bytes).ok())
        << row.body.size() << " bytes, max " << row.max_bytes;
  }
  EXPECT_TRUE(ParseSitemap(gz, xml.size()).ok());
}

// Each '&' looked for its ';' to the end of the text, so a <loc> of 24 MiB
// of '&' (24 KiB gzipped, under the crawler's 50 MiB inflated cap) took
// hours; an entity is at most a dozen characters, so the look-ahead is
// too, and this takes about a second (ctest's timeout is the generous
// bound).
TEST(SitemapParse, AmpersandsWithoutSemicolonsAreLinear) {
  const std::string loc(24 << 20, '&');
  const std::string xml = "<urlset><url><loc>" + loc + "</loc></url></urlset>";
  Result<Sitemap> map = ParseSitemap(GzipForTest(xml), 50 << 20);
  ASSERT_TRUE(map.ok()) << map.status().message();
  ASSERT_EQ(map->locs.size(), 1u);
  EXPECT_TRUE(map->locs[0] == loc);  // (no 24 MiB diff on failure)
}

TEST(SitemapGunzip, RoundTripAndBound) {
  std::string data(100000, 'x');
  Result<std::string> out = Gunzip(GzipForTest(data), data.size());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, data);
  EXPECT_FALSE(Gunzip(GzipForTest(data), data.size() - 1).ok());
  EXPECT_FALSE(Gunzip("", 100).ok());
}

}  // namespace
}  // namespace domex::crawler
