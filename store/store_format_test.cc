#include "store/store_format.h"

#include <gtest/gtest.h>

#include "store/encoding.h"

namespace domex::store {
namespace {

TEST(StoreFormatTest, NextKnownKeySkipsWholeRangesOfDomexKeys) {
  struct Row {
    std::string key;
    std::optional<std::string> next;
  } rows[] = {
      {PageKey("http://a.in/"), "p0"},
      {FrontierKey(7), "f0"},
      {SeenKey("http://a.in/"), "s0"},
      {LookalikeKey("army.mil", "arny.mil"), "l0"},
      {ScanKey(3), "scan0"},
      {AddressSightingKey(3, "School", "a@b.in"), "h0"},
      {std::string(kCrawlStateKey), std::string(kCrawlStateKey) + '\0'},
      {std::string(kNextSeqKey), std::string(kNextSeqKey) + '\0'},
      {std::string(kFormatKey), std::string(kFormatKey) + '\0'},
      {SitemapUsageKey("a.in"), "m/sitemaps0"},
      // Not domex's.
      {"m/other", std::nullopt},
      {"m/", std::nullopt},
      {"p", std::nullopt},
      {"sc", std::nullopt},
      {"scan", std::nullopt},
      {"user:42", std::nullopt},
      {"", std::nullopt},
      {std::string("\x00\x01", 2), std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(NextKnownKey(row.key), row.next) << row.key;
    // The next key sorts after the key itself, so a walk always advances.
    if (row.next) {
      EXPECT_GT(*row.next, row.key) << row.key;
    }
  }
}

TEST(StoreFormatTest, DomexStoresAreUsable) {
  struct Row {
    const char* name;
    StoreContents contents;
    FormatCheck want;
  } rows[] = {
      {"empty", {true, std::nullopt, std::nullopt}, FormatCheck::kUnmarked},
      {"domex 0.1",
       {false, std::nullopt, std::nullopt},
       FormatCheck::kUnmarked},
      {"format 1", {false, FormatMarker(1), std::nullopt}, FormatCheck::kOlder},
      {"marked current",
       {false, FormatMarker(kFormatVersion), std::nullopt},
       FormatCheck::kMarked},
  };
  for (const Row& row : rows) {
    Result<FormatCheck> check = CheckStoreFormat(row.contents, "/d");
    ASSERT_TRUE(check.ok()) << row.name << ": " << check.status().message();
    EXPECT_EQ(*check, row.want) << row.name;
  }
}

TEST(StoreFormatTest, OtherDatabasesAreRefusedInOneLine) {
  struct Row {
    const char* name;
    StoreContents contents;
    std::string says;
  } errors[] = {
      {"foreign key",
       {false, std::nullopt, "user:42"},
       "/d is not a domex database (it holds the key 'user:42')"},
      {"foreign key beside a marker",
       {false, FormatMarker(1), "user:42"},
       "not a domex database"},
      {"binary key",
       {false, std::nullopt, std::string("k\n\x01\xff", 4)},
       "'k\\x0a\\x01\\xff'"},
      {"long key",
       {false, std::nullopt, std::string(500, 'k')},
       std::string(60, 'k') + "...'"},
      {"newer format",
       {false, FormatMarker(kFormatVersion + 1), std::nullopt},
       "database /d has store format 4, newer than this domex reads (3)"},
      {"huge format",
       {false, "domex-store 99999999999", std::nullopt},
       "store format 99999999999"},
      {"format zero",
       {false, "domex-store 0", std::nullopt},
       "does not decode"},
      {"garbage marker", {false, "sqlite", std::nullopt}, "does not decode"},
      {"signed marker",
       {false, "domex-store -1", std::nullopt},
       "does not decode"},
      {"empty marker", {false, "", std::nullopt}, "does not decode"},
  };
  for (const Row& row : errors) {
    Result<FormatCheck> check = CheckStoreFormat(row.contents, "/d");
    ASSERT_FALSE(check.ok()) << row.name;
    EXPECT_EQ(check.status().code(), Status::Code::kInvalidArgument);
    const std::string& message = check.status().message();
    EXPECT_NE(message.find(row.says), std::string::npos)
        << row.name << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << row.name;
    EXPECT_NE(message.find("/d"), std::string::npos) << row.name;
  }
}

TEST(StoreFormatTest, MarkerNamesTheFormat) {
  EXPECT_EQ(FormatMarker(1), "domex-store 1");
}

}  // namespace
}  // namespace domex::store
