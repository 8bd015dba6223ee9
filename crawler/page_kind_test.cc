#include "crawler/page_kind.h"

#include <gtest/gtest.h>

namespace domex::crawler {
namespace {

TEST(PageKindTest, ClassifiesByTypeThenSniffs) {
  struct Row {
    const char* type;
    std::string_view body;
    ContentKind kind;
  } rows[] = {
      {"text/html; charset=utf-8", "", ContentKind::kHtml},
      {"TEXT/HTML", "", ContentKind::kHtml},
      {"application/xhtml+xml", "", ContentKind::kHtml},
      {"application/pdf", "", ContentKind::kPdf},
      {"application/octet-stream", "%PDF-1.4 ...", ContentKind::kPdf},
      {"", "\xEF\xBB\xBF  <!DOCTYPE html><p>", ContentKind::kHtml},
      {"", "<HTML><body>", ContentKind::kHtml},
      {"text/plain", "contact info@school.in", ContentKind::kText},
      {"text/plain", "%PDF-1.7", ContentKind::kPdf},
      {"image/png", "<html>", ContentKind::kMedia},
      {"", "GIF89a\x01\x00", ContentKind::kOther},
      {"application/octet-stream", "name,email\nClerk,c@school.in\n",
       ContentKind::kText},
      {"application/octet-stream", std::string_view("PK\x03\x04\x14\x00", 6),
       ContentKind::kOther},
      {"", "", ContentKind::kOther},
      {"text/csv", "name,email", ContentKind::kText},
      {"text/vcard", "EMAIL:a@b.in", ContentKind::kText},
      {"application/json", "{}", ContentKind::kText},
      {"application/rss+xml", "<rss>", ContentKind::kText},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml."
       "document", "PK", ContentKind::kOther},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ClassifyContent(row.type, row.body), row.kind)
        << row.type << " / " << row.body;
  }
}

TEST(PageKindTest, SkipsAssetsButNotDocuments) {
  struct Row {
    const char* path;
    bool asset;
  } rows[] = {
      {"/logo@2x.png", true},  {"/site.CSS", true},   {"/app.js", true},
      {"/font.woff2", true},   {"/a.pdf", false},     {"/contact", false},
      {"/index.html", false},  {"/staff.php", false}, {"/", false},
      {"/cdn-cgi/l/email-protection", true},
  };
  for (const Row& row : rows) {
    Url url;
    url.scheme = "http";
    url.host = "school.in";
    url.path = row.path;
    EXPECT_EQ(IsLikelyAsset(url), row.asset) << row.path;
  }
}

}  // namespace
}  // namespace domex::crawler
