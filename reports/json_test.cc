#include "reports/json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::reports {
namespace {

TEST(JsonStringTest, Escaping) {
  struct Row {
    std::string in;
    std::string want;
  };
  const std::vector<Row> rows = {
      {"", R"("")"},
      {"plain@school.in", R"("plain@school.in")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"a\nb\tc\rd\be\ff", R"("a\nb\tc\rd\be\ff")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"\x1b[31mred", R"("\u001b[31mred")"},
      {"\x1f\x7f", "\"\\u001f\x7f\""},
      {"</script><b>", R"("\u003c/script>\u003cb>")"},
      {"a/b&c", R"("a/b&c")"},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\""},
      {"line\xe2\x80\xa8sep\xe2\x80\xa9", R"("line\u2028sep\u2029")"},
      // Invalid UTF-8: lone continuation, bad lead, truncated, overlong,
      // surrogate, above U+10FFFF; one U+FFFD per offending byte.
      {"a\x80z", "\"a\xef\xbf\xbdz\""},
      {"\xff", "\"\xef\xbf\xbd\""},
      {"\xc3", "\"\xef\xbf\xbd\""},
      {"\xe2\x82", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
      {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
      {"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
      {"\xf4\x90\x80\x80",
       "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(JsonString(row.in), row.want) << row.in;
  }
}

TEST(JsonWriterTest, NestsWithCommasAndIndentation) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.Strings({"x", "y"});
  w.Key("b");
  w.BeginArray();
  w.EndArray();
  w.Key("c");
  w.Int(3);
  w.EndObject();
  EXPECT_EQ(w.Take(),
            "{\n  \"a\": [\n    \"x\",\n    \"y\"\n  ],\n  \"b\": [],\n"
            "  \"c\": 3\n}\n");
}

}  // namespace
}  // namespace domex::reports
