#include "crawler/html_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::crawler::internal {
namespace {

struct NestCase {
  const char* name;
  std::string html;
  size_t cap;
  const char* want;  // nullptr: the page is left as it is
};
void PrintTo(const NestCase& c, std::ostream* os) { *os << c.name; }

class HtmlNestingTest : public testing::TestWithParam<NestCase> {};
TEST_P(HtmlNestingTest, Caps) {
  const NestCase& c = GetParam();
  std::optional<std::string> got = CapNesting(c.html, c.cap);
  if (c.want == nullptr) {
    EXPECT_EQ(got, std::nullopt) << *got;
  } else {
    EXPECT_EQ(got.value_or("(unchanged)"), c.want);
  }
}
INSTANTIATE_TEST_SUITE_P(
    HtmlNesting, HtmlNestingTest,
    testing::Values(
        NestCase{"shallow_unchanged", "<div><p>a</p><p>b</div>", 2, nullptr},
        NestCase{"drop_deep_and_its_end",
                 "<div><div><div>x</div></div></div>", 2,
                 "<div><div> x </div></div>"},
        NestCase{"void_tags_do_not_count",
                 "<div><br><img src=a><hr/><input><div>x", 2, nullptr},
        NestCase{"self_closing_div_opens_in_html", "<div/><div/><div/>x", 2,
                 "<div/><div/> x"},
        NestCase{"self_closing_in_svg", "<svg><path/><path/><path/></svg>", 2,
                 nullptr},
        NestCase{"svg_breakout_is_html", "<svg><div/><div/><div/>x", 2,
                 "<svg><div/><div/> x"},
        NestCase{"svg_style_is_not_raw_text", "<svg><style><g><g>", 2,
                 "<svg><style>  "},
        NestCase{"comment_skipped", "<div><!-- <div><div> --><div>x", 2,
                 nullptr},
        NestCase{"short_comment_ends", "<div><!--><div><div>x", 2,
                 "<div><!--><div> x"},
        NestCase{"doctype_skipped", "<!DOCTYPE html><div><div>x", 2, nullptr},
        NestCase{"script_strings_skipped",
                 "<div><script>s='<div><div><div>';</script><div>x</div>", 2,
                 nullptr},
        NestCase{"raw_text_end_tag_any_case",
                 "<textarea><div></TEXTAREA ><div><div><div>x", 2,
                 "<textarea><div></TEXTAREA ><div><div> x"},
        NestCase{"raw_text_unclosed_at_eof", "<script><div><div><div>", 2,
                 nullptr},
        NestCase{"quoted_gt_in_attribute",
                 "<div title='a>b<div><div>'><div><div>x", 2,
                 "<div title='a>b<div><div>'><div> x"},
        NestCase{"quote_only_after_equals", "<div a\"b><div><div>x\"", 2,
                 "<div a\"b><div> x\""},
        NestCase{"unclosed_tag_at_eof_ignored", "<div><div>x<div title='>", 2,
                 nullptr},
        NestCase{"stray_end_tags_do_not_cancel", "<div></x><div></x><div>y",
                 2, "<div></x><div></x> y"},
        NestCase{"implied_li_close", "<ul><li>a<li>b<li>c<li>d</ul><ul>", 2,
                 nullptr},
        NestCase{"legacy_table_unclosed_cells",
                 "<table><tr><td>a<td>b<tr><td>c</table><table><tr><td>d", 3,
                 nullptr},
        NestCase{"end_tag_blocked_by_scope",
                 "<div><object></div></object><div><object></div></object>"
                 "<div>x",
                 2, "<div><object></div></object><div>  </object> x"},
        NestCase{"formatting_reopened_stays_counted",
                 "<p><b></p>x<p><b></p>y", 2, "<p><b></p>x<p>  y"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace domex::crawler::internal
