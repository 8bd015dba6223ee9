#include "crawler/decoders.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace domex::crawler {
namespace {

using Strings = std::vector<std::string>;

struct DecodeCase {
  const char* name;
  std::string input;
  std::optional<std::string> want;
};
void PrintTo(const DecodeCase& c, std::ostream* os) { *os << c.name; }

// Test vector worked by hand: key 0x42; 'i' 0x69^0x42=0x2b, 'n' 0x6e^0x42=0x2c,
// 'f' 0x66^0x42=0x24, 'o' 0x6f^0x42=0x2d, '@' 0x40^0x42=0x02, 's' -> 0x31,
// 'c' -> 0x21, 'h' -> 0x2a, 'l' -> 0x2e, '.' 0x2e^0x42=0x6c.
constexpr char kInfoHex[] = "422b2c242d0231212a2d2d2e6c2b2c";

class DecoderCloudflareTest : public testing::TestWithParam<DecodeCase> {};
TEST_P(DecoderCloudflareTest, Decodes) {
  EXPECT_EQ(DecodeCloudflareEmail(GetParam().input), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    Decoder, DecoderCloudflareTest,
    testing::Values(
        DecodeCase{"bare_hex", kInfoHex, "info@school.in"},
        DecodeCase{"uppercase_hex", "422B2C242D0231212A2D2D2E6C2B2C",
                   "info@school.in"},
        DecodeCase{"href_form",
                   std::string("/cdn-cgi/l/email-protection#") + kInfoHex,
                   "info@school.in"},
        DecodeCase{"href_with_subject",
                   std::string("/cdn-cgi/l/email-protection#") + kInfoHex +
                       "?subject=Hello",
                   "info@school.in"},
        DecodeCase{"other_key", "7a1b54183a1d150c54091912151516541314",
                   "a.b@gov.school.in"},
        DecodeCase{"href_without_hash", "/cdn-cgi/l/email-protection",
                   std::nullopt},
        DecodeCase{"empty", "", std::nullopt},
        DecodeCase{"key_only", "42", std::nullopt},
        DecodeCase{"odd_length", "422b2c2", std::nullopt},
        DecodeCase{"not_hex", "zz2b2c", std::nullopt}),
    [](const auto& info) { return info.param.name; });

class DecoderBase64Test : public testing::TestWithParam<DecodeCase> {};
TEST_P(DecoderBase64Test, Decodes) {
  EXPECT_EQ(DecodeBase64(GetParam().input), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    Decoder, DecoderBase64Test,
    testing::Values(
        DecodeCase{"padded", "aW5mb0BzY2hvb2wuaW4=", "info@school.in"},
        DecodeCase{"unpadded", "aW5mb0BzY2hvb2wuaW4", "info@school.in"},
        DecodeCase{"two_pad", "YQ==", "a"},
        DecodeCase{"no_pad_needed", "YWJj", "abc"},
        DecodeCase{"whitespace_ignored", "aW5m\nb0Bz", "info@s"},
        DecodeCase{"empty", "", ""},
        DecodeCase{"bad_char", "aW5m*b0Bz", std::nullopt},
        DecodeCase{"data_after_pad", "YQ==YQ", std::nullopt},
        DecodeCase{"one_extra_digit", "YWJjZ", std::nullopt},
        DecodeCase{"too_much_pad", "YQ===", std::nullopt}),
    [](const auto& info) { return info.param.name; });

struct ScriptCase {
  const char* name;
  std::string script;
  std::string must_contain;  // "" for none
  Strings must_not_contain;
};
void PrintTo(const ScriptCase& c, std::ostream* os) { *os << c.name; }

class DecoderScriptStringsTest : public testing::TestWithParam<ScriptCase> {};
TEST_P(DecoderScriptStringsTest, Yields) {
  Strings got = ScriptStrings(GetParam().script);
  auto has = [&](const std::string& s) {
    return std::find(got.begin(), got.end(), s) != got.end();
  };
  if (!GetParam().must_contain.empty()) {
    EXPECT_TRUE(has(GetParam().must_contain))
        << testing::PrintToString(got);
  }
  for (const std::string& s : GetParam().must_not_contain) {
    EXPECT_FALSE(has(s)) << s << " in " << testing::PrintToString(got);
  }
}
INSTANTIATE_TEST_SUITE_P(
    Decoder, DecoderScriptStringsTest,
    testing::Values(
        ScriptCase{"literal", "x = 'info@school.in';", "info@school.in", {}},
        ScriptCase{"double_and_template", "f(\"a\", `info@school.in`)",
                   "info@school.in", {}},
        ScriptCase{"template_with_interpolation", "f(`${u}@school.in`)", "",
                   {"@school.in"}},
        ScriptCase{"concat_literals",
                   "document.write('info' + '@' + 'school.in');",
                   "info@school.in", {}},
        ScriptCase{"concat_variables",
                   "var u='info'; var d='school.in';\n"
                   "document.write(u + '@' + d)",
                   "info@school.in", {}},
        ScriptCase{"variable_built_by_concat",
                   "var u = 'in' + 'fo'; let a = u + \"@\"; "
                   "el.href = 'mailto:' + a + 'school.in';",
                   "mailto:info@school.in", {}},
        ScriptCase{"plus_equals", "var m = 'info'; m += '@school.in';",
                   "info@school.in", {}},
        ScriptCase{"unknown_variable_breaks_chain",
                   "var u = 'info'; f(u + '@' + unknown + 'school.in');", "",
                   {"info@school.in", "info@"}},
        ScriptCase{"atob", "document.write(atob('aW5mb0BzY2hvb2wuaW4='))",
                   "info@school.in", {}},
        ScriptCase{"atob_of_concat", "atob('aW5mb0Bz' + 'Y2hvb2wuaW4=')",
                   "info@school.in", {}},
        ScriptCase{"reverse",
                   "var e = 'ni.loohcs@ofni'.split('').reverse().join('');",
                   "info@school.in", {}},
        ScriptCase{"reverse_variable",
                   "var r = 'ni.loohcs@ofni'; w(r.split(\"\").reverse()"
                   ".join(\"\"))",
                   "info@school.in", {}},
        ScriptCase{"hex_escape", "s = 'info\\x40school.in'", "info@school.in",
                   {}},
        ScriptCase{"unicode_escape", "s = \"info\\u0040school\\u{2E}in\"",
                   "info@school.in", {}},
        ScriptCase{"quote_escape", "s = 'it\\'s info@school.in'",
                   "it's info@school.in", {}},
        ScriptCase{"from_char_code",
                   "String.fromCharCode(105,110,102,111,64,115,99,104,111,111,"
                   "108,46,105,110)",
                   "info@school.in", {}},
        ScriptCase{"typo3_uncrypt_shift_plus1",
                   "javascript:linkTo_UnCryptMailto('nbjmup+jogpAtdippm/jo');",
                   "mailto:info@school.in", {}},
        ScriptCase{"typo3_uncrypt_shift_minus3",
                   "linkTo_UnCryptMailto('jxfiql7fkclXpzelli+fk', 3)",
                   "mailto:info@school.in", {}},
        ScriptCase{"rot13", "x = rot13('znvygb:vasb@fpubby.va')",
                   "mailto:info@school.in", {"znvygb:vasb@fpubby.va"}},
        ScriptCase{"shift_kept_only_for_mailto", "x = 'bcd@tdippm.jo'",
                   "bcd@tdippm.jo", {"abc@school.in"}},
        ScriptCase{"comments_skipped",
                   "// 'not@a.string'\n/* 'nor@this.one' */ x = 'yes'", "yes",
                   {"not@a.string", "nor@this.one"}},
        ScriptCase{"regex_literal_with_quote",
                   "var re = /'[a-z]+/; x = 'info@school.in';",
                   "info@school.in", {"[a-z]+/; x = "}},
        ScriptCase{"html_comment_wrapper",
                   "<!--\ndocument.write('info' + '@school.in')\n// -->",
                   "info@school.in", {}}),
    [](const auto& info) { return info.param.name; });

// Bounded by counted work, not by the clock (issue 8): a wall-clock bound
// failed under ASan. Each hostile script is checked against the token and
// byte budgets, and what it yields stays within the output bounds.
TEST(DecoderScriptStringsBounds, HostileInputIsBounded) {
  // One step past the byte budget finishes: two strings of 64 KiB.
  constexpr size_t kSlack = 2 * 64 * 1024;
  std::string parens(100000, '(');
  std::string plus;
  for (int i = 0; i < 100000; ++i) plus += "'a'+";
  // Each append copies a 60 KB variable: about 1.2 GB of copying unbounded.
  std::string appends = "x='" + std::string(60000, 'a') + "';";
  for (int i = 0; i < 20000; ++i) appends += "x+='b';";
  // Each use of x copies its 60 KB value, all in one statement.
  std::string uses = "x='" + std::string(60000, 'a') + "';y=x";
  for (int i = 0; i < 100000; ++i) uses += "+x";
  struct Row {
    const char* name;
    const std::string& script;
    size_t max_strings;
  } rows[] = {
      {"parens", parens, 0},
      {"plus", plus, 10000},
      {"appends", appends, 10000},
      {"uses", uses, 10000},
  };
  for (const Row& row : rows) {
    ScriptWork work;
    Strings got = ScriptStrings(row.script, &work);
    EXPECT_LE(work.tokens, kMaxScriptTokens) << row.name;
    EXPECT_LE(work.bytes, kMaxScriptWorkBytes + kSlack) << row.name;
    EXPECT_LE(got.size(), row.max_strings) << row.name;
    size_t total = 0;
    for (const std::string& s : got) {
      EXPECT_LE(s.size(), 64u * 1024) << row.name;
      total += s.size();
    }
    EXPECT_LE(total, 8u * 1024 * 1024) << row.name;
  }
  EXPECT_TRUE(ScriptStrings("'unterminated").size() <= 1);
}

// The budget is far above what real scripts need: a page of ordinary
// script is decoded in full, with the work counted.
TEST(DecoderScriptStringsBounds, OrdinaryScriptsAreCountedNotCut) {
  std::string script;
  for (int i = 0; i < 2000; ++i) {
    script += "var a" + std::to_string(i) + " = 'user" + std::to_string(i) +
              "' + '@' + 'school.in';\n";
  }
  ScriptWork work;
  Strings got = ScriptStrings(script, &work);
  EXPECT_EQ(std::count(got.begin(), got.end(), "user1999@school.in"), 1);
  EXPECT_EQ(work.tokens, 2000u * 9);
  EXPECT_GT(work.bytes, 2000u * 18);
  EXPECT_LT(work.bytes, 2000u * 18 * 4);
}

}  // namespace
}  // namespace domex::crawler
