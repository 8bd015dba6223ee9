#include "cli/paths.h"

#include <gtest/gtest.h>

#include <set>

namespace domex::cli {
namespace {

TEST(PathsTest, DefaultStoreFollowsSystemdThenXdgThenHome) {
  struct Row {
    const char* what;
    // $STATE_DIRECTORY, $XDG_STATE_HOME, $HOME ("" unset)
    const char* state;
    const char* xdg;
    const char* home;
    const char* dir;  // nullptr: an error
  } rows[] = {
      {"systemd StateDirectory=", "/var/lib/domex", "/x", "/root",
       "/var/lib/domex"},
      {"several state directories: the first", "/var/lib/domex:/var/lib/other",
       "", "/root", "/var/lib/domex"},
      {"XDG_STATE_HOME", "", "/home/a/.state", "/home/a",
       "/home/a/.state/domex"},
      {"HOME only", "", "", "/home/a", "/home/a/.local/state/domex"},
      {"relative XDG_STATE_HOME is ignored", "", "state", "/home/a",
       "/home/a/.local/state/domex"},
      {"relative STATE_DIRECTORY is ignored", "lib", "", "/home/a",
       "/home/a/.local/state/domex"},
      {"nothing set", "", "", "", nullptr},
      {"only a relative HOME", "", "", "home", nullptr},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    Environment env;
    env.state_directory = row.state;
    env.xdg_state_home = row.xdg;
    env.home = row.home;
    Result<std::string> dir = DefaultStoreDir(env);
    if (row.dir == nullptr) {
      ASSERT_FALSE(dir.ok());
      EXPECT_EQ(dir.status().code(), Status::Code::kInvalidArgument);
      EXPECT_NE(dir.status().message().find("--db"), std::string::npos);
    } else {
      ASSERT_TRUE(dir.ok()) << dir.status().message();
      EXPECT_EQ(*dir, row.dir);
    }
  }
}

TEST(PathsTest, AGivenStoreIsUsedAsItIs) {
  Environment env;  // nothing set: the default would be an error
  Result<std::string> dir = StoreDirToRead(std::string("relative.db"), env);
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(*dir, "relative.db");
  EXPECT_FALSE(StoreDirToRead(std::nullopt, env).ok());
  // --db "" is the store's to refuse ("database path is empty").
  EXPECT_EQ(*StoreDirToRead(std::string(), env), "");
}

TEST(PathsTest, SeedsFromFlagThenEnvThenInstallThenBuildTree) {
  struct Row {
    const char* what;
    std::string flag;
    std::string env_seeds;
    std::set<std::string> dirs;  // what exists
    const char* want;            // nullptr: an error
  } rows[] = {
      {"--seeds wins",
       "/my/seeds",
       "/env/seeds",
       {"/usr/share/domex"},
       "/my/seeds"},
      {"then DOMEX_SEEDS",
       "",
       "/env/seeds",
       {"/usr/share/domex"},
       "/env/seeds"},
      {"installed: <prefix>/share/domex",
       "",
       "",
       {"/usr/bin/../share/domex", "/usr/bin/share/domex"},
       "/usr/bin/../share/domex"},
      {"build tree: share/domex beside the binary",
       "",
       "",
       {"/usr/bin/share/domex"},
       "/usr/bin/share/domex"},
      {"none", "", "", {}, nullptr},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    Environment env;
    env.domex_seeds = row.env_seeds;
    env.exe_dir = "/usr/bin";
    Result<std::string> dir = SeedsDir(
        row.flag.empty() ? std::nullopt : std::optional<std::string>(row.flag),
        env, [&row](const std::string& d) { return row.dirs.count(d) > 0; });
    if (row.want == nullptr) {
      ASSERT_FALSE(dir.ok());
      EXPECT_EQ(dir.status().message(),
                "seed tables not found (looked in /usr/bin/../share/domex, "
                "/usr/bin/share/domex): pass --seeds DIR or set DOMEX_SEEDS");
    } else {
      ASSERT_TRUE(dir.ok()) << dir.status().message();
      EXPECT_EQ(*dir, row.want);
    }
  }
}

}  // namespace
}  // namespace domex::cli
