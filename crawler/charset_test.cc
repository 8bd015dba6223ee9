#include "crawler/charset.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::crawler {
namespace {

struct Row {
  std::string in;
  std::string want;
};

TEST(CharsetContentType, Table) {
  const Row rows[] = {
      {"text/html; charset=UTF-8", "utf-8"},
      {"text/html; Charset=\"ISO-8859-1\"", "iso-8859-1"},
      {"text/html;charset='windows-1252'", "windows-1252"},
      {"text/html; foo=bar; CHARSET = Shift_JIS ", "shift_jis"},
      {"text/html", ""},
      {"", ""},
      {"text/html; charset", ""},
      {"text/html; xcharset=utf-8", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CharsetFromContentType(row.in), row.want) << row.in;
  }
}

TEST(CharsetSniff, Table) {
  const Row rows[] = {
      {"\xEF\xBB\xBF<html>", "utf-8"},
      {"\xFF\xFE<\0h\0", "utf-16le"},
      {"\xFE\xFF\0<\0h", "utf-16be"},
      {"<html><head><meta charset=\"ISO-8859-1\"></head>", "iso-8859-1"},
      {"<META CHARSET=windows-1252>", "windows-1252"},
      {"<meta charset='utf-8'/>", "utf-8"},
      {"<meta charset=shift_jis/>", "shift_jis"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=windows-1251\">",
       "windows-1251"},
      {"<meta content='text/html; charset=koi8-r' http-equiv='content-type'>",
       "koi8-r"},
      // content= without http-equiv is not a declaration.
      {"<meta name=\"x\" content=\"text/html; charset=koi8-r\">", ""},
      {"<meta data-charset=\"koi8-r\">", ""},
      {"<meta name=viewport><meta charset=gbk>", "gbk"},
      // A meta claiming UTF-16 in an ASCII-readable page means UTF-8.
      {"<meta charset=\"utf-16\">", "utf-8"},
      {"<html><body>no declaration</body></html>", ""},
      {"", ""},
      {"<meta charset=", ""},
      {std::string(1100, ' ') + "<meta charset=\"koi8-r\">", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(SniffHtmlCharset(row.in), row.want) << row.in;
  }
}

TEST(CharsetToUtf8, Table) {
  struct ConvRow {
    std::string in;
    const char* charset;
    std::string want;
  };
  const ConvRow rows[] = {
      {"caf\xe9", "iso-8859-1", "caf\xc3\xa9"},
      {"caf\xe9", "latin1", "caf\xc3\xa9"},
      {"caf\xe9", "", "caf\xc3\xa9"},  // not UTF-8: windows-1252
      {"caf\xc3\xa9", "", "caf\xc3\xa9"},
      {"caf\xc3\xa9", "utf8", "caf\xc3\xa9"},
      // Smart quotes and the euro sign live in 0x80-0x9F of windows-1252,
      // which is why iso-8859-1 is read as windows-1252.
      {"\x93quoted\x94 \x80" "5", "windows-1252",
       "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac" "5"},
      {"\x93x\x94", "ISO-8859-1", "\xe2\x80\x9cx\xe2\x80\x9d"},
      {"\x93x\x94", "us-ascii", "\xe2\x80\x9cx\xe2\x80\x9d"},
      // Invalid UTF-8 becomes U+FFFD, one per bad byte.
      {"a\xff" "b", "utf-8", "a\xef\xbf\xbd" "b"},
      {"a\xc3", "utf-8", "a\xef\xbf\xbd"},
      {"\xed\xa0\x80", "utf-8", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // surrogate
      {"\xc0\xaf", "utf-8", "\xef\xbf\xbd\xef\xbf\xbd"},  // overlong
      {"\xEF\xBB\xBFhi", "utf-8", "hi"},
      // Unknown or hostile labels: read as UTF-8, repaired.
      {"caf\xc3\xa9\xff", "no-such-charset", "caf\xc3\xa9\xef\xbf\xbd"},
      {"x\xff", "utf-8//TRANSLIT", "x\xef\xbf\xbd"},
      // Other legacy charsets through iconv.
      {"\xcf\xf0\xe8\xe2\xe5\xf2", "windows-1251",
       "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"},
      {"\x82\xa0", "shift_jis", "\xe3\x81\x82"},
      {std::string("h\0i\0", 4), "utf-16le", "hi"},
      {std::string("\xfe\xff\0h\0i", 6), "utf-16", "hi"},
      {std::string("h\0i", 3), "utf-16le", "h\xef\xbf\xbd"},
      // Bytes windows-1252 leaves undefined.
      {"a\x81" "b", "windows-1252", "a\xef\xbf\xbd" "b"},
      {"", "iso-8859-1", ""},
  };
  for (const ConvRow& row : rows) {
    EXPECT_EQ(ToUtf8(row.in, row.charset), row.want)
        << "charset '" << row.charset << "' input " << row.in;
  }
}

TEST(CharsetToUtf8, AlwaysValidUtf8) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 131) ^ (i >> 3)));
  for (const char* charset : {"", "utf-8", "windows-1252", "shift_jis", "utf-16le",
                              "gbk", "euc-kr", "bogus"}) {
    std::string out = ToUtf8(junk, charset);
    // Valid output survives another repair pass unchanged.
    EXPECT_EQ(ToUtf8(out, "utf-8"), out) << charset;
    EXPECT_FALSE(out.empty()) << charset;
  }
}

}  // namespace
}  // namespace domex::crawler
