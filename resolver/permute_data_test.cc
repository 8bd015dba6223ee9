#include "resolver/permute_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace domex::resolver {
namespace {

std::string Sorted(std::string s) {
  std::sort(s.begin(), s.end());
  return s;
}

TEST(ParseWordListTest, SkipsCommentsAndBlankLines) {
  Result<std::vector<std::string>> words =
      ParseWordList("# header\n\ncom\n  net  # trailing\r\nxn--p1ai\n");
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_EQ(*words, (std::vector<std::string>{"com", "net", "xn--p1ai"}));
}

TEST(ParseWordListTest, RejectsBadLinesWithTheirNumber) {
  const struct {
    const char* text;
    bool allow_dots;
    const char* message;
  } errors[] = {
      {"com\nCOM\n", false, "line 2: not a lowercase name: \"COM\""},
      {"co.uk\n", false, "line 1: not a lowercase name"},
      {"a b\n", false, "line 1: not a lowercase name"},
      {".uk\n", true, "line 1: not a lowercase name"},
  };
  for (const auto& row : errors) {
    SCOPED_TRACE(row.text);
    auto words = ParseWordList(row.text, row.allow_dots);
    ASSERT_FALSE(words.ok());
    EXPECT_EQ(words.status().message().rfind(row.message, 0), 0u)
        << words.status().message();
  }
  EXPECT_TRUE(ParseWordList("co.uk\n", true).ok());
}

TEST(ParseKeyboardTest, NeighboursFollowTheStagger) {
  Result<Keyboard> keyboard = ParseKeyboard("# two rows\nabc\ndef\n");
  ASSERT_TRUE(keyboard.ok()) << keyboard.status().message();
  const Keyboard expected = {{'a', "bd"}, {'b', "acde"}, {'c', "bef"},
                             {'d', "eab"}, {'e', "dfbc"}, {'f', "ec"}};
  EXPECT_EQ(*keyboard, expected);
}

TEST(ParseKeyboardTest, RejectsSpacesAndEmptyFiles) {
  EXPECT_FALSE(ParseKeyboard("q w e\n").ok());
  EXPECT_FALSE(ParseKeyboard("# nothing\n").ok());
  EXPECT_FALSE(ParseKeyboard("qwé\n").ok());
}

TEST(ParseHomoglyphsTest, ReadsPairs) {
  auto pairs = ParseHomoglyphs("m rn  # looks alike\n0\to\n");
  ASSERT_TRUE(pairs.ok()) << pairs.status().message();
  EXPECT_EQ(*pairs, (std::vector<HomoglyphPair>{{"m", "rn"}, {"0", "o"}}));
  EXPECT_FALSE(ParseHomoglyphs("m\n").ok());
  EXPECT_FALSE(ParseHomoglyphs("m rn x\n").ok());
  EXPECT_FALSE(ParseHomoglyphs("m m\n").ok());
  EXPECT_FALSE(ParseHomoglyphs("m r-n\n").ok());
}

TEST(ParseSuffixSwapsTest, ReadsAndMergesLines) {
  auto swaps = ParseSuffixSwaps("edu.in: ac.in in\nco.uk: uk\nedu.in: org.in\n");
  ASSERT_TRUE(swaps.ok()) << swaps.status().message();
  const SuffixSwaps expected = {{"edu.in", {"ac.in", "in", "org.in"}},
                                {"co.uk", {"uk"}}};
  EXPECT_EQ(*swaps, expected);
  const char* errors[] = {"edu.in ac.in\n", "edu.in:\n", ": in\n",
                          "edu.in: edu.in\n", "edu.in: Ac.in\n"};
  for (const char* text : errors) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseSuffixSwaps(text).ok());
  }
}

TEST(LoadPermuteDataTest, LoadsTheCommittedSeeds) {
  Result<PermuteData> data =
      LoadPermuteData(DOMEX_SOURCE_DIR "/seeds/resolver");
  ASSERT_TRUE(data.ok()) << data.status().message();
  for (const char* tld : {"com", "mil", "ml", "il", "in", "uk", "xyz"}) {
    EXPECT_EQ(data->tlds.count(tld), 1u) << tld;
  }
  EXPECT_EQ(data->tlds.count("edu.in"), 0u);
  ASSERT_EQ(data->keyboards.size(), 3u);
  const Keyboard& qwerty = data->keyboards[0];
  EXPECT_EQ(Sorted(qwerty.at('a')), Sorted("qwsz"));
  EXPECT_EQ(Sorted(qwerty.at('s')), Sorted("edxzaw"));
  EXPECT_EQ(Sorted(qwerty.at('p')), Sorted("lo0"));
  EXPECT_EQ(Sorted(qwerty.at('m')), Sorted("njk"));
  EXPECT_EQ(Sorted(data->keyboards[1].at('z')), Sorted("7uhgt6"));  // qwertz
  EXPECT_EQ(Sorted(data->keyboards[2].at('a')), Sorted("2zq1"));    // azerty
  EXPECT_FALSE(data->homoglyphs.empty());
  EXPECT_EQ(data->suffix_swaps.at("edu.in")[0], "ac.in");
  EXPECT_NE(std::find(data->abused_tlds.begin(), data->abused_tlds.end(),
                      "xyz"),
            data->abused_tlds.end());
  EXPECT_FALSE(data->dictionary.empty());
}

TEST(LoadPermuteDataTest, NamesTheMissingFile) {
  Result<PermuteData> data = LoadPermuteData("/nonexistent/seeds");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), Status::Code::kIoError);
  EXPECT_EQ(data.status().message(), "cannot read /nonexistent/seeds/tlds.txt");
}

}  // namespace
}  // namespace domex::resolver
