#include "cli/lookalike_inputs.h"

#include <gtest/gtest.h>

#include <set>

#include "resolver/permute.h"
#include "resolver/permute_data.h"

namespace domex::cli {
namespace {

TEST(LookalikeInputsTest, DomainUrlOrAddress) {
  struct Row {
    const char* input;
    const char* name;  // the ASCII name; nullptr: an error
    const char* registrable;
    const char* note;
  } rows[] = {
      {"army.mil", "army.mil", "army.mil", ""},
      {"  Army.MIL.  ", "army.mil", "army.mil", ""},
      {"www.army.mil", "www.army.mil", "army.mil",
       "www.army.mil: checking army.mil, its registrable domain"},
      {"https://www.army.mil/about?x=1", "www.army.mil", "army.mil",
       "www.army.mil: checking army.mil, its registrable domain"},
      {"http://dps.delhi.edu.in:8080/", "dps.delhi.edu.in", "delhi.edu.in",
       "dps.delhi.edu.in: checking delhi.edu.in, its registrable domain"},
      {"Principal@School.EDU.in", "school.edu.in", "school.edu.in", ""},
      {"mailto:office@mail.school.edu.in?subject=hi", "mail.school.edu.in",
       "school.edu.in",
       "mail.school.edu.in: checking school.edu.in, its registrable domain"},
      {"MAILTO:a@army.mil", "army.mil", "army.mil", ""},
      {"ftp://army.mil/", nullptr, nullptr, "bad URL 'ftp://army.mil/'"},
      {"https://", nullptr, nullptr, "bad URL"},
      {"name@", nullptr, nullptr, ""},
      {"edu.in", nullptr, nullptr, ""},
      {"", nullptr, nullptr, ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    Result<DomainInput> got = ParseDomainInput(row.input);
    if (row.name == nullptr) {
      ASSERT_FALSE(got.ok());
      EXPECT_EQ(got.status().code(), Status::Code::kInvalidArgument);
      EXPECT_NE(got.status().message().find(row.note), std::string::npos)
          << got.status().message();
      continue;
    }
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->parts.name, row.name);
    EXPECT_EQ(got->parts.label + "." + got->parts.suffix, row.registrable);
    EXPECT_EQ(got->note, row.note);
  }
}

TEST(LookalikeInputsTest, DomainLinesSkipBlanksAndComments) {
  Result<std::vector<std::string>> lines = DomainLines(
      "army.mil\n\n  navy.mil  # the navy\r\n# a comment\n\tdelhi.gov.in",
      "list.txt");
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(*lines,
            (std::vector<std::string>{"army.mil", "navy.mil", "delhi.gov.in"}));
  EXPECT_TRUE(DomainLines("", "x")->empty());
  Result<std::vector<std::string>> many =
      DomainLines("a.in\nb.in\nc.in", "f", 2);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().message(), "f: more than 2 domains");
}

TEST(LookalikeInputsTest, FuzzerLists) {
  EXPECT_EQ(*ParseFuzzers("tld-typo,homoglyph"),
            (std::set<std::string>{"homoglyph", "tld-typo"}));
  EXPECT_EQ(*ParseFuzzers(" omission , ,addition"),
            (std::set<std::string>{"addition", "omission"}));
  EXPECT_EQ(ParseFuzzers("tld-typos").status().message(),
            "unknown fuzzer 'tld-typos' (did you mean tld-typo?)");
  EXPECT_EQ(ParseFuzzers("zzz").status().message(),
            "unknown fuzzer 'zzz' (see 'domex help lookalikes')");
  EXPECT_FALSE(ParseFuzzers(",").ok());
  resolver::Candidate c;
  c.fuzzers = {"omission", "repetition"};
  EXPECT_TRUE(MadeByAny(c, {"repetition"}));
  EXPECT_FALSE(MadeByAny(c, {"addition", "tld-typo"}));
}

// The list --fuzzers accepts is exactly what the generator reports.
TEST(LookalikeInputsTest, FuzzerNamesAreThePermuteNames) {
  Result<resolver::PermuteData> data =
      resolver::LoadPermuteData(DOMEX_SOURCE_DIR "/seeds/resolver");
  ASSERT_TRUE(data.ok()) << data.status().message();
  std::set<std::string> reported;
  for (const char* domain : {"army.mil", "delhi.edu.in", "schools.gov.in"}) {
    for (const resolver::Candidate& c :
         resolver::Permute(*resolver::SplitDomain(domain), *data)) {
      reported.insert(c.fuzzers.begin(), c.fuzzers.end());
    }
  }
  EXPECT_EQ(reported,
            std::set<std::string>(FuzzerNames().begin(), FuzzerNames().end()));
}

}  // namespace
}  // namespace domex::cli
