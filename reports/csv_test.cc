#include "reports/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::reports {
namespace {

TEST(CsvFieldTest, QuotesAndDefusesFormulas) {
  struct Row {
    std::string in, want;
  };
  const std::vector<Row> rows = {
      {"", ""},
      {"army.ml", "army.ml"},
      {"10 mx.army.ml", "10 mx.army.ml"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {" edge", "\" edge\""},
      {"edge ", "\"edge \""},
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"=1+2", "'=1+2"},
      {"+1", "'+1"},
      {"-1", "'-1"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\tcmd", "'\tcmd"},
      {"\rcmd", "\"'\rcmd\""},
      {"a=b", "a=b"},
  };
  for (const Row& row : rows) EXPECT_EQ(CsvField(row.in), row.want) << row.in;
}

TEST(CsvRowTest, JoinsWithCommasAndCrlf) {
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\r\n");
  EXPECT_EQ(CsvRow({}), "\r\n");
}

}  // namespace
}  // namespace domex::reports
