#include "resolver/domain.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::resolver {
namespace {

struct GoodRow {
  const char* input;
  const char* name;
  const char* label;
  const char* suffix;
};

TEST(SplitDomainTest, SplitsValidNames) {
  const GoodRow rows[] = {
      {"army.mil", "army.mil", "army", "mil"},
      {"www.army.mil", "www.army.mil", "army", "mil"},
      {"dps.delhi.edu.in", "dps.delhi.edu.in", "delhi", "edu.in"},
      {"Delhi.GOV.in.", "delhi.gov.in", "delhi", "gov.in"},  // case, dot
      {"school.co.uk", "school.co.uk", "school", "co.uk"},
      {"a-b.com", "a-b.com", "a-b", "com"},
      {"xn--bcher-kva.de", "xn--bcher-kva.de", "xn--bcher-kva", "de"},
      {"bücher.de", "xn--bcher-kva.de", "xn--bcher-kva", "de"},  // IDN
      {"Bücher.DE", "xn--bcher-kva.de", "xn--bcher-kva", "de"},
      {"faß.de", "xn--fa-hia.de", "xn--fa-hia", "de"},  // non-transitional
      {"भारत.भारत", "xn--h2brj9c.xn--h2brj9c", "xn--h2brj9c", "xn--h2brj9c"},
  };
  for (const GoodRow& row : rows) {
    SCOPED_TRACE(row.input);
    Result<DomainParts> parts = SplitDomain(row.input);
    ASSERT_TRUE(parts.ok()) << parts.status().message();
    EXPECT_EQ(parts->name, row.name);
    EXPECT_EQ(parts->label, row.label);
    EXPECT_EQ(parts->suffix, row.suffix);
  }
}

TEST(SplitDomainTest, AcceptsLongestLabel) {
  std::string label(63, 'a');
  Result<DomainParts> parts = SplitDomain(label + ".com");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  EXPECT_EQ(parts->label, label);
}

struct ErrorRow {
  std::string input;
  const char* message;  // a part of the expected message
};

TEST(SplitDomainTest, RejectsInvalidNamesWithOneLineReason) {
  const ErrorRow errors[] = {
      {"", "empty domain name"},
      {".", "empty domain name"},
      {"army..mil", "empty label"},
      {".army.mil", "empty label"},
      {"army.mil..", "empty label"},  // only one trailing dot is dropped
      {std::string(64, 'a') + ".com", "longer than 63 octets"},
      {std::string(60, 'a') + "." + std::string(60, 'b') + "." +
           std::string(60, 'c') + "." + std::string(60, 'd') + "." +
           std::string(60, 'e') + ".com",
       "longer than 253 octets"},
      {"my_site.com", "underscore"},
      {"army mil.com", "character ' ' not allowed"},
      {"army!.mil", "character '!' not allowed"},
      {"-army.mil", "starts or ends with a hyphen"},
      {"army-.mil", "starts or ends with a hyphen"},
      {"mil", "is a public suffix"},
      {"edu.in", "is a public suffix"},
      {"intranet", "no known public suffix"},
      {"host.invalidtld", "no known public suffix"},
      {"a\xff.com", "not a valid internationalised domain name"},
      {"\xe2\x80\x8b.com", "empty label"},  // UTS #46 maps U+200B to nothing
      {"\xcc\x80" "a.com", "not a valid internationalised domain name"},
      {"xn--zz.mil", "\"xn--zz\" is not a valid IDN label"},
      {"xn--a.com", "not a valid IDN label"},  // decodes to plain "a"
      {"xn--ls8h.la", "not a valid IDN label"},  // an emoji: not IDNA2008
  };
  for (const ErrorRow& row : errors) {
    SCOPED_TRACE(row.input);
    Result<DomainParts> parts = SplitDomain(row.input);
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(parts.status().message().find(row.message), std::string::npos)
        << parts.status().message();
    EXPECT_EQ(parts.status().message().find('\n'), std::string::npos);
  }
}

TEST(IsValidHostNameTest, ChecksLdhLabels) {
  EXPECT_TRUE(IsValidHostName("a.rmy.mil"));
  EXPECT_TRUE(IsValidHostName("a-1.mil"));
  EXPECT_FALSE(IsValidHostName(""));
  EXPECT_FALSE(IsValidHostName("a-.mil"));
  EXPECT_FALSE(IsValidHostName("-a.mil"));
  EXPECT_FALSE(IsValidHostName("a..mil"));
  EXPECT_FALSE(IsValidHostName(std::string(64, 'a') + ".mil"));
  EXPECT_FALSE(IsValidHostName("A.mil"));  // callers pass lowercase names
}

TEST(IdnaTest, ConvertsNamesThatAreIdna2008AsWritten) {
  const struct {
    const char* unicode;
    const char* ascii;
  } rows[] = {
      {"army.mil", "army.mil"},
      {"ɑrmy.mil", "xn--rmy-fsb.mil"},             // Latin alpha
      {"ԁеӏһі.gov.in", "xn--e1a0ewotc2l.gov.in"},  // all Cyrillic
      {"bücher.рф", "xn--bcher-kva.xn--p1ai"},
      {"faß.de", "xn--fa-hia.de"},  // non-transitional: ß is kept
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.unicode);
    Result<std::string> ascii = ToIdnaAscii(row.unicode);
    ASSERT_TRUE(ascii.ok()) << ascii.status().message();
    EXPECT_EQ(*ascii, row.ascii);
    Result<std::string> unicode = FromIdnaAscii(row.ascii);
    ASSERT_TRUE(unicode.ok()) << unicode.status().message();
    EXPECT_EQ(*unicode, row.unicode);
  }
  Result<std::string> mixed = ToIdnaAscii("bücher.xn--p1ai");  // A-label in
  ASSERT_TRUE(mixed.ok()) << mixed.status().message();
  EXPECT_EQ(*mixed, "xn--bcher-kva.xn--p1ai");
}

TEST(IdnaTest, RefusesNamesThatMapOrAreDisallowed) {
  const char* to_ascii_errors[] = {
      "Àrmy.mil",          // UTS #46 would lowercase it: another name
      "ａrmy.mil",         // fullwidth a, mapped to a
      "army.ſ.mil",        // long s, mapped to s
      "\xcc\x81rmy.mil",   // leading combining mark
      "x\xc5\x84--a.mil",  // "--" in positions 3-4 of a U-label
      "a\xff.mil",         // not UTF-8
      "ARMY.mil",
  };
  for (const char* name : to_ascii_errors) {
    SCOPED_TRACE(name);
    Result<std::string> ascii = ToIdnaAscii(name);
    EXPECT_FALSE(ascii.ok()) << *ascii;
  }
  const char* from_ascii_errors[] = {
      "xn--rmy-lha.mil",  // decodes to "Àrmy"
      "xn--.mil",
      "xn--a-.mil",
  };
  for (const char* name : from_ascii_errors) {
    SCOPED_TRACE(name);
    Result<std::string> unicode = FromIdnaAscii(name);
    EXPECT_FALSE(unicode.ok()) << *unicode;
  }
}

}  // namespace
}  // namespace domex::resolver
