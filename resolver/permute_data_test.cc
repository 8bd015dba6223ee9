#include "resolver/permute_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "resolver/domain.h"

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
  const Keyboard expected = {{'a', "bd"},  {'b', "acde"}, {'c', "bef"},
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

TEST(ParseConfusablesTest, ReadsAndMergesLines) {
  auto confusables = ParseConfusables(
      "# header\na \u00e0 \u00e1  # grave, acute\n"
      "1\t\u01c0\nb \u1e03\na \u0430\n");
  ASSERT_TRUE(confusables.ok()) << confusables.status().message();
  const Confusables expected = {{'1', {"\u01c0"}},
                                {'a', {"\u00e0", "\u00e1", "\u0430"}},
                                {'b', {"\u1e03"}}};
  EXPECT_EQ(*confusables, expected);
}

TEST(ParseConfusablesTest, RejectsBadLinesWithTheirNumber) {
  const struct {
    const char* text;
    const char* message;
  } errors[] = {
      {"a\n", "line 1: expected an [a-z0-9] character and its look-alikes"},
      {"ab \u00e0\n", "line 1: expected an [a-z0-9] character"},
      {"A \u00e0\n", "line 1: expected an [a-z0-9] character"},
      {"\u00e0 a\n", "line 1: expected an [a-z0-9] character"},
      {"a b\n", "line 1: \"b\" is not one non-ASCII code point"},
      {"a \u00e0\u00e1\n", "line 1: \"\u00e0\u00e1\" is not one"},
      {"a \xc3\n", "line 1: \"\xc3\" is not one"},              // cut short
      {"a \xc0\xa1\n", "line 1: \"\xc0\xa1\" is not one"},      // overlong '!'
      {"a \xed\xa0\x80\n", "line 1: \"\xed\xa0\x80\" is not"},  // surrogate
      {"a \xf4\x90\x80\x80\n", "line 1: \"\xf4\x90\x80\x80\" is not"},
      {"a \xa1\n", "line 1: \"\xa1\" is not one"},  // continuation byte
      {"b \u1e03\na \u00e0\n\na \u00e0\n",
       "line 4: \"\u00e0\" listed twice for a"},
  };
  for (const auto& row : errors) {
    SCOPED_TRACE(row.text);
    auto confusables = ParseConfusables(row.text);
    ASSERT_FALSE(confusables.ok());
    EXPECT_EQ(confusables.status().message().rfind(row.message, 0), 0u)
        << confusables.status().message();
  }
  EXPECT_TRUE(ParseConfusables("a \xf0\x9d\x90\x9a\n").ok());  // 4 octets
}

TEST(ParseCyrillicTwinsTest, ReadsOneTwinALetter) {
  auto twins = ParseCyrillicTwins("a \u0430  # a\n\nl\t\u04cf\n");
  ASSERT_TRUE(twins.ok()) << twins.status().message();
  EXPECT_EQ(*twins, (CyrillicTwins{{'a', "\u0430"}, {'l', "\u04cf"}}));
  const struct {
    const char* text;
    const char* message;
  } errors[] = {
      {"a \u0430\na \u0430\n", "line 2: \"a\" listed twice"},
      {"a a\n", "line 1: expected a letter a-z and one Cyrillic letter"},
      {"a \u03b1\n", "line 1: expected a letter"},  // Greek alpha
      {"a \u0430 \u0441\n", "line 1: expected a letter"},
      {"a \u0430\u0441\n", "line 1: expected a letter"},
      {"A \u0430\n", "line 1: expected a letter"},
      {"1 \u0430\n", "line 1: expected a letter"},
      {"a\n", "line 1: expected a letter"},
  };
  for (const auto& row : errors) {
    SCOPED_TRACE(row.text);
    auto parsed = ParseCyrillicTwins(row.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().message().rfind(row.message, 0), 0u)
        << parsed.status().message();
  }
}

TEST(ParseSuffixSwapsTest, ReadsAndMergesLines) {
  auto swaps =
      ParseSuffixSwaps("edu.in: ac.in in\nco.uk: uk\nedu.in: org.in\n");
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
  const std::vector<std::string>& a = data->confusables.at('a');
  for (const char* glyph : {"\u0430", "\u03b1", "\u0251", "\u00e0"}) {
    EXPECT_NE(std::find(a.begin(), a.end(), glyph), a.end()) << glyph;
  }
  EXPECT_EQ(data->cyrillic.at('e'), "\u0435");
  EXPECT_EQ(data->cyrillic.count('n'), 0u);
  EXPECT_EQ(data->suffix_swaps.at("edu.in")[0], "ac.in");
  EXPECT_NE(
      std::find(data->abused_tlds.begin(), data->abused_tlds.end(), "xyz"),
      data->abused_tlds.end());
  EXPECT_FALSE(data->dictionary.empty());
}

// confusables.txt promises lowercase letters that IDNA2008 allows and UTS #46
// leaves alone; a glyph that broke it would only ever yield dropped names.
TEST(LoadPermuteDataTest, EveryLookAlikeIsIdna2008AsWritten) {
  Result<PermuteData> data =
      LoadPermuteData(DOMEX_SOURCE_DIR "/seeds/resolver");
  ASSERT_TRUE(data.ok()) << data.status().message();
  size_t glyphs = 0;
  for (const auto& [c, look_alikes] : data->confusables) {
    for (const std::string& glyph : look_alikes) {
      ++glyphs;
      EXPECT_TRUE(ToIdnaAscii("a" + glyph + "b.com").ok()) << c << " " << glyph;
    }
  }
  EXPECT_GT(glyphs, 200u);
  for (const auto& [c, twin] : data->cyrillic) {
    EXPECT_TRUE(ToIdnaAscii(twin + ".com").ok()) << c << " " << twin;
  }
}

TEST(LoadPermuteDataTest, NamesTheFileAndLineOfABadTable) {
  std::string dir = ::testing::TempDir() + "domex_seeds_bad_confusables";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(DOMEX_SOURCE_DIR "/seeds/resolver", dir,
                        std::filesystem::copy_options::recursive);
  std::ofstream(dir + "/confusables.txt") << "# ok\na \u00e0\nb x\n";
  Result<PermuteData> data = LoadPermuteData(dir);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(),
            dir +
                "/confusables.txt: line 3: \"x\" is not one non-ASCII code "
                "point");
  std::filesystem::remove_all(dir);
}

TEST(LoadPermuteDataTest, NamesTheMissingFile) {
  Result<PermuteData> data = LoadPermuteData("/nonexistent/seeds");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(
      data.status().message(),
      "cannot read /nonexistent/seeds/tlds.txt: No such file or directory");
}

TEST(LoadWordListTest, ReadsAndNamesTheFileInErrors) {
  char path[] = "/tmp/domex_words_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string text = "# lures\nlogin\nmail.box\n";
  ASSERT_EQ(write(fd, text.data(), text.size()),
            static_cast<ssize_t>(text.size()));
  close(fd);
  Result<std::vector<std::string>> dotted = LoadWordList(path, true);
  ASSERT_TRUE(dotted.ok()) << dotted.status().message();
  EXPECT_EQ(*dotted, (std::vector<std::string>{"login", "mail.box"}));
  Result<std::vector<std::string>> plain = LoadWordList(path);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.status().message().rfind(std::string(path) + ": line 3", 0),
            0u)
      << plain.status().message();
  std::remove(path);
  EXPECT_EQ(LoadWordList("/nonexistent/words.txt").status().message(),
            "cannot read /nonexistent/words.txt: No such file or directory");
}

}  // namespace
}  // namespace domex::resolver
