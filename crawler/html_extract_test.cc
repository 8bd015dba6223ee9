#include "crawler/html_extract.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "crawler/html_nesting.h"

namespace domex::crawler {

// Readable failures: "info@school.in{mailto,text}".
std::ostream& operator<<(std::ostream& os, const Finding& f) {
  os << f.address << "{";
  const char* sep = "";
  for (const std::string& n : FormNames(f.forms)) {
    os << sep << n;
    sep = ",";
  }
  return os << "}";
}

namespace {

Finding F(std::string address, std::initializer_list<Form> forms) {
  FormSet set = 0;
  for (Form f : forms) set |= FormBit(f);
  return {std::move(address), set};
}

using Findings = std::vector<Finding>;
using K = Form;

constexpr char kInfoCf[] = "422b2c242d0231212a2d2d2e6c2b2c";  // info@school.in

struct PageCase {
  const char* name;
  std::string html;
  Findings want;
};
void PrintTo(const PageCase& c, std::ostream* os) { *os << c.name; }

class HtmlExtractFormTest : public testing::TestWithParam<PageCase> {};
TEST_P(HtmlExtractFormTest, Findings) {
  EXPECT_EQ(ExtractFromHtml(GetParam().html).findings, GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    HtmlExtract, HtmlExtractFormTest,
    testing::Values(
        // text
        PageCase{"text_visible", "<p>Write to info@school.in.</p>",
                 {F("info@school.in", {K::kText})}},
        PageCase{"text_attributes",
                 "<input value=\"a@school.in\"><img alt=\"b@school.in\" "
                 "title=\"c@school.in\"><div data-mail='d@school.in' "
                 "aria-label=\"e@school.in\"></div><input "
                 "placeholder=f@school.in>",
                 {F("a@school.in", {K::kText}), F("b@school.in", {K::kText}),
                  F("c@school.in", {K::kText}), F("d@school.in", {K::kText}),
                  F("e@school.in", {K::kText}), F("f@school.in", {K::kText})}},
        PageCase{"text_meta_content",
                 "<head><meta name=\"reply-to\" content=\"office@school.in\">"
                 "</head>",
                 {F("office@school.in", {K::kText})}},
        PageCase{"text_json_ld",
                 "<script type=\"application/ld+json\">{\"@type\":\"School\","
                 "\"email\":\"mailto:info@school.in\",\"alt\":"
                 "\"desk\\u0040school.in\"}</script>",
                 {F("info@school.in", {K::kText}),
                  F("desk@school.in", {K::kText})}},
        PageCase{"text_uppercase_domain", "<td>Head@DPS.School.IN</td>",
                 {F("Head@dps.school.in", {K::kText})}},
        // mailto
        PageCase{"mailto_with_subject_and_cc",
                 "<a href=\"mailto:info@school.in?subject=Hi%20there&amp;"
                 "cc=cc@school.in\">Mail us</a>",
                 {F("info@school.in", {K::kMailto}),
                  F("cc@school.in", {K::kMailto})}},
        PageCase{"mailto_list_to_bcc_any_case",
                 "<a href=\"MAILTO:a@school.in,b@school.in;c@school.in?"
                 "bcc=d@school.in&to=e@school.in&body=z@school.in\">x</a>",
                 {F("a@school.in", {K::kMailto}), F("b@school.in", {K::kMailto}),
                  F("c@school.in", {K::kMailto}), F("d@school.in", {K::kMailto}),
                  F("e@school.in", {K::kMailto})}},
        PageCase{"mailto_area_and_link",
                 "<map><area href=\"mailto:a@school.in\"></map>"
                 "<link rel=author href=\"mailto:b@school.in\">",
                 {F("a@school.in", {K::kMailto}),
                  F("b@school.in", {K::kMailto})}},
        PageCase{"mailto_percent", "<a href=\"mailto:info%40school.in\">x</a>",
                 {F("info@school.in", {K::kMailto, K::kPercent})}},
        PageCase{"mailto_entity", "<a href=\"mailto:info&#64;school.in\">x</a>",
                 {F("info@school.in", {K::kMailto, K::kEntity})}},
        PageCase{"mailto_plus_kept",
                 "<a href=\"mailto:a+b@school.in\">a+b@school.in</a>",
                 {F("a+b@school.in", {K::kMailto, K::kText})}},
        // entity
        PageCase{"entity_decimal", "<p>info&#64;school.in</p>",
                 {F("info@school.in", {K::kEntity})}},
        PageCase{"entity_hex_named_letters",
                 "<p>&#105;nfo&#x40;school&period;in and a&commat;school.in</p>",
                 {F("info@school.in", {K::kEntity}),
                  F("a@school.in", {K::kEntity})}},
        PageCase{"entity_elsewhere_is_still_text",
                 "<p>Tom &amp; Jerry: info@school.in</p>",
                 {F("info@school.in", {K::kText})}},
        PageCase{"entity_in_attribute", "<input value=\"info&#64;school.in\">",
                 {F("info@school.in", {K::kEntity})}},
        // percent
        PageCase{"percent_href", "<a href=\"/contact?to=info%40school.in\">c</a>",
                 {F("info@school.in", {K::kPercent})}},
        PageCase{"plain_in_href_query", "<a href=\"/c?to=info@school.in\">c</a>",
                 {F("info@school.in", {K::kText})}},
        PageCase{"url_credentials_ignored",
                 "<a href=\"ftp://user:pass@ftp.school.in/file\">f</a>", {}},
        // at-dot
        PageCase{"at_dot", "<p>info [at] school [dot] in</p>",
                 {F("info@school.in", {K::kAtDot})}},
        PageCase{"at_dot_across_tags",
                 "<p>info <b>(at)</b> school<i>.</i>in</p>",
                 {F("info@school.in", {K::kAtDot})}},
        PageCase{"at_english_not_address",
                 "<p>Meet us at the gate. Visit us at www.school.in</p>", {}},
        // split
        PageCase{"split_comment", "<p>info<!-- x -->@school.in</p>",
                 {F("info@school.in", {K::kSplit})}},
        PageCase{"split_inline_tags",
                 "<p>info<b></b>@<span>school</span>.in</p>",
                 {F("info@school.in", {K::kSplit})}},
        PageCase{"blocks_do_not_join",
                 "<div>info</div><div>@school.in</div><p>a@</p><p>school.in</p>",
                 {}},
        PageCase{"label_before_address_not_joined",
                 "<p><b>Email</b>info@school.in</p>",
                 {F("info@school.in", {K::kText})}},
        // hidden
        PageCase{"hidden_inline_style",
                 "<p>info<span style=\"DISPLAY : none\">null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"hidden_visibility",
                 "<p>info@<em style='visibility:hidden'>spam.</em>school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"hidden_attribute",
                 "<p>info<i hidden>null</i>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"hidden_class_rule",
                 "<style>/* decoys */ .x, span.d { display: none !important }"
                 "@font-face { font-family: f } .y { color: red }</style>"
                 "<p>info<span class=\"k d\">null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"media_rule_hides_too",
                 "<style>@media screen { .p { display:none } }</style>"
                 "<p>info<span class=\"p\">null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"descendant_selector_subject_hides",
                 "<style>.mail > .p { display:none }</style>"
                 "<p>info<span class=\"p\">x</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"id_rule_hides",
                 "<style>#x{display:none}</style>"
                 "<p>info<span id=x>x</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"hover_rule_does_not_hide",
                 "<style>.p:hover { display:none } .p:focus{display:none}"
                 "</style><p>info<span class=\"p\">x</span>@school.in</p>",
                 {F("infox@school.in", {K::kSplit})}},
        PageCase{"pseudo_element_rule_does_not_hide",
                 "<style>.p::before, .p:after, .p::-webkit-scrollbar"
                 "{display:none}</style>"
                 "<p>info<span class=\"p\">x</span>@school.in</p>",
                 {F("infox@school.in", {K::kSplit})}},
        PageCase{"tag_rule_hides",
                 "<style>i{display:none}</style><p>info<i>null</i>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"tag_rule_span_hides",
                 "<style>SPAN { visibility: hidden }</style>"
                 "<p>info<span>null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"custom_element_rule_hides",
                 "<style>x-d{display:none}</style>"
                 "<p>info<x-d>null</x-d>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"attribute_presence_rule_hides",
                 "<style>[data-h]{display:none}</style>"
                 "<p>info<b data-h>null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"attribute_word_rule_hides",
                 "<style>[class~=\"x\"]{display:none}</style>"
                 "<p>info<b class=\"a x\">null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"attribute_value_mismatch_does_not_hide",
                 "<style>[data-h=yes]{display:none}</style>"
                 "<p>info<b data-h=no>x</b>@school.in</p>",
                 {F("infox@school.in", {K::kSplit})}},
        PageCase{"descendant_tag_rule_hides",
                 "<style>.m span{display:none}</style>"
                 "<p class=m>info<span>null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"child_tag_rule_hides",
                 "<style>p > i{display:none}</style>"
                 "<p>info<i>null</i>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"compound_tag_class_rule_hides",
                 "<style>span.x{display:none}</style>"
                 "<p>info<span class=x>null</span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"compound_tag_id_rule_hides",
                 "<style>i#d:first-child{display:none}</style>"
                 "<p>info<i id=d>null</i>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"universal_under_class_hides",
                 "<style>.d *{display:none}</style>"
                 "<p>info<span class=d><b>null</b></span>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"not_excludes_shown_element",
                 "<style>.fade:not(.show){opacity:0}</style>"
                 "<p>info<b class=\"fade show\">x</b>@school.in</p>",
                 {F("infox@school.in", {K::kSplit})}},
        PageCase{"font_size_zero_hides",
                 "<style>.z{font-size:0}</style>"
                 "<p>info<b class=z>null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"font_size_zero_px_inline_hides",
                 "<p>info<b style=\"font-size: 0px\">null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"opacity_zero_hides",
                 "<p>info<b style=\"opacity:0\">null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"zero_box_overflow_hidden_hides",
                 "<style>.t{width:0;height:0;overflow:hidden}</style>"
                 "<p>info<b class=t>null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"zero_width_alone_does_not_hide",
                 "<p>info<b style=\"width:0\">x</b>@school.in</p>",
                 {F("infox@school.in", {K::kSplit})}},
        PageCase{"rule_after_import_statement_hides",
                 "<style>@import url(a.css); @charset \"utf-8\"; "
                 ".x{display:none}</style>"
                 "<p>info<b class=x>null</b>@school.in</p>",
                 {F("info@school.in", {K::kHidden})}},
        PageCase{"hidden_and_split",
                 "<p>info<!--c-->@<span style=display:none>x</span>school.in</p>",
                 {F("info@school.in", {K::kHidden, K::kSplit})}},
        // comments
        PageCase{"comment_in_body_is_text",
                 "<p>Hi</p><!-- contact: old.head@school.in -->",
                 {F("old.head@school.in", {K::kText})}},
        PageCase{"comment_in_head_is_text",
                 "<html><head><!--[if IE]>ie@school.in<![endif]--></head></html>",
                 {F("ie@school.in", {K::kText})}},
        PageCase{"comment_before_doctype_is_text",
                 "<!-- a@school.in --><!doctype html><p>x</p>",
                 {F("a@school.in", {K::kText})}},
        PageCase{"comment_and_split_union",
                 "<p>info<!-- info@school.in -->@school.in</p>",
                 {F("info@school.in", {K::kText, K::kSplit})}},
        PageCase{"hidden_complete_address_is_text",
                 "<div style=\"display:none\">trap@school.in</div>",
                 {F("trap@school.in", {K::kText})}},
        // reversed
        PageCase{"reversed_inline",
                 "<span style=\"unicode-bidi:bidi-override; direction: rtl\">"
                 "ni.loohcs@ofni</span>",
                 {F("info@school.in", {K::kReversed})}},
        PageCase{"reversed_class_rules",
                 "<style>.r{unicode-bidi:bidi-override}.r{direction:rtl}"
                 "</style><p>Mail: <span class=\"r\">ni.vog.<b>ahm</b>"
                 "@kseD</span></p>",
                 {F("Desk@mha.gov.in", {K::kReversed})}},
        PageCase{"reversed_bdo", "<bdo dir=\"rtl\">ni.loohcs@ofni</bdo>",
                 {F("info@school.in", {K::kReversed})}},
        PageCase{"rtl_without_override_is_not_reversed",
                 "<p dir=\"rtl\">ni.loohcs@ofni</p>", {}},
        // cloudflare
        PageCase{"cloudflare_data_cfemail",
                 std::string("<a href=\"/cdn-cgi/l/email-protection\" "
                             "class=\"__cf_email__\" data-cfemail=\"") +
                     kInfoCf + "\">[email&#160;protected]</a>",
                 {F("info@school.in", {K::kCloudflare})}},
        PageCase{"cloudflare_href",
                 std::string("<a href=\"/cdn-cgi/l/email-protection#") +
                     kInfoCf + "?subject=Admissions\">Mail</a>",
                 {F("info@school.in", {K::kCloudflare})}},
        // javascript
        PageCase{"js_concat_variables",
                 "<script>var u='info'; var d='school.in';"
                 "document.write(u + '@' + d)</script>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_literal_is_also_text",
                 "<script>var e = \"info@school.in\";</script>",
                 {F("info@school.in", {K::kJavascript, K::kText})}},
        PageCase{"js_atob",
                 "<script>document.write(atob('aW5mb0BzY2hvb2wuaW4='))</script>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_reverse",
                 "<script>x='ni.loohcs@ofni'.split('').reverse().join('')"
                 "</script>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_escape", "<script>x='info\\x40school.in'</script>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_onclick",
                 "<a href=\"#\" onclick=\"location.href='mailto:'+'info'+"
                 "'@school.in';return false\">x</a>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_href_typo3_uncrypt",
                 "<a href=\"javascript:linkTo_UnCryptMailto("
                 "'nbjmup+jogpAtdippm/jo');\">info(at)school.in</a>",
                 {F("info@school.in", {K::kJavascript, K::kAtDot})}},
        PageCase{"js_rot13_ciphertext_not_reported",
                 "<script>go(rot13('znvygb:vasb@fpubby.va'))</script>",
                 {F("info@school.in", {K::kJavascript})}},
        PageCase{"js_comment_only_not_text",
                 "<script>// old: old@school.in\nx = 1;</script>", {}},
        PageCase{"js_onclick_verbatim_literal",
                 "<button onclick=\"send('info@school.in')\">x</button>",
                 {F("info@school.in", {K::kJavascript, K::kText})}},
        // union of forms for one address
        PageCase{"combined_forms_one_finding",
                 std::string("<p>Mail <a href=\"mailto:info@school.in\">"
                             "info@school.in</a> or info [at] school [dot] in"
                             "</p><span data-cfemail=\"") +
                     kInfoCf + "\"></span><p>info<!---->@school.in</p>",
                 {F("info@school.in", {K::kMailto, K::kText, K::kAtDot,
                                       K::kCloudflare, K::kSplit})}}),
    [](const auto& info) { return info.param.name; });

// The decoy text inside a hidden element is never glued into an address.
TEST(HtmlExtractDecoy, HiddenDecoyNeverReported) {
  for (const char* html :
       {"<p>info<span style=\"display:none\">null</span>@school.in</p>",
        "<style>.h{visibility:hidden}</style>"
        "<p>info<span class=h>null</span>@school.in</p>",
        "<p>info<b hidden>null</b>@school.in</p>",
        "<style>#d{display:none}</style><p>info<b id=d>null</b>@school.in</p>",
        "<style>b{font-size:0}</style><p>info<b>null</b>@school.in</p>"}) {
    for (const Finding& f : ExtractFromHtml(html).findings) {
      EXPECT_NE(f.address, "infonull@school.in") << html;
    }
  }
}

TEST(HtmlExtractDecoy, ReversedJunkNeverReported) {
  PageExtract page = ExtractFromHtml(
      "<span style=\"unicode-bidi:bidi-override;direction:rtl\">"
      "moc.elpmaxe@ofni</span>");
  EXPECT_EQ(page.findings, (Findings{F("info@example.com", {K::kReversed})}));
}

TEST(HtmlExtractNoFalsePositives, NoisyPageYieldsNothing) {
  const char* html = R"(<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css">
<style>@import url("theme.css"); @media (max-width: 600px) { .a { color: red } }
.logo { background: url(img/logo@2x.png) }</style>
<script src="https://unpkg.com/vue@3.4.21/dist/vue.global.js"></script>
<script>import x from "@scope/pkg"; const v = "lodash@4.17.21"; // build@1.2.3
</script></head><body>
<img src="logo@2x.png" srcset="banner@3x.jpg 3x, icon@2x.webp 2x" alt="Logo">
<p>npm install @angular/core react@18.2.0 | contact root@localhost or foo@bar.</p>
<p>Meet us at the gate; John at the office. Hours: 9 at 10.30 am.</p>
<p>Rated 4.5 @ 10 schools; price @ Rs. 20; user@example.invalid</p>
<a href="https://user:secret@ftp.school.in/">ftp</a>
</body></html>)";
  EXPECT_EQ(ExtractFromHtml(html).findings, Findings{});
}

struct LinkCase {
  const char* name;
  std::string html;
  std::string base;
  std::vector<std::string> hrefs;
};
void PrintTo(const LinkCase& c, std::ostream* os) { *os << c.name; }

class HtmlExtractLinksTest : public testing::TestWithParam<LinkCase> {};
TEST_P(HtmlExtractLinksTest, Links) {
  PageExtract page = ExtractFromHtml(GetParam().html);
  EXPECT_EQ(page.base_href, GetParam().base);
  EXPECT_EQ(page.hrefs, GetParam().hrefs);
}
INSTANTIATE_TEST_SUITE_P(
    HtmlExtract, HtmlExtractLinksTest,
    testing::Values(
        LinkCase{"anchors_in_order_deduplicated",
                 "<a href=\"/a\">1</a><a href=\"b.html\">2</a><a href=\"/a\">3</a>",
                 "",
                 {"/a", "b.html"}},
        LinkCase{"base_href_first_only",
                 "<head><base href=\"https://school.in/sub/\"><base href=\"/x/\">"
                 "</head><a href=\"page\">p</a>",
                 "https://school.in/sub/",
                 {"page"}},
        LinkCase{"frames_forms_areas_links",
                 "<link rel=stylesheet href=\"s.css\"><frameset><frame "
                 "src=\"f.html\"></frameset>",
                 "",
                 {"s.css", "f.html"}},
        LinkCase{"iframe_form_area",
                 "<iframe src=\"/i\"></iframe><form action=\"/search\"></form>"
                 "<map><area href=\"/m\"></map>",
                 "",
                 {"/i", "/search", "/m"}},
        LinkCase{"skipped_schemes_and_fragments",
                 "<a href=\"mailto:a@school.in\">m</a><a href=\"JavaScript:f()\">"
                 "j</a><a href=\"data:text/html,x\">d</a><a href=\"tel:123\">t"
                 "</a><a href=\"#top\">#</a><a href=\"\">e</a><a>none</a>"
                 "<a href=\" /trimmed \">s</a>",
                 "",
                 {"/trimmed"}},
        LinkCase{"entities_decoded", "<a href=\"/p?a=1&amp;b=2\">x</a>", "",
                 {"/p?a=1&b=2"}},
        LinkCase{"img_src_not_a_link", "<img src=\"/i.png\"><script src=\"/s.js\">"
                 "</script>", "", {}}),
    [](const auto& info) { return info.param.name; });

struct DocCase {
  const char* name;
  std::string text;
  Findings want;
};
void PrintTo(const DocCase& c, std::ostream* os) { *os << c.name; }

class HtmlExtractDocumentTest : public testing::TestWithParam<DocCase> {};
TEST_P(HtmlExtractDocumentTest, Findings) {
  EXPECT_EQ(ExtractFromDocumentText(GetParam().text), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    HtmlExtract, HtmlExtractDocumentTest,
    testing::Values(
        DocCase{"plain", "Principal: principal@kvs.edu.in\n",
                {F("principal@kvs.edu.in", {K::kDocument})}},
        DocCase{"spelled", "Office: office [at] kvs [dot] edu [dot] in",
                {F("office@kvs.edu.in", {K::kDocument, K::kAtDot})}},
        DocCase{"both_and_noise",
                "a@school.in, b (at) school.in, logo@2x.png, a@school.in",
                {F("a@school.in", {K::kDocument}),
                 F("b@school.in", {K::kDocument, K::kAtDot})}},
        DocCase{"empty", "", {}}),
    [](const auto& info) { return info.param.name; });

TEST(HtmlExtractBounds, HostileMarkupIsBounded) {
  std::string deep;
  // Gumbo's tree construction is itself superlinear in nesting depth (about
  // 1 s for 20k levels here), so keep this modest; the walk is iterative.
  for (int i = 0; i < 5000; ++i) deep += "<div><span>";
  deep += "info@school.in";
  std::string wide;
  for (int i = 0; i < 300000; ++i) wide += "<b>@</b>";
  std::string ats(1 << 20, '@');
  for (const std::string& html : {deep, wide, ats}) {
    PageExtract page = ExtractFromHtml(html);
    EXPECT_LE(page.findings.size(), 1u);
  }
}

// Gumbo's tree construction is quadratic in nesting depth (100k nested divs
// took about 80 s): the nesting cap bounds the depth of the tree Gumbo
// builds, and that depth, not the time taken, is what is checked (issue 8:
// a wall-clock bound fails under sanitizers).
struct DeepCase {
  const char* name;
  const char* open;
  const char* close;
  int levels;
};
void PrintTo(const DeepCase& c, std::ostream* os) { *os << c.name; }

// The cap counts the tags of the page; Gumbo adds the elements they imply
// (html and body, a tbody for each table: 4 elements for
// "<table><tr><td>"), so its tree may be deeper, but never twice as deep.
constexpr size_t kMaxGumboDepth = 2 * internal::kMaxNesting;

// The depth of the deepest element of the tree Gumbo builds from `html`.
size_t GumboDepth(std::string_view html) {
  GumboOutput* out =
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  size_t deepest = 0;
  std::vector<std::pair<const GumboNode*, size_t>> stack = {{out->root, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    const GumboVector& children = node->v.element.children;
    for (unsigned k = 0; k < children.length; ++k) {
      const auto* child = static_cast<const GumboNode*>(children.data[k]);
      if (child->type == GUMBO_NODE_ELEMENT)
        stack.push_back({child, depth + 1});
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return deepest;
}

class HtmlExtractDeepTest : public testing::TestWithParam<DeepCase> {};
TEST_P(HtmlExtractDeepTest, BoundedDepthAndStillFound) {
  const DeepCase& c = GetParam();
  std::string html;
  for (int i = 0; i < c.levels; ++i) html += c.open;
  html += "Mail deep@school.in now";
  for (int i = 0; i < c.levels; ++i) html += c.close;
  // What ExtractFromHtml hands Gumbo: the page with its nesting capped.
  // (nullopt: the nesting never reaches the cap, as for <a>, which closes
  // the <a> before it.)
  std::optional<std::string> capped =
      internal::CapNesting(html, internal::kMaxNesting);
  EXPECT_LE(GumboDepth(capped ? *capped : html), kMaxGumboDepth);
  PageExtract page = ExtractFromHtml(html);
  EXPECT_EQ(page.findings, Findings({F("deep@school.in", {K::kText})}));
}
INSTANTIATE_TEST_SUITE_P(
    HtmlExtract, HtmlExtractDeepTest,
    testing::Values(
        DeepCase{"div", "<div>", "</div>", 200000},
        DeepCase{"div_unclosed", "<div>", "", 200000},
        DeepCase{"b_adoption_agency", "<b>", "</b>", 100000},
        DeepCase{"a_href", "<a href=x>", "</a>", 50000},
        DeepCase{"table", "<table><tr><td>", "</td></tr></table>", 50000},
        DeepCase{"p_b_reopened", "<p><b id=1></p>", "", 20000},
        DeepCase{"div_self_closing", "<div/>", "", 200000},
        DeepCase{"span_div_misnested", "<span><div></span></div>", "",
                 100000}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace domex::crawler
