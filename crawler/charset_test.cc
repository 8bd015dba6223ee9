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

// Encoding Standard §4.2: every class of label, whitespace and case.
TEST(CharsetLabel, Table) {
  const Row rows[] = {
      {"utf-8", "UTF-8"},
      {"UTF8", "UTF-8"},
      {"unicode-1-1-utf-8", "UTF-8"},
      {"x-unicode20utf8", "UTF-8"},
      {" \t\n\f\rutf-8 \r\n", "UTF-8"},  // ASCII whitespace only...
      {"\vutf-8", ""},                      // ...which \v is not
      {"latin1", "windows-1252"},
      {"ISO-8859-1", "windows-1252"},
      {"us-ascii", "windows-1252"},
      {"ascii", "windows-1252"},
      {"iso-8859-9", "windows-1254"},
      {"tis-620", "windows-874"},
      {"iso-8859-8-i", "ISO-8859-8-I"},
      {"logical", "ISO-8859-8-I"},
      {"l9", "ISO-8859-15"},
      {"koi8-ru", "KOI8-U"},
      {"x-mac-ukrainian", "x-mac-cyrillic"},
      {"866", "IBM866"},
      {"gb2312", "GBK"},
      {"GB18030", "gb18030"},
      {"big5-hkscs", "Big5"},
      {"x-sjis", "Shift_JIS"},
      {"ms932", "Shift_JIS"},
      {"ks_c_5601-1987", "EUC-KR"},
      {"iso-2022-jp", "ISO-2022-JP"},
      // The dangerous stateful encodings decode to nothing at all.
      {"iso-2022-kr", "replacement"},
      {"csiso2022kr", "replacement"},
      {"hz-gb-2312", "replacement"},
      {"iso-2022-cn-ext", "replacement"},
      {"replacement", "replacement"},
      {"utf-16", "UTF-16LE"},
      {"ucs-2", "UTF-16LE"},
      {"unicodefffe", "UTF-16BE"},
      {"X-User-Defined", "x-user-defined"},
      // Not in the standard: browsers ignore these labels.
      {"ebcdic-us", ""},
      {"EBCDIC-US", ""},
      {"utf-32", ""},
      {"UTF-32LE", ""},
      {"utf-7", ""},
      {"cp037", ""},
      {"iso-8859-11:2001", ""},
      {"latin 1", ""},
      {"utf-8//TRANSLIT", ""},
      {"", ""},
      {"   ", ""},
      {std::string("utf-8\0", 6), ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(EncodingForLabel(row.in), row.want) << "'" << row.in << "'";
  }
}

// HTML §13.2.3.2: the prescan of the first 1024 bytes.
TEST(CharsetSniff, Table) {
  const Row rows[] = {
      {"\xEF\xBB\xBF<html>", "UTF-8"},
      {"\xFF\xFE<\0h\0", "UTF-16LE"},
      {"\xFE\xFF\0<\0h", "UTF-16BE"},
      // A BOM wins over a meta.
      {"\xEF\xBB\xBF<meta charset=koi8-r>", "UTF-8"},
      {"<html><head><meta charset=\"ISO-8859-1\"></head>", "windows-1252"},
      {"<META CHARSET=windows-1251>", "windows-1251"},
      {"<meta charset='utf-8'/>", "UTF-8"},
      {"<meta charset=shift_jis/>", ""},  // unquoted: the '/' is in the label
      {"<meta charset=shift_jis />", "Shift_JIS"},
      {"<meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=windows-1251\">",
       "windows-1251"},
      {"<meta content='text/html; charset=koi8-r' http-equiv='content-type'>",
       "KOI8-R"},
      {"<meta http-equiv=content-type content='text/html;charset = \"gbk\"'>",
       "GBK"},
      // content= without http-equiv is not a declaration.
      {"<meta name=\"x\" content=\"text/html; charset=koi8-r\">", ""},
      {"<meta data-charset=\"koi8-r\">", ""},
      {"<meta name=viewport><meta charset=gbk>", "GBK"},
      // charset= beats content= whichever comes first.
      {"<meta http-equiv=content-type content='charset=koi8-r' "
       "charset=gbk>",
       "GBK"},
      // Only the first of two same-named attributes counts.
      {"<meta charset=gbk charset=koi8-r>", "GBK"},
      // Labels browsers do not know are skipped; the prescan goes on.
      {"<meta charset=\"EBCDIC-US\">", ""},
      {"<meta charset=\"utf-32\"><meta charset=koi8-r>", "KOI8-R"},
      // A meta claiming UTF-16 in an ASCII-readable page means UTF-8, and
      // x-user-defined means windows-1252.
      {"<meta charset=\"utf-16\">", "UTF-8"},
      {"<meta charset=\"utf-16be\">", "UTF-8"},
      {"<meta charset=x-user-defined>", "windows-1252"},
      {"<meta charset=iso-2022-kr>", "replacement"},
      // Comments and other tags' attributes are not metas.
      {"<!-- <meta charset=koi8-r> --><meta charset=gbk>", "GBK"},
      {"<a title=\"<meta charset=koi8-r>\"><meta charset=gbk>", "GBK"},
      {"<metadata charset=koi8-r>", ""},
      {"<!--<meta charset=koi8-r>", ""},
      {"<html><body>no declaration</body></html>", ""},
      {"", ""},
      {"<meta charset=", ""},
      {std::string(1100, ' ') + "<meta charset=\"koi8-r\">", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(SniffHtmlCharset(row.in), row.want) << row.in;
  }
}

// HTML §13.2.3.1: BOM, then the header, then (HTML) the prescan, then the
// default; every page an address a browser shows.
TEST(CharsetDecodeBody, Table) {
  struct DecodeRow {
    std::string body;
    std::string content_type;
    bool html;
    std::string want;  // the decoded text, or "error: <substring>"
  };
  const std::string page = "<p>info@school.in</p>";
  const DecodeRow rows[] = {
      // Labels no browser knows are ignored, header or meta (issue 8.7).
      {page, "text/html; charset=EBCDIC-US", true, page},
      {page, "text/html; charset=UTF-32", true, page},
      {"<meta charset=UTF-32>" + page, "text/html", true,
       "<meta charset=UTF-32>" + page},
      {"<meta charset=ebcdic-us>" + page, "text/html", true,
       "<meta charset=ebcdic-us>" + page},
      // An unknown header label leaves the decision to the meta...
      {"<meta charset=koi8-r>\xf0", "text/html; charset=ebcdic-us", true,
       "<meta charset=koi8-r>\xd0\x9f"},
      // ...a known one wins over it.
      {"<meta charset=koi8-r>\xcf", "text/html; charset=windows-1251", true,
       "<meta charset=koi8-r>\xd0\x9f"},
      // A BOM wins over both.
      {"\xEF\xBB\xBF<meta charset=koi8-r>caf\xc3\xa9",
       "text/html; charset=latin1", true, "<meta charset=koi8-r>caf\xc3\xa9"},
      {std::string("\xFF\xFEh\0i\0", 6), "text/html; charset=koi8-r", true,
       "hi"},
      {std::string("\xFE\xFF\0h\0i", 6), "text/plain; charset=utf-8", false,
       "hi"},
      // The default: UTF-8 when valid, windows-1252 otherwise.
      {"caf\xc3\xa9", "text/html", true, "caf\xc3\xa9"},
      {"caf\xe9", "text/html", true, "caf\xc3\xa9"},
      {"caf\xe9", "text/html; charset=utf-32", true, "caf\xc3\xa9"},
      // A UTF-16 header is honoured as browsers honour it.
      {std::string("h\0i\0", 4), "text/html; charset=utf-16", true, "hi"},
      {"a\x80", "text/html; charset=x-user-defined", true, "a\xef\x9e\x80"},
      // Plain text has no meta prescan.
      {"<meta charset=koi8-r>\xe9", "text/plain", false,
       "<meta charset=koi8-r>\xc3\xa9"},
      // Pages browsers show as one U+FFFD cannot be checked.
      {page, "text/html; charset=ISO-2022-KR", true, "error: undecodable"},
      {"<meta charset=hz-gb-2312>" + page, "text/html", true,
       "error: undecodable"},
      {"", "text/html; charset=iso-2022-kr", true, ""},
  };
  for (const DecodeRow& row : rows) {
    Result<std::string> got = DecodeBody(row.body, row.content_type, row.html);
    if (row.want.rfind("error: ", 0) == 0) {
      ASSERT_FALSE(got.ok()) << row.content_type << " " << row.body;
      EXPECT_NE(got.status().message().find(row.want.substr(7)),
                std::string::npos)
          << got.status().message();
    } else {
      ASSERT_TRUE(got.ok()) << got.status().message();
      EXPECT_EQ(*got, row.want) << row.content_type << " " << row.body;
    }
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
      // Unknown or hostile labels get the default: UTF-8 if valid, else
      // windows-1252 (never iconv's "//TRANSLIT" or any other suffix).
      {"caf\xc3\xa9", "no-such-charset", "caf\xc3\xa9"},
      {"caf\xc3\xa9\xff", "no-such-charset", "caf\xc3\x83\xc2\xa9\xc3\xbf"},
      {"x\xff", "utf-8//TRANSLIT", "x\xc3\xbf"},
      {"x", "ebcdic-us", "x"},
      {"x", "replacement", "\xef\xbf\xbd"},
      // Other legacy charsets through iconv.
      {"\xcf\xf0\xe8\xe2\xe5\xf2", "windows-1251",
       "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"},
      {"\x82\xa0", "shift_jis", "\xe3\x81\x82"},
      {std::string("h\0i\0", 4), "utf-16le", "hi"},
      {std::string("\xfe\xff\0h\0i", 6), "utf-16", "hi"},
      {std::string("h\0i", 3), "utf-16le", "h\xef\xbf\xbd"},
      {"\xae\xbe", "koi8-u", "\xd1\x9e\xd0\x8e"},  // KOI8-RU's letters
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
