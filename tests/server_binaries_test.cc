// The harnesses run the servers unpacked into <repo>/.servers by
// .ci/install-deps, never a system-wide nginx, NSD or unbound: the user's
// machine need not have (and must not be made to have) them installed.

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "gtest/gtest.h"
#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/testing.h"
#include "tests/unbound_server.h"

namespace domex::testing {
namespace {

constexpr char kZone[] =
    "$TTL 300\n"
    "@ IN SOA ns.test. admin.test. 1 3600 600 86400 300\n"
    "@ IN NS ns.test.\n";

// The executable of a running process, as the kernel sees it.
std::string ExeOf(int pid) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe",
                                       ec)
      .string();
}

TEST(ServerBinariesTest, HarnessesRunTheUnpackedServers) {
  TempDir tmp;
  WriteFile(tmp.Sub("site/index.html"), "<html></html>");
  struct Row {
    const char* name;
    std::function<std::string()>
        start_and_exe;  // the started server's executable
  } rows[] = {
      {"nginx",
       [&] {
         auto s = NginxServer::Start(tmp.Sub("site"));
         return s ? ExeOf(s->pid()) : std::string();
       }},
      {"nsd",
       [&] {
         auto s = NsdServer::Start({{".", kZone}});
         return s ? ExeOf(s->pid()) : std::string();
       }},
      {"unbound",
       [&] {
         auto s = UnboundServer::Start({});
         return s ? ExeOf(s->pid()) : std::string();
       }},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(row.start_and_exe(),
              std::string(DOMEX_SOURCE_DIR "/.servers/usr/sbin/") + row.name);
  }
}

}  // namespace
}  // namespace domex::testing
