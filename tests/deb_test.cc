// The Debian package as a user runs it: the installed /usr/bin/domex, its
// config at /etc/domex/scan.toml, started from / (no checkout, no build
// tree in reach), scanning a site and a DNS zone served on loopback.
// Run by tests/deb_test.sh after it installs the package; not part of the
// ctest suite (it needs the package installed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::RunCommand;

constexpr char kInstalled[] = "/usr/bin/domex";
constexpr char kConfig[] = "/etc/domex/scan.toml";

TEST(DebPackageTest, ScanFromRootWithTheInstalledConfig) {
  ASSERT_TRUE(std::filesystem::exists(kInstalled)) << "install the .deb first";
  // Never replace a config someone wrote: this test only uses an empty slot.
  ASSERT_FALSE(std::filesystem::exists(kConfig))
      << kConfig << " exists; not overwriting it";
  testing::TempDir tmp;
  testing::WriteFile(tmp.Sub("site/index.html"),
                     "<!doctype html><p><a href=\"mailto:office@"
                     "springfield.edu.in\">write</a></p>");
  auto nginx = testing::NginxServer::Start(tmp.Sub("site"));
  ASSERT_NE(nginx, nullptr);
  auto nsd = testing::NsdServer::Start(
      {{".",
        "$TTL 300\n@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 "
        "300\n@ IN NS ns.root.test.\nns.root.test. IN A 127.0.0.1\n"
        "springfeild.edu.in. IN MX 10 mx.springfeild.edu.in.\n"}});
  ASSERT_NE(nsd, nullptr);
  testing::WriteFile(kConfig,
                     "[dns]\nnameservers = [\"" + nsd->Address() +
                         "\"]\n[[institution]]\nname = \"Springfield\"\n"
                         "sites = [\"" + nginx->Url("/") + "\"]\n");
  const std::string state = tmp.Sub("state");
  // From /, with only what a cron job has: HOME and PATH.
  CommandResult scan = RunCommand(
      {"/bin/sh", "-c",
       "cd / && exec env -i HOME=" + tmp.Sub("home") + " XDG_STATE_HOME=" +
           state + " PATH=/usr/bin:/bin domex scan --config " + kConfig +
           " --format json"});
  std::filesystem::remove(kConfig);
  std::filesystem::remove("/etc/domex");  // only when empty
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  EXPECT_NE(testing::Item(scan.out, "address", "office@springfield.edu.in"),
            "")
      << scan.out;
  EXPECT_NE(testing::Item(scan.out, "domain", "springfeild.edu.in"), "");
  EXPECT_TRUE(std::filesystem::exists(state + "/domex/CURRENT"));
}

}  // namespace
}  // namespace domex
