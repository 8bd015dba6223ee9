// The man page covers every subcommand, flag and config key: the settings
// table is the source of truth, so a setting added without its line in
// docs/domex.1 fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/settings.h"

namespace domex::cli {
namespace {

std::string ManPage() {
  std::ifstream in(DOMEX_SOURCE_DIR "/docs/domex.1");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// How roff spells a flag: every '-' escaped ("\-\-max\-pages").
std::string RoffFlag(const std::string& name) {
  std::string out = "\\-\\-";
  for (char c : name) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST(ManPageTest, CoversEverySettingAsFlagAndConfigKey) {
  const std::string page = ManPage();
  ASSERT_FALSE(page.empty());
  for (const Setting& setting : AllSettings()) {
    // An option's own paragraph: ".BI \-\-delay " MS"" or, for a
    // switch, ".B \-\-ignore\-robots".
    const std::string flag = RoffFlag(setting.name);
    EXPECT_TRUE(page.find("\n.BI " + flag + " ") != std::string::npos ||
                page.find("\n.B " + flag + "\n") != std::string::npos)
        << setting.name;
    EXPECT_NE(page.find(".BR " + ConfigKey(setting)), std::string::npos)
        << ConfigKey(setting);
  }
}

TEST(ManPageTest, CoversEveryCommandFlagAndSection) {
  const std::string page = ManPage();
  for (const char* command :
       {"scan", "crawl", "lookalikes", "report", "scans", "merge", "help"}) {
    EXPECT_NE(page.find("\n.B " + std::string(command) + "\n"),
              std::string::npos)
        << command;
  }
  for (const char* flag :
       {"db", "format", "seeds", "config", "changes-only", "shard", "since",
        "version", "output", "domains-file", "fuzzers", "registered-only",
        "quiet", "verbose"}) {
    EXPECT_NE(page.find(RoffFlag(flag)), std::string::npos) << flag;
  }
  for (const char* text :
       {"[crawl]", "[dns]", "[[institution]]", ".B name", ".B sites",
        ".B domains", ".SH EXIT STATUS", "XDG_STATE_HOME", "DOMEX_SEEDS",
        "STATE_DIRECTORY"}) {
    EXPECT_NE(page.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace domex::cli
