#include "cli/command_table.h"

#include <gtest/gtest.h>

#include <set>

#include "cli/settings.h"

namespace domex::cli {
namespace {

TEST(ClosestTest, SuggestsWhatATypoMeant) {
  const std::vector<std::string> flags = {"--nameservers", "--max-pages",
                                          "--max-depth", "--db", "--delay"};
  const std::vector<std::string> commands = {"scan",   "crawl", "lookalikes",
                                             "report", "scans", "merge"};
  struct Row {
    const char* word;
    const std::vector<std::string>* from;
    const char* want;
  } rows[] = {
      {"--nameserver", &flags, "--nameservers"},  // one letter missing
      {"--max-page", &flags, "--max-pages"},
      {"--max-dpeth", &flags, "--max-depth"},  // swapped neighbours
      {"--dealy", &flags, "--delay"},
      {"--name", &flags, "--nameservers"},  // the only prefix
      {"--max", &flags, ""},                // prefix of two
      {"--verbose", &flags, ""},            // nothing close
      {"--d", &flags, "--db"},
      {"lookalike", &commands, "lookalikes"},
      {"crwal", &commands, "crawl"},
      {"scna", &commands, "scan"},
      {"sacns", &commands, "scans"},
      {"frobnicate", &commands, ""},
      {"", &commands, ""},

  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.word);
    EXPECT_EQ(Closest(row.word, *row.from), row.want);
  }
  // A long word is not compared (a bounded edit-distance table).
  EXPECT_EQ(Closest(std::string(1000, 'a'), commands), "");
  EXPECT_EQ(DidYouMean("--nameserver", flags),
            " (did you mean --nameservers?)");
  EXPECT_EQ(DidYouMean("--verbose", flags), "");
}

TEST(ClosestTest, UnknownFlagNamesTheClosest) {
  Result<Args> args =
      ParseArgs({"--nameserver", "127.0.0.1"}, FlagsOf("lookalikes"));
  ASSERT_FALSE(args.ok());
  EXPECT_EQ(args.status().message(),
            "unknown option '--nameserver' (did you mean --nameservers?)");
}

TEST(CommandTableTest, EveryFlagHasHelpAndEveryValueADefault) {
  for (const Command& c : Commands()) {
    SCOPED_TRACE(c.name);
    std::set<std::string> seen;
    const std::string help = CommandHelpText(c);
    for (const FlagSpec& f : c.flags) {
      SCOPED_TRACE(f.name);
      EXPECT_TRUE(seen.insert(f.name).second) << "listed twice";
      EXPECT_FALSE(f.help.empty());
      EXPECT_EQ(f.takes_value, !f.value_name.empty());
      // A value has a default, or says it is required.
      if (f.takes_value) {
        EXPECT_TRUE(f.help.find("default") != std::string::npos ||
                    f.help.find("required") != std::string::npos)
            << f.help;
      }
      const std::string shown =
          "  --" + f.name + (f.takes_value ? " " + f.value_name : "");
      EXPECT_NE(help.find(shown), std::string::npos) << help;
      EXPECT_NE(help.find(f.help), std::string::npos);
    }
    EXPECT_NE(help.find("-h, --help"), std::string::npos);
  }
}

TEST(CommandTableTest, SettingsFlagsBelongToTheirCommands) {
  std::set<std::string> crawl, lookalikes;
  for (const FlagSpec& f : FlagsOf("crawl")) crawl.insert(f.name);
  for (const FlagSpec& f : FlagsOf("lookalikes")) lookalikes.insert(f.name);
  for (const Setting& s : AllSettings()) {
    EXPECT_EQ((s.section == Section::kCrawl ? crawl : lookalikes).count(s.name),
              1u)
        << s.name;
  }
}

TEST(CommandTableTest, HelpIsAskedBeforeDoubleDash) {
  EXPECT_TRUE(AsksForHelp({"http://a.in/", "--help"}));
  EXPECT_TRUE(AsksForHelp({"-h"}));
  EXPECT_FALSE(AsksForHelp({"--", "-h"}));
  EXPECT_FALSE(AsksForHelp({"--helpful"}));
  EXPECT_FALSE(AsksForHelp({}));
}

TEST(CommandTableTest, UsageListsEveryCommand) {
  const std::string usage = UsageText();
  for (const Command& c : Commands()) {
    EXPECT_NE(usage.find(std::string("  ") + c.name + " "), std::string::npos)
        << c.name;
  }
}

}  // namespace
}  // namespace domex::cli
