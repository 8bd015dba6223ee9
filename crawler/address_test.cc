#include "crawler/address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crawler/address_scan.h"

namespace domex::crawler {
namespace {

using Strings = std::vector<std::string>;

struct FindCase {
  const char* name;
  std::string text;
  Strings want;
};
void PrintTo(const FindCase& c, std::ostream* os) { *os << c.name; }

std::string Repeat(char c, size_t n) { return std::string(n, c); }

std::vector<FindCase> AcceptCases() {
  return {
      {"plain", "write to info@school.in today", {"info@school.in"}},
      {"plus_addressing", "a+news@school.in", {"a+news@school.in"}},
      {"subdomain", "head@mail.dps.delhi.edu.in",
       {"head@mail.dps.delhi.edu.in"}},
      {"co_uk", "office@school.co.uk", {"office@school.co.uk"}},
      {"edu_in", "principal@kvs.edu.in", {"principal@kvs.edu.in"}},
      {"uppercase_domain_lowered", "Info.Desk@School.IN",
       {"Info.Desk@school.in"}},
      {"trailing_period", "mail info@school.in.", {"info@school.in"}},
      {"trailing_ellipsis_and_hyphen", "info@school.in...- ok",
       {"info@school.in"}},
      {"leading_dots_trimmed", "...info@school.in", {"info@school.in"}},
      {"punctuation_around", "(info@school.in), <b.c@mha.gov.in>;",
       {"info@school.in", "b.c@mha.gov.in"}},
      {"mailto_prefix", "mailto:info@school.in?subject=x", {"info@school.in"}},
      {"duplicates_once_in_order", "b@x.gov.in a@school.in b@x.gov.in",
       {"b@x.gov.in", "a@school.in"}},
      {"underscore_percent_hyphen", "first_last-1%x@school.org",
       {"first_last-1%x@school.org"}},
      {"local_64_octets", Repeat('a', 64) + "@school.in",
       {Repeat('a', 64) + "@school.in"}},
      {"curly_quotes", "\u201cinfo@school.in\u201d", {"info@school.in"}},
      {"guillemets", "\u00abinfo@school.in\u00bb", {"info@school.in"}},
      {"nbsp_after", "info@school.in\u00a0x", {"info@school.in"}},
      {"em_dash_before", "Office\u2014info@school.in", {"info@school.in"}},
      {"emoji_before", "\U0001F4E7info@school.in", {"info@school.in"}},
      {"ideographic_space", "\u3000info@school.in\u3000", {"info@school.in"}},
      {"label_63_octets", "a@" + Repeat('b', 63) + ".in",
       {"a@" + Repeat('b', 63) + ".in"}},
  };
}

std::vector<FindCase> RejectCases() {
  // 64 + 1 + (63 + 1 + 63 + 1 + 59 + 3) = 255 octets.
  std::string long_domain = Repeat('b', 63) + "." + Repeat('c', 63) + "." +
                            Repeat('d', 59) + ".in";
  std::string too_long = Repeat('a', 64) + "@" + long_domain;  // 255
  return {
      {"retina_png", "<img src=\"logo@2x.png\">", {}},
      {"retina_jpg", "banner@3x.jpg", {}},
      {"retina_real_tld", "archive@2x.zip", {}},
      {"localhost", "root@localhost", {}},
      {"no_suffix", "foo@bar", {}},
      {"numeric_version", "build@1.2.3", {}},
      {"package_version", "pkg@1.2.3 lodash@4.17.21", {}},
      {"npm_scope", "npm i @scope/pkg", {}},
      {"invalid_tld", "user@example.invalid", {}},
      {"bare_suffix_only", "user@edu.in", {}},
      {"local_65_octets", Repeat('a', 65) + "@school.in", {}},
      {"label_64_octets", "a@" + Repeat('b', 64) + ".in", {}},
      {"total_over_254", too_long, {}},
      {"leading_hyphen_label", "a@-school.in", {}},
      {"trailing_hyphen_label", "a@school-.in x", {}},
      {"double_dot_local", "a..b@school.in", {}},
      {"double_dot_domain", "a@school..in", {}},
      {"at_alone", "@", {}},
      {"at_with_spaces", "a @ school.in", {}},
      {"chained_at", "a@b.in@school.in", {}},
      {"css_media", "@media screen { } @import url(x.css);", {}},
      {"empty", "", {}},
      {"latin_letter_before", "\u00e9mile@school.in", {}},
      {"latin_letter_dotted_before", "Jos\u00e9.info@school.in", {}},
      {"greek_letter_before", "\u03b1info@school.in", {}},
      {"devanagari_letter_before", "\u0938\u0902info@school.in", {}},
      {"combining_mark_before", "e\u0301mile@school.in", {}},
      {"latin1_byte_before", "\xE9mile@school.in", {}},
      {"letter_after_domain", "info@school.indi\u00eb", {}},
      {"letter_inside_domain", "info@sch\u00fcle.de", {}},
  };
}

class AddressAcceptTest : public testing::TestWithParam<FindCase> {};
TEST_P(AddressAcceptTest, Finds) {
  EXPECT_EQ(FindAddresses(GetParam().text), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(Address, AddressAcceptTest,
                         testing::ValuesIn(AcceptCases()),
                         [](const auto& info) { return info.param.name; });

class AddressRejectTest : public testing::TestWithParam<FindCase> {};
TEST_P(AddressRejectTest, FindsNothing) {
  EXPECT_EQ(FindAddresses(GetParam().text), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(Address, AddressRejectTest,
                         testing::ValuesIn(RejectCases()),
                         [](const auto& info) { return info.param.name; });

TEST(AddressTotalLength, BoundaryIs254) {
  const std::string local = Repeat('a', 64);
  auto domain = [](size_t third) {
    return Repeat('b', 63) + "." + Repeat('c', 63) + "." +
           Repeat('d', third) + ".in";
  };
  EXPECT_TRUE(CanonicalAddress(local, domain(58)).has_value());   // 254
  EXPECT_FALSE(CanonicalAddress(local, domain(59)).has_value());  // 255
}

struct CanonicalCase {
  const char* name;
  const char* local;
  const char* domain;
  std::optional<std::string> want;
};
void PrintTo(const CanonicalCase& c, std::ostream* os) { *os << c.name; }

class AddressCanonicalTest : public testing::TestWithParam<CanonicalCase> {};
TEST_P(AddressCanonicalTest, Canonical) {
  EXPECT_EQ(CanonicalAddress(GetParam().local, GetParam().domain),
            GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    Address, AddressCanonicalTest,
    testing::Values(
        CanonicalCase{"keeps_local_case", "John.Doe", "GOV.IN.",
                      std::nullopt},  // gov.in is a bare public suffix
        CanonicalCase{"lowers_domain", "John.Doe", "Mail.GOV.IN",
                      "John.Doe@mail.gov.in"},
        CanonicalCase{"root_dot_ok", "a", "school.in.", "a@school.in"},
        CanonicalCase{"empty_local", "", "school.in", std::nullopt},
        CanonicalCase{"leading_dot", ".a", "school.in", std::nullopt},
        CanonicalCase{"trailing_dot", "a.", "school.in", std::nullopt},
        CanonicalCase{"space_in_local", "a b", "school.in", std::nullopt},
        CanonicalCase{"underscore_label", "a", "sch_ool.in", std::nullopt},
        CanonicalCase{"ip_literal", "a", "10.0.0.1", std::nullopt}),
    [](const auto& info) { return info.param.name; });

class AddressAtDotTest : public testing::TestWithParam<FindCase> {};
TEST_P(AddressAtDotTest, Finds) {
  EXPECT_EQ(FindAtDotAddresses(GetParam().text), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    Address, AddressAtDotTest,
    testing::Values(
        FindCase{"square", "info [at] school [dot] in", {"info@school.in"}},
        FindCase{"round_no_spaces", "info(at)school(dot)in",
                 {"info@school.in"}},
        FindCase{"curly_spaces_inside", "info{ at }school{ dot }in",
                 {"info@school.in"}},
        FindCase{"mixed_case", "Info [AT] School [Dot] IN",
                 {"Info@school.in"}},
        FindCase{"real_dots_with_bracket", "mail: info [at] school.in.",
                 {"info@school.in"}},
        FindCase{"bare_at_bare_dot", "info at school dot in",
                 {"info@school.in"}},
        FindCase{"upper_AT_real_dot", "info AT school.in", {"info@school.in"}},
        FindCase{"bare_at_dotted_local", "john.doe at school.in",
                 {"john.doe@school.in"}},
        FindCase{"dot_in_local", "john dot doe [at] school [dot] co [dot] uk",
                 {"john.doe@school.co.uk"}},
        FindCase{"real_at_spelled_dot", "info@school [dot] in",
                 {"info@school.in"}},
        FindCase{"quoted", "\u201cinfo [at] school [dot] in\u201d",
                 {"info@school.in"}},
        FindCase{"plain_address_not_spelled", "info@school.in", {}},
        FindCase{"latin_letter_before", "M\u00fcller (at) school (dot) in",
                 {}},
        FindCase{"meet_at_gate", "meet us at the gate", {}},
        FindCase{"john_at_office", "John at the office", {}},
        FindCase{"visit_us_at_site", "visit us at www.school.in today", {}},
        FindCase{"at_inside_word", "info attic school dot in", {}},
        FindCase{"no_suffix", "info [at] localhost", {}},
        FindCase{"retina_spelled", "logo [at] 2x [dot] png", {}}),
    [](const auto& info) { return info.param.name; });

TEST(AddressFormNames, RoundTripAndSorted) {
  for (int i = 0; i < kFormCount; ++i) {
    Form f = static_cast<Form>(i);
    EXPECT_EQ(FormFromName(FormName(f)), f);
  }
  EXPECT_EQ(FormName(Form::kAtDot), "at-dot");
  EXPECT_EQ(FormFromName("nope"), std::nullopt);
  EXPECT_EQ(FormNames(FormBit(Form::kText) | FormBit(Form::kAtDot) |
                      FormBit(Form::kMailto)),
            (Strings{"at-dot", "mailto", "text"}));
}

TEST(AddressMergeFindings, UnitesFormsKeepsOrder) {
  std::vector<Finding> into = {{"a@school.in", FormBit(Form::kText)},
                               {"b@school.in", FormBit(Form::kMailto)}};
  MergeFindings(&into, {{"c@school.in", FormBit(Form::kEntity)},
                        {"a@school.in", FormBit(Form::kMailto)}});
  std::vector<Finding> want = {
      {"a@school.in", FormBit(Form::kText) | FormBit(Form::kMailto)},
      {"b@school.in", FormBit(Form::kMailto)},
      {"c@school.in", FormBit(Form::kEntity)}};
  EXPECT_EQ(into, want);
}

// Hostile input must not go quadratic (nor overflow a regex engine's stack).
TEST(AddressLinearTime, HostileMegabyte) {
  const size_t kMiB = 1 << 20;
  std::vector<std::string> inputs = {
      Repeat('@', kMiB),
      Repeat('a', kMiB) + "@",
      "@" + Repeat('a', kMiB),
      Repeat('a', kMiB - 1) + "@" + Repeat('.', kMiB),
  };
  std::string alternating;
  for (size_t i = 0; i < kMiB / 2; ++i) alternating += "a@";
  inputs.push_back(alternating);
  std::string spelled;
  for (size_t i = 0; i < kMiB / 8; ++i) spelled += " at [at]";
  inputs.push_back(spelled);
  inputs.push_back(Repeat(' ', kMiB) + "at" + Repeat(' ', kMiB));
  // Linear by count, not by the clock (issue 8: a wall-clock bound fails
  // under sanitizers): the bytes each scan visits are counted.
  for (const std::string& in : inputs) {
    size_t plain = 0, spelled = 0;
    EXPECT_TRUE(internal::ScanAddresses(in, &plain).empty());
    EXPECT_TRUE(internal::ScanAtDotAddresses(in, &spelled).empty());
    EXPECT_LE(plain, 4 * in.size()) << in.substr(0, 20);
    EXPECT_LE(spelled, 5 * in.size()) << in.substr(0, 20);
    EXPECT_TRUE(FindAddresses(in).empty());
    EXPECT_TRUE(FindAtDotAddresses(in).empty());
  }
}

// The counts are of real work: a page of addresses is counted in full.
TEST(AddressLinearTime, StepsCountTheBytesVisited) {
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += "mail a" + std::to_string(i) + "@school.in, ";
  size_t steps = 0;
  EXPECT_EQ(internal::ScanAddresses(text, &steps).size(), 1000u);
  EXPECT_GE(steps, text.size() + 1000 * 12);
  EXPECT_LE(steps, 4 * text.size());
}

}  // namespace
}  // namespace domex::crawler
