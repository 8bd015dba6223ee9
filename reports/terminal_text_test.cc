#include "reports/terminal_text.h"

#include <gtest/gtest.h>

namespace domex::reports {
namespace {

TEST(TerminalSafeTest, NeutralisesWhatATerminalWouldActOnOrHide) {
  struct Row {
    const char* in;
    const char* out;
  } rows[] = {
      {"a@school.in", "a@school.in"},
      {"line\nbreak\ttab\x1b[31m", "line?break?tab?[31m"},
      {"del\x7f", "del?"},
      {"c1 \xc2\x9b"
       "31m",
       "c1 ?31m"},                           // CSI as a C1 control
      {"bad \xff\xfe utf8", "bad ?? utf8"},  // not UTF-8
      {"\xc3\xa9mile", "\xc3\xa9mile"},      // é stays
      {"\xe0\xa4\xb8\xe0\xa5\x8d\xe2\x80\x8d",
       "\xe0\xa4\xb8\xe0\xa5\x8d\xe2\x80\x8d"},  // स् + ZWJ stays
      // Trojan Source: RLO makes "moc.evil@a" read the other way round.
      {"a@\xe2\x80\xaeni.loohcs", "a@?ni.loohcs"},
      {"\xe2\x81\xa6x\xe2\x81\xa9", "?x?"},     // LRI ... PDI
      {"zero\xe2\x80\x8bwidth", "zero?width"},  // U+200B
      {"\xe2\x80\x8f\xd8\x9c", "??"},           // RLM, ALM
      {"sep\xe2\x80\xa8line", "sep?line"},      // U+2028
      {"\xef\xbb\xbf"
       "bom",
       "?bom"},                                    // U+FEFF
      {"join\xe2\x81\xa0\xe2\x81\xa4", "join??"},  // U+2060, U+2064
  };
  for (const Row& row : rows) {
    EXPECT_EQ(TerminalSafe(row.in), row.out) << row.in;
  }
}

}  // namespace
}  // namespace domex::reports
